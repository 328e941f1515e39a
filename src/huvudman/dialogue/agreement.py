"""How far two (or more) coders agree on the themes of the same passages: Cohen's kappa for two
coders and Krippendorff's alpha for any number with passages left out, per code — a passage
carries a code or not — computed by well-kept libraries (scikit-learn, krippendorff).

Pure: codings in, numbers out (None where a figure cannot be computed: fewer than two
passages coded by both, or no variation at all)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

#: Codings: coder → passage → the codes the coder gave it (a passage absent: not coded).
Codings = Mapping[Hashable, Mapping[Hashable, frozenset[str]]]


@dataclass(frozen=True)
class Agreement:
    """One code's agreement over the passages coded by the coders compared."""

    code: str
    passages: int  # coded by every coder compared (kappa) / by at least two (alpha)
    kappa: float | None
    alpha: float | None


def kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' labels for the same items (None: under two items, or
    one label only)."""
    if len(first) != len(second):
        raise ValueError("the two codings must cover the same items")
    if len(first) < 2 or len({*first, *second}) < 2:
        return None
    return float(cohen_kappa_score(list(first), list(second)))


def alpha(matrix: Sequence[Sequence[float]], level: str = "nominal") -> float | None:
    """Krippendorff's alpha of a coders × items matrix (NaN: not coded)."""
    data = np.asarray(matrix, dtype=float)
    pairable = np.sum(~np.isnan(data), axis=0) >= 2
    values = data[:, pairable]
    if values.shape[1] < 1 or np.unique(values[~np.isnan(values)]).size < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def per_code(codings: Codings, codes: Sequence[str]) -> list[Agreement]:
    """Each code's agreement: kappa between the first two coders on the passages both coded,
    alpha over all coders on every passage (a passage a coder did not code is missing)."""
    coders = list(codings)
    passages = sorted({p for c in coders for p in codings[c]}, key=str)
    out = []
    for code in codes:
        matrix = [[float(code in codings[c][p]) if p in codings[c] else np.nan
                   for p in passages] for c in coders]
        both: list[Hashable] = []
        if len(coders) >= 2:
            both = [p for p in passages if p in codings[coders[0]] and p in codings[coders[1]]]
        k = kappa([code in codings[coders[0]][p] for p in both],
                  [code in codings[coders[1]][p] for p in both]) if both else None
        out.append(Agreement(code, len(both), k, alpha(matrix) if len(coders) >= 2 else None))
    return out
