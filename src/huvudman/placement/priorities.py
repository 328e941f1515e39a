"""The rule chain turned into priorities: every (child, chosen school) pair gets a sort key.

For each rule of the chain a component is computed where smaller is better (a child in a
priority group gets 0, others 1; relative proximity is negated so larger wins). Pairs are then
ranked within each school by the components in chain order; the lottery is always last, so the
ranking is strict. Relative proximity and distances are rounded to the configured resolution
(1 m by default) before comparison, so the numbers a guardian reads are the numbers that decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from huvudman.placement.config import GROUP_RULES, RuleConfig
from huvudman.placement.distance import DistanceSource
from huvudman.placement.guarantee import guarantee_schools
from huvudman.placement.lottery import lottery_numbers
from huvudman.placement.model import Instance, Ragged


class MissingPriority(ValueError):
    """An explicit priority list lacks a child who applied to the school."""

    def __init__(self, school_id: str, child_id: str) -> None:
        super().__init__(
            f"child {child_id} applied to school {school_id} but has no rank in its priority list"
        )
        self.school_id = school_id
        self.child_id = child_id


@dataclass(frozen=True)
class PriorityTable:
    """All applications (child, school, choice rank) with the values each rule compared.

    Arrays are indexed by application ("pair"); a child's pairs are contiguous, in choice order,
    from `offsets[c]` to `offsets[c + 1]`.
    """

    rules: tuple[str, ...]
    child: np.ndarray
    school: np.ndarray
    choice_rank: np.ndarray
    offsets: np.ndarray
    components: tuple[np.ndarray, ...]
    distance_m: np.ndarray
    proximity_m: np.ndarray
    lottery: np.ndarray
    explicit_rank: np.ndarray
    rank: np.ndarray
    nearest_school: np.ndarray
    nearest_m: np.ndarray
    guarantee: np.ndarray
    lottery_child: np.ndarray
    group: np.ndarray  # per application: index in `rules` of its first priority group, or -1

    @property
    def size(self) -> int:
        """Number of applications."""
        return len(self.child)

    def group_rule(self, pair: int) -> str | None:
        """The first priority group of the chain this application belongs to, if any."""
        g = int(self.group[pair])
        return self.rules[g] if g >= 0 else None


def _pairs(instance: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    offsets = instance.choices.offsets
    child = instance.choices.owner
    rank = np.arange(len(child), dtype=np.int64) - offsets[child] + 1
    return child, instance.choices.values, rank, offsets


def _membership(
    instance: Instance, child: np.ndarray, school: np.ndarray, lists: Ragged
) -> np.ndarray:
    """True where the application's school is in the child's list (siblings, special reasons)."""
    member = np.zeros(len(child), dtype=bool)
    if len(lists.values) == 0:
        return member
    m = len(instance.schools)
    asked = np.flatnonzero(lists.lengths[child] > 0)  # only children with a list can match
    member[asked] = np.isin(child[asked] * m + school[asked], lists.owner * m + lists.values)
    return member


def _integer_codes(
    name: str, component: np.ndarray, resolution: float, child: np.ndarray,
    lottery_child: np.ndarray,
) -> np.ndarray:
    """A rule's component as non-negative integers in the same order, ties kept, so that the
    whole chain packs into one sort key (distances are multiples of the resolution already)."""
    if name == "lottery":
        position = np.empty(len(lottery_child), dtype=np.int64)
        position[np.argsort(lottery_child, kind="stable")] = np.arange(len(lottery_child))
        return position[child]
    component = _raw_codes(component, resolution)
    return component - component.min()


@dataclass(frozen=True)
class PrecedenceScale:
    """How `precedence` turned each rule into integers for one cohort: the smallest value and
    how many values, so another child's standing can be put on the same scale."""

    offsets: tuple[int, ...]
    widths: tuple[int, ...]


def precedence(table: PriorityTable, resolution: float, scale: PrecedenceScale | None = None
               ) -> tuple[np.ndarray, int, PrecedenceScale]:
    """Every application's standing by all rules before the lottery, as one integer (smaller
    is stronger; equal means only the lottery separates them), how many values it spans, and
    the scale used.

    What a simulation of many lotteries needs: the rest of the chain is fixed per application.
    With `scale` (from a cohort), values are put on that cohort's scale; a value beyond the
    cohort's range counts as its strongest or weakest value.
    """
    code = np.zeros(table.size, dtype=np.int64)
    span = 1
    offsets, widths = [], []
    k = 0
    for name, comp in zip(table.rules, table.components, strict=True):
        if name == "lottery":
            continue
        raw = _raw_codes(comp, resolution)
        if scale is None:
            offset = int(raw.min()) if len(raw) else 0
            width = int(raw.max()) - offset + 1 if len(raw) else 1
        else:
            offset, width = scale.offsets[k], scale.widths[k]
        part = np.clip(raw - offset, 0, width - 1)
        if float(span) * width >= 2.0**40:
            raise OverflowError("the rule chain has too many distinct values to pack")
        code = code * width + part
        span *= width
        offsets.append(offset)
        widths.append(width)
        k += 1
    return code, span, PrecedenceScale(tuple(offsets), tuple(widths))


