"""What a family reads beside the list it is building: for each school its own chance (as a
band and a number), where the child most likely ends up, the chance of any listed school, the
school it is sure of, where "none of these" leads, and — when that risk is high — the schools
that, added last, lower it most. Answered in milliseconds from a cohort simulated once
(forecast.instant): every question uses the same simulated cohorts and lottery numbers, so two
lists differ only by what the family changed (common random numbers)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.forecast.bands import band
from huvudman.forecast.certain import CertainSchools, Certainty, certain_school
from huvudman.forecast.instant import InstantChances
from huvudman.forecast.many import family_clears
from huvudman.forecast.risk import HIGH_RISK, suggest_schools
from huvudman.forecast.simulation import Simulator
from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import DistanceSource
from huvudman.placement.model import Child, Instance

#: Schools nearest home tried as an added last choice when the risk is high.
CANDIDATES = 6
#: Suggestions shown.
SUGGESTED = 3


@dataclass(frozen=True)
class SchoolOutlook:
    """One listed school: its own chance, in a band, and the chance of ending up there."""

    school: int
    own: float  # clears the school's line when the list reaches it
    band: str
    ends_here: float  # given the schools above it on the list


@dataclass(frozen=True)
class Added:
    """A school that, added at the end of the list, lowers the risk of none of them."""

    school: int
    risk_after: float
    own: float


@dataclass(frozen=True)
class ListAdvice:
    """Everything the portal says about one list."""

    schools: list[SchoolOutlook]
    any_listed: float  # the chance of one of the listed schools
    likely: int  # the school the child most likely ends up at (-1: no place)
    likely_chance: float
    certain: Certainty | None  # a listed school the child is sure of (or better)
    fallback: int  # where "none of these" most likely leads (-1: unknown)
    fallback_metres: float
    suggestions: list[Added]
    simulations: int

    @property
    def risk(self) -> float:
        """The chance of none of the listed schools."""
        return 1.0 - self.any_listed

    @property
    def warn(self) -> bool:
        """Whether the risk of none of the listed schools is high."""
        return self.risk > HIGH_RISK

    @property
    def any_band(self) -> str:
        """The band of the chance of one of the listed schools (as shown, whole percent)."""
        return band(round(self.any_listed, 2))


def advise(instant: InstantChances, certain: CertainSchools | None, family: Child,
           distances: DistanceSource) -> ListAdvice:
    """The advice for `family`'s list; `distances` measures from its home to every school
    (an instance of the family's one child with the cohort's schools)."""
    schools, clears = _clears(instant, family, distances)
    got = np.where(clears.any(axis=1), np.argmax(clears, axis=1), -1)
    sims = len(got)
    outlooks = [_outlook(int(s), float(clears[:, k].mean()), float(np.mean(got == k)))
                for k, s in enumerate(schools.tolist())]
    order = np.argsort(distances.row(0), kind="stable")
    falls = _fallbacks(instant, order[~np.isin(order, schools)])  # "none of these": off the list
    ended = np.where(got >= 0, schools[np.maximum(got, 0)], falls)
    likely, likely_share = _mode(ended)
    fallback, _share = _mode(falls)
    risk = float(np.mean(got < 0))
    one = Instance.build(instant.cohort.schools, [family])
    return ListAdvice(
        outlooks, 1.0 - risk, likely, likely_share,
        certain.first(one, distances) if certain is not None else None,
        fallback, float(distances.row(0)[fallback]) if fallback >= 0 else 0.0,
        _suggest(instant, family, distances, order, risk) if risk > HIGH_RISK else [], sims)


def _clears(instant: InstantChances, family: Child, distances: DistanceSource
            ) -> tuple[np.ndarray, np.ndarray]:
    """The family's listed schools, and per simulation and listed school whether the child
    clears that school's line."""
    schools, pre = instant.standing(family, distances)
    return schools, family_clears(instant.cutoffs, schools[None, :], pre[None, :])[:, 0, :]


def _outlook(school: int, own: float, ends_here: float) -> SchoolOutlook:
    """A listed school's outlook, its band read from the whole percentage shown beside it (so
    "90 %" never reads "likely")."""
    return SchoolOutlook(school, own, band(round(own, 2)), ends_here)


def _fallbacks(instant: InstantChances, order: np.ndarray) -> np.ndarray:
    """Per simulation, the nearest school with a place left after the cohort's own fallback
    (the worst turn the family could have), or -1 (no fallback, or every school full)."""
    left = instant.cutoffs.left
    if left is None:
        return np.full(len(instant.cutoffs.full), -1, dtype=np.int64)
    free = left[:, order] > 0
    return np.where(free.any(axis=1), order[np.argmax(free, axis=1)], -1)


def _mode(values: np.ndarray) -> tuple[int, float]:
    """The most common value (smallest on a tie) and its share."""
    found, counts = np.unique(values, return_counts=True)
    k = int(np.argmax(counts))
    return int(found[k]), float(counts[k] / len(values))


def _suggest(instant: InstantChances, family: Child, distances: DistanceSource,
             order: np.ndarray, risk: float) -> list[Added]:
    """The nearest unlisted schools, each tried as an added last choice, best first: those
    that lower `risk`, the list's chance of none of its schools."""
    listed = set(family.choices)
    ids = [instant.cohort.schools[s].school_id for s in order.tolist()]
    tried = []
    for school_id in [s for s in ids if s not in listed][:CANDIDATES]:
        longer = family._replace(choices=(*family.choices, school_id))
        schools, clears = _clears(instant, longer, distances)
        tried.append(Added(int(schools[-1]), float(np.mean(~clears.any(axis=1))),
                           float(clears[:, -1].mean())))
    return sorted((a for a in tried if a.risk_after < risk),
                  key=lambda a: a.risk_after)[:SUGGESTED]


def advise_by_simulation(cohort: Instance, config: RuleConfig, family: Child,
                         distances: DistanceSource, simulations: int, seed: int = 1
                         ) -> ListAdvice:
    """The same advice where the rule chain depends on the whole cohort (the guarantee rule):
    the family simulated inside it, once for its list and once for each school alone (its own
    chance), with the same random streams; `distances` measures the cohort and then the
    family's child. Seconds rather than milliseconds."""
    full = cohort.with_child(family)
    choices = [full.school_index[s] for s in family.choices]
    result = Simulator(full, config, distances).run(simulations, seed)
    outlooks = []
    for k, school in enumerate(choices):
        alone = cohort.with_child(family._replace(choices=(family.choices[k],)))
        own = float(np.mean(Simulator(alone, config, distances).run(simulations, seed)
                            .choice_rank == 1))
        outlooks.append(_outlook(school, own, float(np.mean(result.choice_rank == k + 1))))
    likely, likely_share = _mode(result.school)
    fell = result.school[result.choice_rank == 0]
    fallback, _share = _mode(fell) if len(fell) else (-1, 0.0)
    row = distances.row(full.n_children - 1)
    risk = float(np.mean(result.choice_rank == 0))
    suggestions = [Added(s.school, s.risk_after, s.chance_there) for s in
                   suggest_schools(cohort, family, config, distances, simulations, seed)
                   if s.risk_after < s.risk_before][:SUGGESTED] if risk > HIGH_RISK else []
    return ListAdvice(outlooks, 1.0 - risk, likely, likely_share,
                      certain_school(full, config, distances, choices), fallback,
                      float(row[fallback]) if fallback >= 0 else 0.0, suggestions, simulations)
