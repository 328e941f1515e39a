"""The inputs of a placement: schools, children and their ranked choices.

Schools are few and kept as records. Children are kept as columns — a national cohort has
120,000 of them — with ragged arrays for the lists of schools each child names; `children`
gives them back as records where one child at a time is wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np


class School(NamedTuple):
    """A school unit (skolenhet) with the seats it offers this year."""

    school_id: str
    name: str
    lat: float
    lon: float
    capacity: int
    district: str = ""


class Child(NamedTuple):
    """A child in the year group, with the guardians' ranked choices.

    `choices`, `siblings` and `special_reasons` hold school ids; `choices` is ranked, best first.
    """

    child_id: str
    lat: float
    lon: float
    choices: tuple[str, ...] = ()
    siblings: tuple[str, ...] = ()
    special_reasons: tuple[str, ...] = ()
    protected: bool = False
    district: str = ""
    grade: str = ""


class Ragged(NamedTuple):
    """One list of school positions per child: child c's are `values[offsets[c]:offsets[c+1]]`."""

    offsets: np.ndarray
    values: np.ndarray

    @classmethod
    def from_lists(cls, lists: Sequence[Sequence[int]]) -> Ragged:
        """Build from Python lists."""
        lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
        offsets = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        values = np.fromiter((v for x in lists for v in x), dtype=np.int64,
                             count=int(offsets[-1]))
        return cls(offsets, values)

    @classmethod
    def every_school(cls, children: int, schools: int) -> Ragged:
        """Every child listing every school, in school order (priorities everywhere)."""
        return cls(np.arange(children + 1, dtype=np.int64) * schools,
                   np.tile(np.arange(schools, dtype=np.int64), children))

    @property
    def lengths(self) -> np.ndarray:
        """How many schools each child has in this list."""
        return np.diff(self.offsets)

    @property
    def owner(self) -> np.ndarray:
        """The child of each value."""
        return np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int64), self.lengths)

    def row(self, child: int) -> np.ndarray:
        """One child's list."""
        return self.values[self.offsets[child]:self.offsets[child + 1]]


@dataclass(frozen=True, eq=False)
class Instance:
    """Schools and children of one placement; children as columns, schools by position."""

    schools: tuple[School, ...]
    child_ids: list[str]
    child_lat: np.ndarray
    child_lon: np.ndarray
    choices: Ragged
    siblings: Ragged
    special_reasons: Ragged
    protected: np.ndarray
    district: list[str]
    grade: list[str]
    school_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        schools = {s.school_id: i for i, s in enumerate(self.schools)}
        object.__setattr__(self, "school_index", schools)
        if len(schools) != len(self.schools):
            raise ValueError("school ids must be unique")
        if len(set(self.child_ids)) != len(self.child_ids):
            raise ValueError("child ids must be unique")

    @classmethod
    def build(cls, schools: Sequence[School], children: Sequence[Child]) -> Instance:
        """An instance from records (tests, small programs)."""
        index = {s.school_id: i for i, s in enumerate(schools)}

        def lists(attr: str) -> Ragged:
            return Ragged.from_lists([[index[s] for s in getattr(c, attr)] for c in children])

        return cls(
            schools=tuple(schools),
            child_ids=[c.child_id for c in children],
            child_lat=np.array([c.lat for c in children], dtype=np.float64),
            child_lon=np.array([c.lon for c in children], dtype=np.float64),
            choices=lists("choices"),
            siblings=lists("siblings"),
            special_reasons=lists("special_reasons"),
            protected=np.array([c.protected for c in children], dtype=bool),
            district=[c.district for c in children],
            grade=[c.grade for c in children],
        )

    def with_choices(self, choices: Ragged) -> Instance:
        """This instance with other lists of chosen schools (everything else the same)."""
        return Instance(
            schools=self.schools, child_ids=self.child_ids, child_lat=self.child_lat,
            child_lon=self.child_lon, choices=choices, siblings=self.siblings,
            special_reasons=self.special_reasons, protected=self.protected,
            district=self.district, grade=self.grade,
        )

    def with_child(self, child: Child) -> Instance:
        """This instance with one more child at the end (a family asking about its chances)."""
        return self.with_children([child])

    def with_children(self, children: Sequence[Child]) -> Instance:
        """This instance with more children at the end."""
        index = self.school_index

        def append(r: Ragged, attr: str) -> Ragged:
            extra = Ragged.from_lists([[index[s] for s in getattr(c, attr)] for c in children])
            return Ragged(np.concatenate([r.offsets, r.offsets[-1] + extra.offsets[1:]]),
                          np.concatenate([r.values, extra.values]))

        return Instance(
            schools=self.schools,
            child_ids=[*self.child_ids, *(c.child_id for c in children)],
            child_lat=np.append(self.child_lat, [c.lat for c in children]),
            child_lon=np.append(self.child_lon, [c.lon for c in children]),
            choices=append(self.choices, "choices"),
            siblings=append(self.siblings, "siblings"),
            special_reasons=append(self.special_reasons, "special_reasons"),
            protected=np.append(self.protected, [c.protected for c in children]).astype(bool),
            district=[*self.district, *(c.district for c in children)],
            grade=[*self.grade, *(c.grade for c in children)],
        )

    @property
    def n_children(self) -> int:
        """Number of children."""
        return len(self.child_ids)

    @cached_property
    def child_index(self) -> dict[str, int]:
        """Child id → position."""
        return {cid: i for i, cid in enumerate(self.child_ids)}

    @cached_property
    def children(self) -> tuple[Child, ...]:
        """The children as records (built on first use)."""
        ids = [s.school_id for s in self.schools]

        def names(r: Ragged, c: int) -> tuple[str, ...]:
            return tuple(ids[j] for j in r.row(c).tolist())

        return tuple(
            Child(cid, float(self.child_lat[c]), float(self.child_lon[c]),
                  names(self.choices, c), names(self.siblings, c),
                  names(self.special_reasons, c), bool(self.protected[c]),
                  self.district[c], self.grade[c])
            for c, cid in enumerate(self.child_ids)
        )

    @property
    def capacities(self) -> list[int]:
        """Seats per school, in school order."""
        return [s.capacity for s in self.schools]

    def districts(self, nearest_school: np.ndarray | None = None) -> list[str]:
        """Each child's district: its own, else its nearest school's, else one shared label."""
        if nearest_school is None or not any(s.district for s in self.schools):
            return [d or "(all)" for d in self.district]
        school_district = [s.district for s in self.schools]
        return [d or school_district[s] or "(all)"
                for d, s in zip(self.district, nearest_school.tolist(), strict=True)]
