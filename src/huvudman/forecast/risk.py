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
    cohort_and_family: Instance,
    config: RuleConfig,
    distances: DistanceSource,
    choices: list[int],
    simulations: int,
    seed: int,
    candidates: int = 5,
) -> list[Suggestion]:
    """The nearest schools not on the list, each tried as an added last choice, best first.

    Every try uses the same random streams as the others (common random numbers), so the
    differences come from the added school, not from chance.
    """
    family = cohort_and_family.n_children - 1
    near = [s for s in np.argsort(distances.row(family), kind="stable").tolist()
            if s not in choices][:candidates]
    base = summarise(Simulator(cohort_and_family, config, distances).run(simulations, seed),
                     choices)
    cohort = _without_last(cohort_and_family)
    me = cohort_and_family.children[family]
    out = []
    for school in near:
        longer = [*choices, school]
        names = tuple(cohort_and_family.schools[s].school_id for s in longer)
        tried = cohort.with_child(Child(me.child_id, me.lat, me.lon, names, me.siblings,
                                        me.special_reasons, me.protected, me.district, me.grade))
        chances = summarise(Simulator(tried, config, distances).run(simulations, seed), longer)
        out.append(Suggestion(school, base.none_of_listed, chances.none_of_listed,
                              chances.listed[-1].probability))
    return sorted(out, key=lambda s: (s.risk_after, s.school))


def _without_last(instance: Instance) -> Instance:
    n = instance.n_children - 1

    def cut(r):
        return type(r)(r.offsets[:n + 1], r.values[:r.offsets[n]])

    return Instance(
        schools=instance.schools, child_ids=instance.child_ids[:n],
        child_lat=instance.child_lat[:n], child_lon=instance.child_lon[:n],
        choices=cut(instance.choices), siblings=cut(instance.siblings),
        special_reasons=cut(instance.special_reasons), protected=instance.protected[:n],
        district=instance.district[:n], grade=instance.grade[:n],
    )
