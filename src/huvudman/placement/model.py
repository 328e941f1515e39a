"""The inputs of a placement: schools, children and their ranked choices.

Records are plain named tuples so that a national cohort (120,000 children) builds quickly;
`Instance` adds the index lookups every rule and mechanism needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


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


@dataclass(frozen=True)
class Instance:
    """Schools and children of one placement, with school ids resolved to positions."""

    schools: tuple[School, ...]
    children: tuple[Child, ...]
    school_index: dict[str, int] = field(init=False, repr=False, compare=False)
    child_index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        schools = {s.school_id: i for i, s in enumerate(self.schools)}
        children = {c.child_id: i for i, c in enumerate(self.children)}
        object.__setattr__(self, "school_index", schools)
        object.__setattr__(self, "child_index", children)
        if len(self.school_index) != len(self.schools):
            raise ValueError("school ids must be unique")
        if len(self.child_index) != len(self.children):
            raise ValueError("child ids must be unique")

    @property
    def capacities(self) -> list[int]:
        """Seats per school, in school order."""
        return [s.capacity for s in self.schools]

    def choice_indices(self, child: int) -> list[int]:
        """The child's ranked choices as school positions."""
        index = self.school_index
        return [index[s] for s in self.children[child].choices]

    def districts(self, nearest_school: list[int] | None = None) -> list[str]:
        """Each child's district: its own, else its nearest school's, else one shared label."""
        out: list[str] = []
        for i, child in enumerate(self.children):
            if child.district:
                out.append(child.district)
            elif nearest_school is not None and self.schools[nearest_school[i]].district:
                out.append(self.schools[nearest_school[i]].district)
            else:
                out.append("(all)")
        return out
