"""One placement run: priorities → mechanism → fallback → outcomes, cutoffs, statistics, audit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from huvudman.placement.audit import AuditReport, audit_placement
from huvudman.placement.barriers import Sides
from huvudman.placement.config import CONTRACT_RULE, RuleConfig
from huvudman.placement.cutoffs import SchoolCutoff, school_cutoffs
from huvudman.placement.distance import DistanceSource
from huvudman.placement.fallback import nearest_free_school
from huvudman.placement.mechanisms.registry import mechanism as mechanism_facts
from huvudman.placement.model import Instance
from huvudman.placement.outcome import (
    ACROSS_BARRIER,
    CHOICES_FULL,
    NO_CHOICES,
    NO_FALLBACK,
    NO_FREE_SEAT,
    Outcomes,
    deciding_rule_index,
)
from huvudman.placement.priorities import PriorityTable, compute_priorities, school_orders
from huvudman.placement.statistics import placement_statistics

#: Called with the name of each step as it starts, for progress display.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PlacementResult:
    """Everything a run decided and everything needed to explain it."""

    instance: Instance
    config: RuleConfig
    seed: int
    distance_kind: str
    priorities: PriorityTable
    outcomes: Outcomes
    cutoffs: list[SchoolCutoff]
    statistics: dict[str, Any]
    audit: AuditReport
    distances: DistanceSource  # how far each home is from each school, as the run measured
    sides: Sides | None = None  # which side of the barriers each home and school is on


def place(
    instance: Instance,
    config: RuleConfig,
    distances: DistanceSource,
    seed: int,
    explicit: Mapping[tuple[int, int], int] | None = None,
    progress: Progress | None = None,
    sides: Sides | None = None,
) -> PlacementResult:
    """Place every child of `instance` under `config`; deterministic for the same inputs.

    `sides` (which side of the municipality's barriers each home and school is on) keeps
    fallback placements on the child's own side unless the family chose a school across.
    """
    step = progress or (lambda _name: None)
    step("priorities")
    table = compute_priorities(instance, config, distances, seed, explicit)
    step("matching")
    facts = mechanism_facts(config.mechanism)
    if facts.full_priorities:
        order = school_orders(instance, config, distances, seed, explicit)
        placed = facts.run(table.school, table.rank, table.offsets, instance.capacities,
                           school_order=order)
    else:
        placed = facts.run(table.school, table.rank, table.offsets, instance.capacities)
    placed = np.asarray(placed, dtype=np.int64)
    step("fallback")
    outcomes = _outcomes(instance, config, distances, table, placed, sides)
    step("cutoffs")
    cutoffs = school_cutoffs(instance, table, outcomes, distances.kind)
    step("statistics")
    chose = instance.choices.lengths > 0
    districts = instance.districts(table.nearest_school)
    statistics = placement_statistics(
        outcomes, chose, districts, [s.school_id for s in instance.schools], instance.protected
    )
    step("audit")
    audit = audit_placement(instance, table, outcomes, distances, config.mechanism, sides,
                            config.guaranteed_distance, config.grade)
    return PlacementResult(
        instance=instance,
        config=config,
        seed=seed,
        distance_kind=distances.kind,
        priorities=table,
        outcomes=outcomes,
        cutoffs=cutoffs,
        statistics=statistics,
        audit=audit,
        distances=distances,
        sides=sides,
    )


def _outcomes(
    instance: Instance,
    config: RuleConfig,
    distances: DistanceSource,
    table: PriorityTable,
    placed: np.ndarray,
    sides: Sides | None,
) -> Outcomes:
    decided = deciding_rule_index(table, placed, len(instance.schools))
    load = np.bincount(table.school[placed[placed >= 0]], minlength=len(instance.schools)).tolist()
    without = np.flatnonzero(placed < 0).tolist()
    fallback: dict[int, int] = {}
    if config.fallback == "nearest":
        may_cross = sides.may_cross(instance) if sides is not None else None
        fallback = nearest_free_school(
            without, table.lottery_child, distances, instance.capacities, load, sides,
            may_cross
        )
    n = len(placed)
    school = np.full(n, -1, dtype=np.int64)
    choice_rank = np.zeros(n, dtype=np.int64)
    dist = np.full(n, np.nan)
    got = placed >= 0
    school[got] = table.school[placed[got]]
    choice_rank[got] = table.choice_rank[placed[got]]
    dist[got] = table.distance_m[placed[got]]
    names = (*table.rules, "")
    decided_arr = np.array(names, dtype=object)[decided]
    rule = np.array([CONTRACT_RULE.get(d, "") for d in names], dtype=object)[decided]
    reason = np.full(n, "", dtype=object)
    if len(without):
        idx = np.asarray(without, dtype=np.int64)
        chose = instance.choices.lengths[idx] > 0
        reason[idx] = np.where(chose, CHOICES_FULL, NO_CHOICES)
        fb_children = np.fromiter(fallback.keys(), dtype=np.int64, count=len(fallback))
        fb_schools = np.fromiter(fallback.values(), dtype=np.int64, count=len(fallback))
        school[fb_children] = fb_schools
        dist[fb_children] = distances.pairs(fb_children, fb_schools)
        rule[fb_children] = "fallback"
        decided_arr[fb_children] = "fallback"
        left = idx[school[idx] < 0]
        no_place = NO_FALLBACK if config.fallback == "none" else NO_FREE_SEAT
        reason[left] = [f"{r};{no_place}" for r in reason[left]]
        if sides is not None and len(fb_children):
            across = sides.child[fb_children] != sides.school[fb_schools]
            crossed = fb_children[across & ~may_cross[fb_children]]
            reason[crossed] = [f"{r};{ACROSS_BARRIER}" for r in reason[crossed]]
    return Outcomes(school, placed.astype(np.int64), choice_rank, rule, decided_arr, dist, reason)
