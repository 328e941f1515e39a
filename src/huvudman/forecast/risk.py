"""The risk warning: when the chance of none of the listed schools is high, which schools added
at the end of the list would lower it (as Chile's admission system tells its families)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.forecast.chances import summarise
from huvudman.forecast.simulation import Simulator
from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import DistanceSource
from huvudman.placement.model import Child, Instance

HIGH_RISK = 0.2  # warn when the chance of none of the listed schools is above this


@dataclass(frozen=True)
class Suggestion:
    """A school that, added last, changes the chance of getting none of the listed schools."""

    school: int
    risk_before: float
    risk_after: float
    chance_there: float


def suggest_schools(
    cohort: Instance,
    family: Child,
    config: RuleConfig,
    distances: DistanceSource,
    simulations: int,
    seed: int,
    candidates: int = 5,
) -> list[Suggestion]:
    """The nearest schools not on the family's list, each tried as an added last choice, best
    first. `distances` measures the cohort's children and then the family's child.

    Every try uses the same random streams as the others (common random numbers), so the
    differences come from the added school, not from chance.
    """
    full = cohort.with_child(family)
    choices = [full.school_index[s] for s in family.choices]
    near = [s for s in np.argsort(distances.row(full.n_children - 1), kind="stable").tolist()
            if s not in choices][:candidates]
    base = summarise(Simulator(full, config, distances).run(simulations, seed), choices)
    out = []
    for school in near:
        longer = [*choices, school]
        names = tuple(full.schools[s].school_id for s in longer)
        tried = cohort.with_child(family._replace(choices=names))
        chances = summarise(Simulator(tried, config, distances).run(simulations, seed), longer)
        out.append(Suggestion(school, base.none_of_listed, chances.none_of_listed,
                              chances.listed[-1].probability))
    return sorted(out, key=lambda s: (s.risk_after, s.school))
