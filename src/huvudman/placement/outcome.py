"""What happened to each child, and which rule decided it.

The deciding rule for a child admitted to a school is found by comparing the child with the
strongest applicant the school refused (one who ranked it above where they ended up): the first
rule of the chain on which the two differ decided the seat. Where nobody was refused, or the
mechanism admitted the child despite weaker priority (possible under top trading cycles and
immediate acceptance), the child's own priority group is reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from huvudman.placement.config import ORDER_RULES
from huvudman.placement.priorities import PriorityTable

NO_CHOICES = "no_choices"
CHOICES_FULL = "choices_full"
NO_FREE_SEAT = "no_free_seat"
NO_FALLBACK = "fallback_none"
ACROSS_BARRIER = "no_free_seat_on_own_side"


@dataclass(frozen=True)
class ChildOutcome:
    """One child's placement: the school, how it came about, and how far away it is."""

    child: int
    school: int  # -1: no place
    application: int  # -1: not placed through a choice
    choice_rank: int  # 0: not a chosen school
    rule: str  # contract vocabulary; "" when unplaced
    decided_by: str  # the chain rule that decided (or "fallback" / "")
    distance_m: float  # NaN when unplaced
    reason: str  # why a fallback or no place ("" for a chosen school)


@dataclass(frozen=True)
class Outcomes:
    """All children's outcomes as columns (fast for a national cohort), child order.

    Indexing or iterating gives `ChildOutcome` records for code that reads one child at a time.
    """

    school: np.ndarray  # int, -1: no place
    application: np.ndarray  # int, -1: not placed through a choice
    choice_rank: np.ndarray  # int, 0: not a chosen school
    rule: np.ndarray  # str (object)
    decided_by: np.ndarray  # str (object)
    distance_m: np.ndarray  # float, NaN when unplaced
    reason: np.ndarray  # str (object)

    def __len__(self) -> int:
        return len(self.school)

    def __getitem__(self, child: int) -> ChildOutcome:
        return ChildOutcome(child, int(self.school[child]), int(self.application[child]),
                            int(self.choice_rank[child]), str(self.rule[child]),
                            str(self.decided_by[child]), float(self.distance_m[child]),
                            str(self.reason[child]))

    def __iter__(self) -> Iterator[ChildOutcome]:
        return (self[c] for c in range(len(self)))

    @classmethod
    def from_records(cls, records: Sequence[ChildOutcome]) -> Outcomes:
        """Columns from per-child records (in child order)."""
        def column(name: str, dtype: type | str) -> np.ndarray:
            return np.array([getattr(r, name) for r in records], dtype=dtype)

        return cls(column("school", np.int64), column("application", np.int64),
                   column("choice_rank", np.int64), column("rule", object),
                   column("decided_by", object), column("distance_m", np.float64),
                   column("reason", object))

    @property
    def fallback(self) -> np.ndarray:
        """True for children placed by the fallback rule."""
        return self.rule == "fallback"


def refused_mask(table: PriorityTable, placed: np.ndarray) -> np.ndarray:
    """True for each application the child ranked above the school it got (or it got none)."""
    own = placed[table.child]
    own_rank = np.where(own >= 0, table.choice_rank[np.maximum(own, 0)], np.iinfo(np.int64).max)
    return table.choice_rank < own_rank


def best_refused(table: PriorityTable, refused: np.ndarray, n_schools: int) -> np.ndarray:
    """Per school, the refused application with the best priority there (-1 if none)."""
    best = np.full(n_schools, -1, dtype=np.int64)
    idx = np.flatnonzero(refused)
    if len(idx) == 0:
        return best
    # ranks are unique within a school: the smallest refused rank names one application
    school, rank = table.school[idx], table.rank[idx]
    lowest = np.full(n_schools, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(lowest, school, rank)
    winner = idx[rank == lowest[school]]
    best[table.school[winner]] = winner
    return best


def deciding_rules(table: PriorityTable, placed: np.ndarray, n_schools: int) -> np.ndarray:
    """For each child placed through a choice, the chain rule that decided its seat ("" else),
    as an array of str."""
    return np.array([*table.rules, ""], dtype=object)[deciding_rule_index(table, placed,
                                                                          n_schools)]


def deciding_rule_index(table: PriorityTable, placed: np.ndarray, n_schools: int) -> np.ndarray:
    """`deciding_rules` as positions in the chain (one past its end for "")."""
    rule_index = np.full(len(placed), len(table.rules), dtype=np.int64)  # "" unless placed
    refused = refused_mask(table, placed)
    best = best_refused(table, refused, n_schools)
    chosen = np.flatnonzero(placed >= 0)
    if len(chosen) == 0:
        return rule_index
    apps = placed[chosen]
    rival = best[table.school[apps]]
    has_rival = rival >= 0
    beats = has_rival & (table.rank[apps] < table.rank[np.maximum(rival, 0)])
    first_diff = np.full(len(apps), -1, dtype=np.int64)
    for j in reversed(range(len(table.rules))):
        comp = table.components[j]
        differs = beats & (comp[apps] != comp[np.maximum(rival, 0)])
        first_diff[differs] = j
    # no rival beaten: the child's own first group, else the chain's first ordering rule
    first_order = next(j for j, r in enumerate(table.rules) if r in ORDER_RULES or r == "explicit")
    own = table.group[apps]
    rule_index[chosen] = np.where(first_diff >= 0, first_diff,
                                  np.where(own >= 0, own, first_order))
    return rule_index