def standing_codes(table: PriorityTable, resolution: float) -> np.ndarray:
    """Every application's standing by each rule before the lottery, as integers (rules ×
    applications; smaller is stronger): two standings compare rule by rule, like words in a
    dictionary, whatever other children are in the table (unlike `precedence`'s packed key)."""
    rows = [_raw_codes(comp, resolution) for name, comp in zip(table.rules, table.components,
                                                                strict=True) if name != "lottery"]
    return np.stack(rows) if rows else np.zeros((0, table.size), dtype=np.int64)


def _raw_codes(component: np.ndarray, resolution: float) -> np.ndarray:
    """A rule's component as integers in the same order (distances in resolution units)."""
    if component.dtype.kind == "f":
        component = np.rint(component / resolution)
    return component.astype(np.int64, copy=False)


def _rank_within_school(school: np.ndarray, codes: list[np.ndarray]) -> np.ndarray:
    """Each application's rank at its school (0 = best) by the codes in chain order (the last
    code, the lottery's, differs for every child, so no two applications at a school tie)."""
    spans = [int(school.max()) + 1, *(int(c.max()) + 1 for c in codes)]
    if np.prod(np.asarray(spans, dtype=np.float64)) < 2.0**62:
        packed = school.astype(np.int64)
        for code, span in zip(codes, spans[1:], strict=True):
            packed = packed * span + code
        # the lottery ends every chain, so no two applications at a school share a key and
        # the faster unstable sort gives the one possible order
        order = np.argsort(packed)
    else:
        order = np.lexsort([*reversed(codes), school])
    per_school = np.bincount(school)
    starts = (np.cumsum(per_school) - per_school)[school[order]]
    rank = np.empty(len(school), dtype=np.int64)
    rank[order] = np.arange(len(school), dtype=np.int64) - starts
    return rank


def compute_priorities(
    instance: Instance,
    config: RuleConfig,
    distances: DistanceSource,
    seed: int,
    explicit: Mapping[tuple[int, int], int] | None = None,
) -> PriorityTable:
    """Rank every application at its school by the rule chain (or by explicit priorities).

    `explicit` maps (school index, child index) to a rank (1 = highest); when given, it replaces
    the rule chain and ties are broken by the lottery.
    """
    child, school, choice_rank, offsets = _pairs(instance)
    n_children = instance.n_children
    res = config.distance_resolution_m
    dist = distances.pairs(child, school) if len(child) else np.zeros(0)
    dist_r = np.round(dist / res) * res
    k = min(2, len(instance.schools))
    if n_children and k:
        near_idx, near_d = distances.nearest(k)
    else:
        near_idx = np.zeros((n_children, max(k, 1)), dtype=np.int64)
        near_d = np.zeros((n_children, max(k, 1)))
    nearest_school = near_idx[:, 0].copy()
    nearest_m = near_d[:, 0].copy()
    lottery_child = lottery_numbers(seed, instance.child_ids)
    lottery = lottery_child[child] if len(child) else np.zeros(0, dtype=np.uint64)
    guarantee = np.full(n_children, -1, dtype=np.int64)
    if "guarantee" in config.chain and explicit is None:
        guarantee = guarantee_schools(
            distances, instance.capacities, config.proximity.guarantee_candidates
        )
    proximity = _relative_proximity(config, distances, child, school, dist, near_idx, near_d,
                                    guarantee)
    proximity_r = np.round(proximity / res) * res
    explicit_rank = np.zeros(len(child), dtype=np.int64)

    if explicit is not None:
        for p, (c, s) in enumerate(zip(child.tolist(), school.tolist(), strict=True)):
            r = explicit.get((s, c))
            if r is None:
                raise MissingPriority(instance.schools[s].school_id, instance.child_ids[c])
            explicit_rank[p] = r
        rules: tuple[str, ...] = ("explicit", "lottery")
        components: list[np.ndarray] = [explicit_rank, lottery]
    else:
        rules = config.chain
        components = [
            _component(name, instance, config, child, school, dist_r, proximity_r, lottery,
                       near_idx, near_d, guarantee)
            for name in rules
        ]
    if len(child):
        codes = [_integer_codes(name, comp, res, child, lottery_child)
                 for name, comp in zip(rules, components, strict=True)]
        rank = _rank_within_school(school, codes)
    else:
        rank = np.zeros(0, np.int64)
    group = np.full(len(child), -1, dtype=np.int64)
    for j in reversed(range(len(rules))):
        if rules[j] in GROUP_RULES:
            group[components[j] == 0] = j
    return PriorityTable(
        rules=rules,
        child=child,
        school=school,
        choice_rank=choice_rank,
        offsets=offsets,
        components=tuple(components),
        distance_m=dist,
        proximity_m=proximity_r,
        lottery=lottery,
        explicit_rank=explicit_rank,
        rank=rank,
        nearest_school=nearest_school,
        nearest_m=nearest_m,
        guarantee=guarantee,
        lottery_child=lottery_child,
        group=group,
    )


