"""Deviations: every state transition, deadlines across weekends, Christmas and midsummer,
escalation up the chain of command, and — over random sequences of events — nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huvudman.governance import deviations as dv
from huvudman.workdays import STOCKHOLM, swedish_holidays

DAYS_OFF = swedish_holidays(range(2026, 2031))


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def test_a_case_passes_every_state_to_closed_with_evidence() -> None:
    at = local(2027, 3, 2, 9)
    case = dv.report("complaint", 1, at, DAYS_OFF)
    assert (case.state, case.owner, case.level) == (dv.REPORTED, "principal", 0)
    assert case.due_at == local(2027, 3, 5)  # two working days: Wednesday and Thursday
    case = dv.start(case, at + timedelta(hours=2), DAYS_OFF)
    assert case.state == dv.INVESTIGATING
    with pytest.raises(dv.Refused, match="cause_first"):
        dv.act(case)
    case = dv.act(dv.record_cause(case))
    case = dv.act(case)
    assert (case.state, case.actions) == (dv.ACTING, 2)
    case = dv.follow_up(case, at + timedelta(days=3), DAYS_OFF)
    with pytest.raises(dv.Refused, match="evidence_first"):
        dv.close(case, evidence=False)
    case = dv.close(case, evidence=True)
    assert case.state == dv.CLOSED and case.owner is None and dv.accounted_for(case)
    again = dv.reopen(case, at + timedelta(days=30), DAYS_OFF)
    assert again.state == dv.INVESTIGATING and again.owner == "principal"


@pytest.mark.parametrize("event", [
    lambda c, t: dv.start(c, t), lambda c, t: dv.record_cause(c), lambda c, t: dv.act(c),
    lambda c, t: dv.follow_up(c, t), lambda c, t: dv.close(c, True),
    lambda c, t: dv.reopen(c, t), lambda c, t: dv.escalate(c, t)])
def test_an_event_out_of_turn_is_refused_and_changes_nothing(event) -> None:
    at = local(2027, 3, 2, 9)
    cases = [dv.report("safety_incident", 1, at, DAYS_OFF)]
    cases.append(dv.start(cases[-1], at, DAYS_OFF))
    cases.append(dv.act(dv.record_cause(cases[-1])))
    cases.append(dv.follow_up(cases[-1], at, DAYS_OFF))
    cases.append(dv.close(cases[-1], True))
    took = 0
    for case in cases:
        try:
            event(case, at)
            took += 1
        except dv.Refused as refused:
            assert refused.code in ("not_now", "cause_first", "closed", "at_top")
    assert 1 <= took < len(cases)


@pytest.mark.parametrize("reported, due", [
    (local(2027, 3, 5, 15), local(2027, 3, 9)),     # Friday → end of Monday
    (local(2027, 12, 23, 16), local(2027, 12, 28)),  # before Christmas → end of Monday 27th
    (local(2027, 6, 24, 10), local(2027, 6, 29)),    # Thursday before Midsummer Eve → Monday
    (local(2027, 12, 30, 10), local(2028, 1, 4)),    # New Year's Eve, Day → Monday 3rd
    (local(2027, 3, 25, 12), local(2027, 3, 31)),    # Maundy Thursday → Tuesday after Easter
])
def test_working_day_deadlines_skip_weekends_and_holidays(reported, due) -> None:
    case = dv.report("degrading_treatment", 1, reported, DAYS_OFF)  # one working day
    assert case.due_at == due


def test_hour_deadlines_run_through_the_night_and_holidays() -> None:
    case = dv.report("concern_for_child", 2, local(2027, 12, 24, 22), DAYS_OFF)
    assert case.due_at == local(2027, 12, 25, 2)
    breach = dv.CATEGORIES["data_breach"]
    assert (breach.external_within.amount, breach.external_within.unit) == (72, "hours")


def test_severe_matters_start_higher_and_overdue_ones_climb_one_level_a_day() -> None:
    at = local(2027, 3, 1, 9)
    assert dv.report("safety_incident", 3, at, DAYS_OFF).owner == "head_of_schools"
    assert dv.report("safety_incident", 4, at, DAYS_OFF).owner == "education_director"
    case = dv.report("safety_incident", 1, at, DAYS_OFF)
    assert not dv.overdue(case, case.due_at - timedelta(seconds=1))
    assert dv.overdue(case, case.due_at)
    owners = []
    now = case.due_at
    while dv.escalates(case, now):
        case = dv.escalate(case, now, DAYS_OFF)
        owners.append(case.owner)
        assert not dv.overdue(case, now) and dv.overdue(case, case.due_at)
        now = case.due_at
    assert owners == ["head_of_schools", "education_director", "municipal_director"]
    assert case.escalations == 3 and dv.overdue(case, now)  # at the top: overdue, shown so
    with pytest.raises(dv.Refused, match="at_top"):
        dv.escalate(case, now, DAYS_OFF)


def test_a_case_of_no_school_starts_above_the_schools_own_staff() -> None:
    at = local(2027, 3, 1, 9)
    assert dv.report("complaint", 1, at, DAYS_OFF, at_school=False).owner == "head_of_schools"
    assert dv.report("placement_error", 1, at, DAYS_OFF, at_school=False).owner == \
        "placement_officer"


def test_unknown_category_or_severity_is_refused() -> None:
    at = local(2027, 3, 1, 9)
    with pytest.raises(dv.Refused, match="unknown_category"):
        dv.report("weather", 1, at, DAYS_OFF)
    with pytest.raises(dv.Refused, match="unknown_severity"):
        dv.report("complaint", 9, at, DAYS_OFF)


EVENTS = ("start", "cause", "act", "follow_up", "close", "close_without", "reopen",
          "escalate", "sweep")


def _apply(name: str, case: dv.Case, now: datetime) -> dv.Case:
    """One event of the property test's sequences."""
    if name == "start":
        return dv.start(case, now, DAYS_OFF)
    if name == "cause":
        return dv.record_cause(case)
    if name == "act":
        return dv.act(case)
    if name == "follow_up":
        return dv.follow_up(case, now, DAYS_OFF)
    if name in ("close", "close_without"):
        return dv.close(case, name == "close")
    if name == "reopen":
        return dv.reopen(case, now, DAYS_OFF)
    if name == "escalate" or dv.escalates(case, now):
        return dv.escalate(case, now, DAYS_OFF)
    return case  # a sweep that leaves it (on time, or at the top)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(dv.CATEGORIES)), st.sampled_from(dv.SEVERITIES),
       st.datetimes(datetime(2026, 1, 1), datetime(2029, 12, 1), timezones=st.just(UTC)),
       st.booleans(),
       st.lists(st.tuples(st.sampled_from(EVENTS), st.integers(0, 200)), max_size=40))
def test_nothing_is_ever_lost(category, severity, at, at_school, events) -> None:
    """After any sequence of events — taken or refused — the case is closed with evidence or
    open on exactly one owner's board of its chain (one who can see it); a refused event
    changes nothing."""
    case = dv.report(category, severity, at, DAYS_OFF, at_school=at_school)
    now = at
    assert dv.accounted_for(case)
    for name, hours in events:
        now += timedelta(hours=hours)
        before = case
        try:
            case = _apply(name, case, now)
        except dv.Refused:
            assert case is before
        assert dv.accounted_for(case), (name, case)
        assert case.level >= before.level  # a matter never slides back down unseen
