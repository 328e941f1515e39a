"""For the administration: where places will run short next year, and which children risk
getting none of the schools their family lists — from simulated cohorts like last year's."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.forecast.simulation import Simulator


@dataclass(frozen=True)
class Outlook:
    """Means over simulated cohorts, per school, and each of last year's children's risk."""

    capacity: np.ndarray
    applicants: np.ndarray  # mean applications per school
    first_choice: np.ndarray  # mean first-choice applications
    admitted: np.ndarray  # mean admitted through a choice
    refused: np.ndarray  # mean applications refused
    oversubscribed: np.ndarray  # share of simulations in which the school refused anyone
    drawn: np.ndarray  # per child of last year: times drawn into a simulated cohort
    without_choice: np.ndarray  # ... and placed at none of its listed schools
    simulations: int

    @property
    def risk(self) -> np.ndarray:
        """Per child of last year: the share of its draws that ended with no listed school
        (NaN for children never drawn)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.without_choice / self.drawn

    @property
    def expected_without_choice(self) -> float:
        """Mean number of children per cohort placed at none of their listed schools."""
        return float(self.without_choice.sum() / self.simulations)


def outlook(simulator: Simulator, simulations: int, seed: int) -> Outlook:
    """Simulate `simulations` cohorts (no family added) and gather the outlook."""
    m = simulator.n_schools
    n_children = len(simulator.lengths)
    sums = np.zeros((5, m))
    drawn = np.zeros(n_children, dtype=np.int64)
    without = np.zeros(n_children, dtype=np.int64)
    for i in range(simulations):
        d = simulator.draw(np.random.default_rng([seed, i]))
        owner = np.repeat(np.arange(len(d.children)), np.diff(d.offsets))
        got = d.placed[owner]
        refused = (got < 0) | (np.arange(len(owner)) < got)
        placed = d.placed[d.placed >= 0]
        first = simulator.app_rank_in_list[d.apps] == 1
        refused_n = np.bincount(d.school[refused], minlength=m)
        sums[0] += np.bincount(d.school, minlength=m)
        sums[1] += np.bincount(d.school[first], minlength=m)
        sums[2] += np.bincount(d.school[placed], minlength=m)
        sums[3] += refused_n
        sums[4] += refused_n > 0
        chose = np.diff(d.offsets) > 0
        np.add.at(drawn, d.children[chose], 1)
        np.add.at(without, d.children[chose & (d.placed < 0)], 1)
    mean = sums / max(simulations, 1)
    return Outlook(simulator.capacity.copy(), *mean, drawn, without, simulations)