def _relative_proximity(
    config: RuleConfig,
    distances: DistanceSource,
    child: np.ndarray,
    school: np.ndarray,
    dist: np.ndarray,
    near_idx: np.ndarray,
    near_d: np.ndarray,
    guarantee: np.ndarray,
) -> np.ndarray:
    """distance(alternative school) − distance(this school); larger wins (DESIGN.md, rule 3)."""
    if len(child) == 0:
        return np.zeros(0)
    nearest = near_idx[child, 0]
    alt_d = near_d[child, 0].copy()
    if near_idx.shape[1] > 1:
        is_nearest = school == nearest
        alt_d[is_nearest] = near_d[child[is_nearest], 1]
    else:
        alt_d[:] = dist  # one school only: no alternative, proximity 0
    if config.proximity.alternative == "guarantee":
        g = guarantee[child]
        has = g >= 0
        alt_d[has] = distances.pairs(child[has], g[has])
    return alt_d - dist


def _component(
    name: str,
    instance: Instance,
    config: RuleConfig,
    child: np.ndarray,
    school: np.ndarray,
    dist_r: np.ndarray,
    proximity_r: np.ndarray,
    lottery: np.ndarray,
    near_idx: np.ndarray,
    near_d: np.ndarray,
    guarantee: np.ndarray,
) -> np.ndarray:
    """One rule's sort component: smaller is better."""
    if name == "lottery":
        return lottery
    if name == "proximity":
        return -proximity_r
    if name == "distance":
        return dist_r
    if name == "special_reasons":
        member = _membership(instance, child, school, instance.special_reasons)
    elif name == "protected":
        member = instance.protected[child]
    elif name == "sibling":
        member = _membership(instance, child, school, instance.siblings)
        rule = config.sibling
        if rule.grades:
            allowed = set(rule.grades)
            ok = np.fromiter(((g or config.grade) in allowed for g in instance.grade), dtype=bool,
                             count=instance.n_children)
            member &= ok[child]
        if rule.max_distance_m > 0:
            member &= dist_r <= rule.max_distance_m
    elif name == "only_school_near_home":
        radius = config.near_home.radius_m
        first_in = near_d[:, 0] <= radius
        second_out = near_d[:, 1] > radius if near_d.shape[1] > 1 else np.ones_like(first_in)
        only_one = first_in & second_out
        member = only_one[child] & (school == near_idx[child, 0])
    elif name == "guarantee":
        member = guarantee[child] == school
    else:  # pragma: no cover - validated in config
        raise ValueError(f"unknown rule {name}")
    return np.where(member, 0, 1).astype(np.int64)


def school_orders(
    instance: Instance,
    config: RuleConfig,
    distances: DistanceSource,
    seed: int,
    explicit: Mapping[tuple[int, int], int] | None = None,
) -> np.ndarray:
    """Every child in priority order at every school, best first: an (schools × children)
    array of child indices.

    Top trading cycles as Abdulkadiroğlu & Sönmez (2003) define it lets each school point to
    its highest-priority remaining child whether or not that child applied there, so it needs
    priorities for every child everywhere: the rule chain gives them; explicit priorities rank
    the children they name first and the others after them, by the lottery.
    """
    n, n_schools = instance.n_children, len(instance.schools)
    everyone = Ragged.every_school(n, n_schools)
    if explicit is not None:
        unnamed = max(explicit.values(), default=0) + 1
        explicit = {(s, c): explicit.get((s, c), unnamed)
                    for s in range(n_schools) for c in range(n)}
    table = compute_priorities(instance.with_choices(everyone), config, distances, seed,
                               explicit)
    order = np.lexsort((table.rank, table.school))
    return table.child[order].reshape(n_schools, n)
