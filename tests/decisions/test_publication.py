"""When a run's decisions may be published (pure core): the deadline, the round's published
decisions and the two-person rule, each alone and together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huvudman.decisions.publication import (
    BEFORE_DEADLINE,
    EMPTY_JUSTIFICATION,
    NOT_APPROVED,
    NOT_JUSTIFIED,
    NOTHING_TO_APPROVE,
    NOTHING_TO_JUSTIFY,
    PUBLISHED,
    ROUND_PUBLISHED,
    SAME_PERSON,
    RunState,
    approval_refused,
    blockers,
    justification_refused,
)

DEADLINE = datetime(2027, 1, 31, 22, 59, tzinfo=UTC)  # 23:59 in Stockholm
AFTER = DEADLINE + timedelta(minutes=1)


def test_a_clean_run_after_the_deadline_may_be_published() -> None:
    assert blockers(RunState(False, True), AFTER, DEADLINE, False) == ()


def test_not_at_the_deadline_itself_only_after_it() -> None:
    assert blockers(RunState(False, True), DEADLINE, DEADLINE, False) == (BEFORE_DEADLINE,)


def test_a_round_with_published_decisions_is_corrected_not_replaced() -> None:
    assert blockers(RunState(False, True), AFTER, DEADLINE, True) == (ROUND_PUBLISHED,)


def test_findings_need_a_justification_then_a_second_persons_approval() -> None:
    assert blockers(RunState(False, False), AFTER, DEADLINE, False) == (NOT_JUSTIFIED,)
    assert blockers(RunState(False, False, 7), AFTER, DEADLINE, False) == (NOT_APPROVED,)
    assert blockers(RunState(False, False, 7, 8), AFTER, DEADLINE, False) == ()


def test_every_reason_is_named_at_once_in_the_order_a_person_fixes_them() -> None:
    assert blockers(RunState(False, False), DEADLINE, DEADLINE, True) == (
        ROUND_PUBLISHED, BEFORE_DEADLINE, NOT_JUSTIFIED)


def test_a_published_run_is_only_that() -> None:
    assert blockers(RunState(True, False), DEADLINE, DEADLINE, True) == (PUBLISHED,)


def test_the_writer_never_approves_their_own_justification() -> None:
    run = RunState(False, False, justified_by=7)
    assert approval_refused(run, 7) == SAME_PERSON
    assert approval_refused(run, 8) is None
    assert approval_refused(RunState(False, False), 8) == NOTHING_TO_APPROVE
    assert approval_refused(RunState(False, True, 7), 8) == NOTHING_TO_APPROVE
    assert approval_refused(RunState(True, False, 7), 8) == PUBLISHED


def test_a_justification_is_text_about_findings() -> None:
    assert justification_refused(RunState(False, False), "  \n") == EMPTY_JUSTIFICATION
    assert justification_refused(RunState(False, True), "ok") == NOTHING_TO_JUSTIFY
    assert justification_refused(RunState(False, False), "skäl") is None
    assert justification_refused(RunState(True, False), "skäl") == PUBLISHED


@given(st.booleans(), st.booleans(), st.one_of(st.none(), st.integers(1, 5)),
       st.one_of(st.none(), st.integers(1, 5)), st.integers(-3, 3), st.booleans())
def test_publishable_exactly_when_every_condition_holds(published, passed, justified,
                                                         approved, minutes, round_published):
    run = RunState(published, passed, justified, approved)
    now = DEADLINE + timedelta(minutes=minutes)
    may = not blockers(run, now, DEADLINE, round_published)
    assert may == (not published and not round_published and now > DEADLINE
                   and (passed or (justified is not None and approved is not None)))
