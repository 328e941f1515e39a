"""From simulated outcomes to chances a family can read: a probability per school with a 95 %
interval, the chance of none of the listed schools, and where fallbacks went."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from huvudman.forecast.simulation import SimulationResult

Z95 = 1.959963984540054


def wilson_interval(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion: honest near 0 and 1, where most of a
    family's chances lie (a plain ± interval would cross 0 or 1)."""
    if n <= 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if hits == 0 else max(0.0, centre - half)
    high = 1.0 if hits == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class SchoolChance:
    """The chance of ending up at one school, and how."""

    school: int  # index in the instance's schools
    how: str  # "choice" (with its rank) or "fallback"
    choice_rank: int  # 1.. for a listed school, 0 for a fallback school
    hits: int
    simulations: int

    @property
    def probability(self) -> float:
        """Share of simulations ending here."""
        return self.hits / self.simulations if self.simulations else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """95 % Wilson interval of the probability."""
        return wilson_interval(self.hits, self.simulations)


@dataclass(frozen=True)
class Chances:
    """Everything the forecast says about one family's list."""

    listed: list[SchoolChance]  # every listed school, in the family's order
    fallback: list[SchoolChance]  # fallback schools seen, most likely first
    unplaced: SchoolChance  # school -1: no place at all
    simulations: int

    @property
    def none_of_listed(self) -> float:
        """The chance of getting none of the listed schools."""
        return 1.0 - sum(c.probability for c in self.listed)

    @property
    def none_of_listed_interval(self) -> tuple[float, float]:
        """95 % interval of that chance."""
        hits = self.simulations - sum(c.hits for c in self.listed)
        return wilson_interval(hits, self.simulations)


def summarise(result: SimulationResult, choices: list[int]) -> Chances:
    """Chances from the family's outcome in every simulation."""
    n = len(result.school)
    ranks = Counter(result.choice_rank.tolist())
    listed = [SchoolChance(s, "choice", r, ranks.get(r, 0), n)
              for r, s in enumerate(choices, start=1)]
    fell = Counter(s for s, r in zip(result.school.tolist(), result.choice_rank.tolist(),
                                     strict=True) if r == 0 and s >= 0)
    fallback = [SchoolChance(s, "fallback", 0, k, n)
                for s, k in sorted(fell.items(), key=lambda item: (-item[1], item[0]))]
    unplaced = SchoolChance(-1, "none", 0, int((result.school < 0).sum()), n)
    return Chances(listed, fallback, unplaced, n)
