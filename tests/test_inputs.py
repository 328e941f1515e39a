"""Reading placement inputs: white space around cells never changes what is read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huvudman.datafiles.inputs import _has_repeats, read_instance
from huvudman.placement.model import Ragged

SCHOOLS = """school_id,name,lat,lon,capacity,district
S1,Ängskolan,57.70,11.96,2,Norr
S2,Bäckskolan,57.71,11.97,1,Söder
"""
CHILDREN = """child_id,lat,lon,choices,siblings,special_reasons,protected,district
b1,57.701,11.961,S1;S2,,,false,Norr
b2,57.702,11.962,S2,S2,,TRUE,Söder
b3,57.703,11.963,,,,,Norr
"""


def _padded(text: str, space: str) -> str:
    """Every cell of a CSV text with `space` around it (the header left as it is)."""
    head, *body = text.splitlines()
    return "\n".join([head, *(",".join(f"{space}{c}{space}" if c else c for c in line.split(","))
                              for line in body)]) + "\n"


def _quoted(text: str) -> str:
    """Every non-empty cell quoted, with a space inside the quotes."""
    head, *body = text.splitlines()
    return "\n".join([head, *(",".join(f'" {c}"' if c else c for c in line.split(","))
                              for line in body)]) + "\n"


def _read(tmp_path: Path, schools: str, children: str):
    (tmp_path / "schools.csv").write_text(schools, encoding="utf-8")
    (tmp_path / "children.csv").write_text(children, encoding="utf-8")
    return read_instance(tmp_path / "schools.csv", tmp_path / "children.csv")


@pytest.mark.parametrize("variant", ["space", "tab", "no-break space", "ideographic space",
                                     "quoted"])
def test_cells_with_white_space_read_as_tidy_cells(tmp_path: Path, variant: str) -> None:
    tidy = _read(tmp_path, SCHOOLS, CHILDREN)
    if variant == "quoted":
        schools, children = _quoted(SCHOOLS), _quoted(CHILDREN)
    else:
        space = {"space": " ", "tab": "\t", "no-break space": "\xa0",
                 "ideographic space": "\u3000"}[variant]
        schools, children = _padded(SCHOOLS, space), _padded(CHILDREN, space)
    messy = _read(tmp_path, schools, children)
    assert messy.child_ids == tidy.child_ids == ["b1", "b2", "b3"]
    assert [s.school_id for s in messy.schools] == ["S1", "S2"]
    assert [s.name for s in messy.schools] == ["Ängskolan", "Bäckskolan"]
    assert [s.district for s in messy.schools] == ["Norr", "Söder"]
    assert messy.district == tidy.district == ["Norr", "Söder", "Norr"]
    assert messy.protected.tolist() == tidy.protected.tolist() == [False, True, False]
    for name in ("choices", "siblings"):
        a, b = getattr(messy, name), getattr(tidy, name)
        assert np.array_equal(a.offsets, b.offsets) and np.array_equal(a.values, b.values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), max_size=14), max_size=30))
def test_a_school_listed_twice_is_found_in_lists_short_and_long(lists: list[list[int]]) -> None:
    """The repeat check (item against item for short lists, sorting for long ones) agrees
    with its definition: some child lists one school more than once."""
    ragged = Ragged.from_lists(lists)
    expected = any(len(set(x)) != len(x) for x in lists)
    assert _has_repeats(ragged, ragged.lengths, 13) == expected
