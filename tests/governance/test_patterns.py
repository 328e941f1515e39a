"""Patterns across deviations: each kind found from hand-made events, the declared thresholds
respected, and the vectorised search equal to a plain count on random events."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from huvudman.governance.patterns import DAY, Thresholds, find_patterns

NOW = 1_800_000_000  # seconds since the epoch


def _events(rows):
    """(school, days ago, hour, pupil, staff, place) rows as the columns the core takes."""
    rows = sorted(rows, key=lambda r: -r[1])  # oldest first
    cols = list(zip(*rows, strict=True))
    at = np.array([NOW - d * DAY - (NOW % DAY) + h * 3600 for d, h in zip(cols[1], cols[2],
                                                                              strict=True)])
    return (np.array(cols[0]), at, np.array(cols[3]), np.array(cols[4]), np.array(cols[5]))


def test_each_kind_of_pattern_is_found_and_flagged_to_its_level() -> None:
    rows = [
        (0, 10, 9, 7, -1, -1), (1, 100, 10, 7, -1, -1),    # pupil 7 twice, at two schools
        (0, 20, 9, 8, -1, -1),                              # pupil 8 once
        (1, 5, 8, -1, -1, 4), (1, 30, 9, -1, -1, 4), (1, 60, 10, -1, -1, 4),  # toilets x3
        (0, 5, 8, -1, -1, 4), (0, 6, 9, -1, -1, 4),         # only twice at school 0
        (2, 3, 12, -1, -1, -1), (2, 9, 12, -1, -1, -1), (2, 15, 12, -1, -1, -1),
        (2, 16, 8, -1, -1, -1),                             # three of four at noon
        (0, 40, 9, -1, 5, -1), (1, 300, 9, -1, 5, -1),      # staff 5 named twice in a year
        (1, 400, 9, -1, 6, -1), (1, 2, 9, -1, 6, -1),       # staff 6: once within the year
        *((3, d, 9, -1, -1, -1) for d in (100, 130)),       # school 3: 2 then 6 cases
        *((3, d, 9 + d % 5, -1, -1, -1) for d in (1, 11, 21, 31, 41, 51)),
    ]
    flags = {(f.kind, f.school, f.subject): (f.cases, f.flagged_to)
             for f in find_patterns(*_events(rows), now=NOW)}
    assert flags[("same_pupil", 0, 7)] == (2, "principal")  # at its latest school
    assert ("same_pupil", 0, 8) not in flags
    assert flags[("same_place", 1, 4)] == (3, "principal")
    assert ("same_place", 0, 4) not in flags
    assert flags[("same_hour", 2, 12)] == (3, "principal")
    assert flags[("same_staff", 0, 5)] == (2, "head_of_schools")
    assert not any(k[0] == "same_staff" and k[2] == 6 for k in flags)
    assert flags[("rising_rate", 3, -1)] == (6, "head_of_schools")
    assert not any(k[0] == "rising_rate" and k[1] != 3 for k in flags)


def test_the_thresholds_are_the_declared_ones() -> None:
    rows = [(1, 5, 8, -1, -1, 4), (1, 30, 9, -1, -1, 4)]
    assert not find_patterns(*_events(rows), now=NOW)
    found = find_patterns(*_events(rows), now=NOW, limits=Thresholds(place_cases=2))
    assert [(f.kind, f.cases) for f in found] == [("same_place", 2)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 400), st.integers(0, 23),
                          st.integers(-1, 5), st.integers(-1, 3), st.integers(-1, 4)),
                min_size=1, max_size=80))
def test_repeats_equal_a_plain_count(rows) -> None:
    limits = Thresholds()
    found = find_patterns(*_events(rows), now=NOW, limits=limits)

    def when(days_ago: int, hour: int) -> int:  # the moment `_events` gives the same row
        return NOW - days_ago * DAY - (NOW % DAY) + hour * 3600

    expected = {k for k, n in Counter((s, p) for s, d, h, _u, _t, p in rows
                                      if p >= 0 and when(d, h)
                                      >= NOW - limits.place_days * DAY).items()
                if n >= limits.place_cases}
    assert {(f.school, f.subject) for f in found if f.kind == "same_place"} == expected
    pupils = Counter(u for _s, d, h, u, _t, _p in rows
                     if u >= 0 and when(d, h) >= NOW - limits.pupil_days * DAY)
    assert {f.subject for f in found if f.kind == "same_pupil"} == {
        u for u, n in pupils.items() if n >= limits.pupil_cases}


def test_a_case_on_the_window_edge_counts() -> None:
    """The counterexample hypothesis found: a case exactly `pupil_days` before now (its hour
    included) is inside the window."""
    rows = [(0, 0, 0, 1, -1, -1), (0, 180, 8, 1, -1, -1)]
    assert [f.subject for f in find_patterns(*_events(rows), now=NOW)
            if f.kind == "same_pupil"] == [1]
