"""How good were last year's forecasts? Forecast probabilities against what then happened."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def brier_score(probability: np.ndarray, happened: np.ndarray) -> float:
    """Mean squared distance between forecast probabilities and outcomes (0 is perfect;
    always saying 50 % scores 0.25)."""
    p = np.asarray(probability, dtype=np.float64)
    y = np.asarray(happened, dtype=np.float64)
    return float(np.mean((p - y) ** 2)) if len(p) else float("nan")


@dataclass(frozen=True)
class Reliability:
    """Forecasts grouped by probability: in each bin, the mean forecast against how often the
    event happened. A calibrated forecast lies on the diagonal."""

    edges: np.ndarray
    mean_forecast: np.ndarray
    observed: np.ndarray
    count: np.ndarray


def reliability(probability: np.ndarray, happened: np.ndarray, bins: int = 10) -> Reliability:
    """The reliability table of forecasts in `bins` equal-width probability bins."""
    p = np.asarray(probability, dtype=np.float64)
    y = np.asarray(happened, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    count = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.bincount(which, weights=p, minlength=bins) / count
        observed = np.bincount(which, weights=y, minlength=bins) / count
    return Reliability(edges, mean_p, observed, count)
