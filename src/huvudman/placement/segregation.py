"""How mixed each school's intake is across districts.

Theil's multigroup entropy index H (0: every school mirrors the municipality's district mix,
1: every school takes children from one district only), and per school the entropy of its
intake relative to the municipality's.
"""

from __future__ import annotations

import numpy as np


def _entropy(shares: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(shares > 0, -shares * np.log(shares), 0.0)
    return terms.sum(axis=-1)


def theil_h(counts: np.ndarray) -> float:
    """Theil's H for a schools × groups table of counts (NaN when it is undefined)."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    if total == 0:
        return float("nan")
    overall = _entropy(counts.sum(axis=0) / total)
    if overall == 0:
        return 0.0
    per_school = counts.sum(axis=1)
    keep = per_school > 0
    shares = counts[keep] / per_school[keep, None]
    e_j = _entropy(shares)
    return float(np.sum(per_school[keep] * (overall - e_j)) / (total * overall))


def school_mix(counts: np.ndarray) -> np.ndarray:
    """Per school, its intake's entropy over the municipality's (1: as mixed as the whole)."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    overall = _entropy(counts.sum(axis=0) / total) if total else 0.0
    per_school = counts.sum(axis=1)
    out = np.full(len(counts), np.nan)
    keep = per_school > 0
    if overall > 0:
        out[keep] = _entropy(counts[keep] / per_school[keep, None]) / overall
    return out
