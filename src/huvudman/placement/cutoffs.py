"""Per-school cutoffs: the weakest priority admitted, in numbers (the sentences a person
reads are made from them by `words.cutoffs`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from huvudman.placement.config import CONTRACT_RULE
from huvudman.placement.lottery import as_fraction
from huvudman.placement.model import Instance
from huvudman.placement.outcome import Outcomes, best_refused, refused_mask
from huvudman.placement.priorities import PriorityTable


@dataclass(frozen=True)
class SchoolCutoff:
    """How one school's places were filled and where the line fell."""

    school: int
    school_id: str
    name: str
    capacity: int
    applicants: int
    first_choice_applicants: int
    admitted: int
    fallback_admitted: int
    refused: int
    free_seats: int
    cutoff_rule: str  # contract vocabulary; "" when nobody was refused
    decided_by: str  # chain rule
    in_priority_order: bool  # False when someone weaker got in ahead of a refused applicant
    weakest_group: str
    weakest_proximity_m: float
    weakest_distance_m: float
    weakest_lottery: float
    weakest_explicit_rank: int
    admitted_by_group: dict[str, int] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    distance_kind: str = "straight"

    @property
    def oversubscribed(self) -> bool:
        """More children applied than there were places."""
        return self.applicants > self.capacity


def school_cutoffs(
    instance: Instance,
    table: PriorityTable,
    outcomes: Outcomes,
    distance_kind: str,
) -> list[SchoolCutoff]:
    """Cutoffs for every school of the run, in school order."""
    n_schools = len(instance.schools)
    placed = outcomes.application
    refused = refused_mask(table, placed)
    best = best_refused(table, refused, n_schools)
    applicants = np.bincount(table.school, minlength=n_schools)
    first = np.bincount(table.school[table.choice_rank == 1], minlength=n_schools)
    refused_n = np.bincount(table.school[refused], minlength=n_schools)
    fb_school = outcomes.school[(outcomes.school >= 0) & (outcomes.application < 0)]
    fallback_n = np.bincount(fb_school, minlength=n_schools)
    admitted_apps = placed[placed >= 0]
    weakest = _weakest(table, admitted_apps, n_schools)
    # the line quoted to others is never a value of a child with protected identity: it is
    # the weakest admitted applicant without (everyone ranked above them was admitted too)
    shown = _weakest(table, admitted_apps[~instance.protected[table.child[admitted_apps]]],
                     n_schools)
    in_group = admitted_apps[table.group[admitted_apps] >= 0]
    group_counts = np.zeros((n_schools, len(table.rules)), dtype=np.int64)
    np.add.at(group_counts, (table.school[in_group], table.group[in_group]), 1)
    admitted_n = np.bincount(table.school[admitted_apps], minlength=n_schools)
    line = _Line(table, weakest, best, shown)
    counts = zip(applicants.tolist(), first.tolist(), admitted_n.tolist(), fallback_n.tolist(),
                 refused_n.tolist(), group_counts.tolist(), strict=True)
    out: list[SchoolCutoff] = []
    for s, (school, (apps, firsts, admitted, fallbacks, refused_s, groups)) in enumerate(
        zip(instance.schools, counts, strict=True)
    ):
        decided, in_order = line.decided(s)
        has_weakest = line.shown[s] >= 0
        cut = SchoolCutoff(
            school=s,
            school_id=school.school_id,
            name=school.name,
            capacity=school.capacity,
            applicants=apps,
            first_choice_applicants=firsts,
            admitted=admitted,
            fallback_admitted=fallbacks,
            refused=refused_s,
            free_seats=school.capacity - admitted - fallbacks,
            cutoff_rule=CONTRACT_RULE.get(decided, decided),
            decided_by=decided,
            in_priority_order=in_order,
            weakest_group=line.group[s] if has_weakest else "",
            weakest_proximity_m=line.proximity[s] if has_weakest else float("nan"),
            weakest_distance_m=line.distance[s] if has_weakest else float("nan"),
            weakest_lottery=as_fraction(line.lottery[s]) if has_weakest else float("nan"),
            weakest_explicit_rank=line.explicit[s] if has_weakest else 0,
            admitted_by_group=_public_groups(table.rules, groups),
            rules=table.rules,
            distance_kind=distance_kind,
        )
        out.append(cut)
    return out


def _weakest(table: PriorityTable, apps: np.ndarray, n_schools: int) -> np.ndarray:
    """Per school, the admitted application with the weakest priority (-1: none)."""
    weakest = np.full(n_schools, -1, dtype=np.int64)
    if len(apps):
        order = apps[np.lexsort((-table.rank[apps], table.school[apps]))]
        sch = table.school[order]
        head = np.ones(len(order), dtype=bool)
        head[1:] = sch[1:] != sch[:-1]
        weakest[sch[head]] = order[head]
    return weakest


class _Line:
    """Per school, the weakest admitted and the best refused application's facts, gathered
    once as plain lists (indexing arrays one school at a time costs more than the work); the
    values quoted come from `shown`, the weakest admitted without protected identity."""

    def __init__(self, table: PriorityTable, weakest: np.ndarray, best: np.ndarray,
                 shown: np.ndarray) -> None:
        self.table = table
        self.weakest = weakest.tolist()
        self.best = best.tolist()
        self.shown = shown.tolist()
        w = np.maximum(shown, 0)
        r = np.maximum(best, 0)
        self.rank_w = _at(table.rank, np.maximum(weakest, 0))
        self.rank_r = _at(table.rank, r)
        self.group = [table.rules[g] if g >= 0 else "" for g in _at(table.group, w)]
        self.proximity = [float(x) for x in _at(table.proximity_m, w)]
        self.distance = [float(x) for x in _at(table.distance_m, w)]
        self.lottery = _at(table.lottery, w)
        self.explicit = _at(table.explicit_rank, w)

    def decided(self, s: int) -> tuple[str, bool]:
        """The chain rule that drew the line at school `s`, and whether places went in order."""
        if self.weakest[s] >= 0 and self.best[s] >= 0:
            if self.rank_w[s] >= self.rank_r[s]:
                return "", False
            w, r = self.weakest[s], self.best[s]
            return next(name for name, comp in zip(self.table.rules, self.table.components,
                                                   strict=True) if comp[w] != comp[r]), True
        if self.best[s] >= 0:
            return self.table.rules[0], True  # nobody admitted through a choice: no seats
        return "", True


def _at(values: np.ndarray, index: np.ndarray) -> list:
    """values[index] as a list (zeros when there are no values: no application at all)."""
    return (values[index] if len(values) else np.zeros(len(index), values.dtype)).tolist()


def _public_groups(rules: tuple[str, ...], counts: list[int]) -> dict[str, int]:
    """Places by priority group as they may be quoted to anyone: children placed for their
    protected identity are counted with those placed for special reasons (as placements.csv
    names them), so no count tells that a child with protected identity is at a school."""
    out: dict[str, int] = {}
    for rule, n in zip(rules, counts, strict=True):
        if n:
            name = CONTRACT_RULE["protected"] if rule == "protected" else rule
            out[name] = out.get(name, 0) + n
    return dict(sorted(out.items()))
