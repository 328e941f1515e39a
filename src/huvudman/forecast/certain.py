"""The worst case a family can count on: the first school on its list where its child cannot be
refused, whatever the other families choose and however the lottery falls.

Under deferred acceptance a school refuses a child only when it fills with children who rank
above it; so where fewer children could rank above the child than the school has places, the
child gets that school or one it ranked higher. "Could rank above" counts every child of last
year's cohort as if all of them applied there, ties going against the family (the lottery might).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import DistanceSource
from huvudman.placement.mechanisms.registry import mechanism
from huvudman.placement.model import Instance, Ragged
from huvudman.placement.priorities import compute_priorities, precedence, standing_codes


@dataclass(frozen=True)
class Certainty:
    """A school the child is sure of (or better), and why."""

    school: int
    choice_rank: int
    by: str  # "guarantee" (the rule admits the child) or "count" (too few could outrank it)
    could_outrank: int  # children of last year's cohort who could rank above the child there
    capacity: int


def certain_school(
    instance: Instance, config: RuleConfig, distances: DistanceSource, choices: list[int]
) -> Certainty | None:
    """The first listed school the family's child (the instance's last) is sure of, if any.

    Only deferred acceptance gives such a promise; for other mechanisms this returns None.
    """
    if not mechanism(config.mechanism).promises_certain_school:
        return None
    family = instance.n_children - 1
    capacity = instance.capacities
    for rank, school in enumerate(choices, start=1):
        one_choice = Ragged(np.arange(instance.n_children + 1, dtype=np.int64),
                            np.full(instance.n_children, school, dtype=np.int64))
        table = compute_priorities(instance.with_choices(one_choice), config, distances, 0)
        if "guarantee" in config.chain and int(table.guarantee[family]) == school:
            return Certainty(school, rank, "guarantee", 0, capacity[school])
        pre, _, _ = precedence(table, config.distance_resolution_m)
        could = int((pre <= pre[family]).sum()) - 1  # one application per child: not itself
        if could < capacity[school]:
            return Certainty(school, rank, "count", could, capacity[school])
    return None


def _at_most(cohort: np.ndarray, family: np.ndarray) -> np.ndarray:
    """Which cohort standings (rules × children) are at least as strong as the family's
    (rules), compared rule by rule in chain order."""
    stronger = np.zeros(cohort.shape[1], dtype=bool)
    tied = np.ones(cohort.shape[1], dtype=bool)
    for rule in range(cohort.shape[0]):
        stronger |= tied & (cohort[rule] < family[rule])
        tied &= cohort[rule] == family[rule]
    return stronger | tied


class CertainSchools:
    """`certain_school` for any family against one cohort in a millisecond: every cohort
    child's standing at every school is computed once, as if all of them applied there."""

    def __init__(self, cohort: Instance, config: RuleConfig, distances: DistanceSource) -> None:
        if "guarantee" in config.chain:
            raise ValueError("the guarantee rule depends on the whole cohort: use "
                             "certain_school with the family inside it")
        self.config = config
        self.capacity = cohort.capacities
        self.promises = mechanism(config.mechanism).promises_certain_school
        n, m = cohort.n_children, len(cohort.schools)
        if not self.promises:
            self.codes = np.zeros((0, n, m), dtype=np.int64)
            return
        everyone = Ragged.every_school(n, m)
        table = compute_priorities(cohort.with_choices(everyone), config, distances, seed=0)
        codes = standing_codes(table, config.distance_resolution_m)
        self.codes = codes.reshape(codes.shape[0], n, m)

    def first(self, family: Instance, distances: DistanceSource) -> Certainty | None:
        """The first school on the list of `family` (an instance of the family's one child
        with the cohort's schools; `distances` from its home) that the child is sure of."""
        if not self.promises:
            return None
        table = compute_priorities(family, self.config, distances, seed=0)
        mine = standing_codes(table, self.config.distance_resolution_m)
        for pair, school in enumerate(table.school.tolist()):
            could = int(_at_most(self.codes[:, :, school], mine[:, pair]).sum())
            if could < self.capacity[school]:
                return Certainty(school, pair + 1, "count", could, self.capacity[school])
        return None
