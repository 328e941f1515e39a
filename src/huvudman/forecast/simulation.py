"""Many placements of cohorts like last year's, each with a new lottery, to see where one family's
child ends up.

Everything the rule chain decides before the lottery (groups, relative proximity, distance) is
fixed per child and school, so it is computed once for last year's children and the family's
child; each simulation only draws a cohort and a lottery, ranks the applications by one packed
integer key and runs the matching (compiled for deferred acceptance) and, when the child is left
without a place, the fallback up to the child's turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from huvudman.forecast.cohort import DistrictBootstrap
from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import DistanceSource
from huvudman.placement.mechanisms.deferred_acceptance import deferred_acceptance_array
from huvudman.placement.mechanisms.registry import mechanism
from huvudman.placement.model import Instance, Ragged
from huvudman.placement.priorities import PriorityTable, compute_priorities, precedence

_NEAR = 16  # nearest schools kept per child for the fallback


@dataclass(frozen=True)
class SimulationResult:
    """The family's child in each simulation: the school (-1: none) and the choice rank that
    placed it (0: a fallback school or none)."""

    school: np.ndarray
    choice_rank: np.ndarray
    seed: int


@dataclass(frozen=True)
class CohortDraw:
    """One simulated placement of a drawn cohort (indices into the simulator's instance)."""

    children: np.ndarray  # the instance child behind each simulated child
    lottery: np.ndarray  # each simulated child's lottery position (0 = first)
    apps: np.ndarray  # the instance application behind each simulated application
    school: np.ndarray  # school of each simulated application
    offsets: np.ndarray  # simulated child i's applications: offsets[i]:offsets[i + 1]
    placed: np.ndarray  # per simulated child: its placing simulated application, or -1


class Simulator:
    """Simulated placements of last year's cohort, resampled, with families' children added.

    `instance` holds last year's children followed by `families` children of families asking
    (not drawn into the cohort). With one family, `one`/`run` place it inside every simulated
    cohort exactly; with many, `draw` gives cohorts whose cutoffs answer all of them at once.
    """

    def __init__(self, instance: Instance, config: RuleConfig, distances: DistanceSource,
                 families: int = 1) -> None:
        if not 0 <= families <= instance.n_children:
            raise ValueError("more families than children")
        table = compute_priorities(instance, config, distances, seed=0)
        self.table: PriorityTable = table
        self.config = config
        self.families = families
        self.family = instance.n_children - 1
        self.pre, self.pre_span, self.scale = precedence(table, config.distance_resolution_m)
        self.app_school = table.school
        self.app_rank_in_list = table.choice_rank
        self.offsets = table.offsets
        self.lengths = np.diff(table.offsets)
        self.capacity = np.asarray(instance.capacities, dtype=np.int64)
        self.n_schools = len(self.capacity)
        drawn = instance.n_children - families
        self.cohort = DistrictBootstrap(instance.districts(table.nearest_school)[:drawn])
        k = min(_NEAR, self.n_schools)
        self.near = distances.nearest(k)[0] if k else np.zeros((instance.n_children, 0), int)
        self.family_order = np.argsort(distances.row(self.family), kind="stable")
        self._distances = distances
        facts = mechanism(config.mechanism)
        self._mechanism = facts.run
        # top trading cycles as defined: every child's standing at every school
        self.full_pre = _full_precedence(instance, config, distances) \
            if facts.full_priorities else None

    def run(self, simulations: int, seed: int, first: int = 0) -> SimulationResult:
        """Simulations number `first` .. `first + simulations - 1` under `seed`, each placing
        the (one) family's child inside the drawn cohort.

        Simulation i draws from its own random stream (seed, i), so any split of the work over
        processes or machines gives the same numbers.
        """
        school = np.empty(simulations, dtype=np.int64)
        rank = np.empty(simulations, dtype=np.int64)
        for j in range(simulations):
            school[j], rank[j] = self.one(np.random.default_rng([seed, first + j]))
        return SimulationResult(school, rank, seed)

    def one(self, rng: np.random.Generator) -> tuple[int, int]:
        """One simulated placement: (school of the family's child or -1, its choice rank)."""
        d = self.draw(rng, with_family=True)
        mine = int(d.placed[-1])
        if mine >= 0:
            return int(d.school[mine]), int(self.app_rank_in_list[d.apps[mine]])
        if self.config.fallback != "nearest":
            return -1, 0
        return self.fallback_school(d), 0

    def draw(self, rng: np.random.Generator, with_family: bool = False) -> CohortDraw:
        """Draw a cohort (and the family's child, last) and place it."""
        children = self.cohort.draw(rng)
        if with_family:
            children = np.append(children, self.family)
        return self.place(children, rng.permutation(len(children)))

    def place(self, children: np.ndarray, lottery: np.ndarray) -> CohortDraw:
        """Place a cohort (instance children) in a lottery order (0 = first), ranking each
        school's applicants as the engine does: the chain's fixed part, then the lottery."""
        n = len(children)
        lengths = self.lengths[children]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        apps = np.repeat(self.offsets[children] - offsets[:-1], lengths) + np.arange(offsets[-1])
        school = self.app_school[apps]
        ranks = _rank_within_school(school, self.pre[apps], self.pre_span,
                                    np.repeat(lottery, lengths), n, self.n_schools)
        if self.config.mechanism == "deferred-acceptance":
            placed = deferred_acceptance_array(school, ranks, offsets, self.capacity)
        elif self.full_pre is not None:
            pre = self.full_pre[children]
            order = np.stack([np.lexsort((lottery, pre[:, s])) for s in range(self.n_schools)])
            placed = np.asarray(self._mechanism(school, ranks, offsets, self.capacity,
                                                school_order=order), dtype=np.int64)
        else:
            placed = np.asarray(self._mechanism(school, ranks, offsets, self.capacity),
                                dtype=np.int64)
        return CohortDraw(children, lottery, apps, school, offsets, placed)

    def places_left(self, d: CohortDraw) -> np.ndarray:
        """Each school's free places once every unplaced child of the drawn cohort has taken
        the nearest free school, in lottery order (the family, if drawn, left out)."""
        load = self._fallen(d, np.flatnonzero(d.placed < 0))
        return np.maximum(self.capacity - np.asarray(load, dtype=np.int64), 0)

    def _fallen(self, d: CohortDraw, unplaced: np.ndarray) -> list[int]:
        """Each school's load after the DA placement and the fallback of `unplaced` (drawn
        children without a place), in lottery order."""
        placed, lottery = d.placed, d.lottery
        load = np.bincount(d.school[placed[placed >= 0]], minlength=self.n_schools).tolist()
        cap = self.capacity.tolist()
        for i in unplaced[np.argsort(lottery[unplaced], kind="stable")].tolist():
            c = int(d.children[i])
            s = _first_free(self.near[c].tolist(), cap, load)
            if s < 0 and self.near.shape[1] < self.n_schools:
                s = _first_free(np.argsort(self._distances.row(c), kind="stable").tolist(),
                                cap, load)
            if s >= 0:
                load[s] += 1
        return load

    def fallback_school(self, d: CohortDraw) -> int:
        """The family's fallback school: children without a place take the nearest free
        school in lottery order, up to the family's turn."""
        mine = d.lottery[-1]
        load = self._fallen(d, np.flatnonzero((d.placed < 0) & (d.lottery < mine)))
        return _first_free(self.family_order.tolist(), self.capacity.tolist(), load)


def _full_precedence(instance: Instance, config: RuleConfig, distances: DistanceSource
                     ) -> np.ndarray:
    """Every child's standing before the lottery at every school, (children × schools)."""
    n, n_schools = instance.n_children, len(instance.schools)
    everyone = Ragged.every_school(n, n_schools)
    table = compute_priorities(instance.with_choices(everyone), config, distances, seed=0)
    pre, _, _ = precedence(table, config.distance_resolution_m)
    return pre.reshape(n, n_schools)


def _first_free(schools: Sequence[int], cap: list[int], load: list[int]) -> int:
    return next((s for s in schools if load[s] < cap[s]), -1)


def _rank_within_school(school: np.ndarray, pre: np.ndarray, pre_span: int,
                        lottery: np.ndarray, n: int, n_schools: int) -> np.ndarray:
    """Rank (0 = best) of each application at its school: the fixed part of the chain, then
    the lottery."""
    if float(n_schools) * pre_span * n < 2.0**62:
        order = np.argsort((school * pre_span + pre) * n + lottery)
    else:
        order = np.lexsort((lottery, pre, school))
    sorted_school = school[order]
    starts = np.searchsorted(sorted_school, sorted_school, side="left")
    rank = np.empty(len(school), dtype=np.int64)
    rank[order] = np.arange(len(school), dtype=np.int64) - starts
    return rank
