"""The generated agenda: overdue, escalated, new since the last meeting — each matter once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huvudman.governance import agenda as core

LAST = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


def _m(ref: str, opened_days: int, overdue=False, escalated_days: int | None = None):
    return core.Matter("deviation", ref, ref, "Ängskolan", LAST + timedelta(days=opened_days),
                       overdue, None if escalated_days is None
                       else LAST + timedelta(days=escalated_days))


def test_each_matter_under_its_most_urgent_heading() -> None:
    result = core.agenda([_m("old-overdue", -40, overdue=True), _m("late", -5, overdue=True,
                                                                    escalated_days=2),
                          _m("escalated", -20, escalated_days=3), _m("new", 4),
                          _m("old-quiet", -30), _m("escalated-before", -30, escalated_days=-2),
                          _m("new", 4)], LAST)
    refs = {s: [m.ref for m in rows] for s, rows in result.items()}
    assert refs == {"overdue": ["old-overdue", "late"], "escalated": ["escalated"],
                    "new": ["new"], "open_actions": []}
    action = core.Matter("action", "action:1", "Rekrytera", None, LAST - timedelta(days=30))
    assert core.section_of(action, LAST) == "open_actions"  # followed up at every meeting
    first = core.agenda([_m("old-quiet", -30)], None)  # before the first meeting: everything
    assert [m.ref for m in first["new"]] == ["old-quiet"]


def test_threads_are_read_by_the_two_levels_and_those_above() -> None:
    assert core.thread_levels("principal") == ("head_of_schools",)
    assert core.thread_levels("head_of_schools") == ("education_director", "principal")
    assert core.thread_levels("municipal_director") == ("education_director",)
    assert core.thread_levels("teacher") == ()
    assert core.sees_thread("municipal_director", "principal", "head_of_schools")
    assert core.sees_thread("principal", "principal", "head_of_schools")
    assert not core.sees_thread("principal", "head_of_schools", "education_director")
    assert not core.sees_thread("auditor", "principal", "head_of_schools")


def test_action_items_fall_due() -> None:
    assert core.action_overdue(date(2026, 11, 30), None, date(2026, 12, 1))
    assert not core.action_overdue(date(2026, 11, 30), date(2026, 11, 29), date(2026, 12, 1))
    assert not core.action_overdue(None, None, date(2026, 12, 1))


matters = st.builds(_m, st.sampled_from("abcdefgh"), st.integers(-60, 30), st.booleans(),
                    st.one_of(st.none(), st.integers(-60, 30)))


@given(st.lists(matters, max_size=40), st.booleans())
def test_nothing_twice_and_nothing_urgent_left_out(items, first_meeting: bool) -> None:
    since = None if first_meeting else LAST
    result = core.agenda(items, since, per_section=100)
    listed = [m.ref for rows in result.values() for m in rows]
    assert len(listed) == len(set(listed))
    for m in items:
        if m.overdue:  # an overdue matter is always on the agenda (under some heading)
            assert m.ref in listed
