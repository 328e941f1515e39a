"""The complaint routine's deadlines in Swedish working days, across Christmas and Midsummer,
and what the sweep does when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huvudman.dialogue import feedback as core
from huvudman.workdays import STOCKHOLM, swedish_holidays

DAYS_OFF = swedish_holidays(range(2026, 2029))


def _local(when: datetime) -> str:
    return when.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def test_deadlines_across_christmas_and_midsummer() -> None:
    christmas = core.due(datetime(2026, 12, 22, 14, 0, tzinfo=UTC), days_off=DAYS_OFF)
    # 23, 28 Dec count (24–27 off); answer: 23, 28, 29, 30 Dec, 4, 5, 7, 8, 11, 12 Jan
    # (31 Dec, 1–3 Jan and Epiphany off)
    assert _local(christmas.acknowledge) == "2026-12-29 00:00"
    assert _local(christmas.answer) == "2027-01-13 00:00"
    assert _local(christmas.remind) == "2027-01-09 00:00"  # from Monday 11th, the day before
    midsummer = core.due(datetime(2027, 6, 23, 8, 0, tzinfo=UTC), days_off=DAYS_OFF)
    # Thursday 24 June counts; Midsummer Eve and the weekend do not; then Monday 28
    assert _local(midsummer.acknowledge) == "2027-06-29 00:00"


def test_the_sweep_escalates_each_missed_deadline_once_and_reminds_once() -> None:
    d = core.due(datetime(2027, 1, 20, 9, 0, tzinfo=UTC), days_off=DAYS_OFF)
    before = d.acknowledge - timedelta(hours=1)
    assert core.sweep_step(core.RECEIVED, d, before, False, None) is None
    assert core.sweep_step(core.RECEIVED, d, d.acknowledge, False, None) == core.ESCALATE
    assert core.sweep_step(core.RECEIVED, d, d.acknowledge, False, core.ACKNOWLEDGE) is None
    assert core.sweep_step(core.ACKNOWLEDGED, d, d.remind, False, core.ACKNOWLEDGE) == \
        core.REMIND
    assert core.sweep_step(core.ACKNOWLEDGED, d, d.remind, True, None) is None
    assert core.sweep_step(core.ACKNOWLEDGED, d, d.answer, True, core.ACKNOWLEDGE) == \
        core.ESCALATE
    assert core.sweep_step(core.ACKNOWLEDGED, d, d.answer, True, core.ANSWER) is None
    assert core.sweep_step(core.ANSWERED, d, d.answer, False, None) is None


@given(st.datetimes(datetime(2026, 1, 1), datetime(2028, 6, 1), timezones=st.just(UTC)),
       st.integers(1, 5), st.integers(2, 30))
def test_the_reminder_leaves_a_working_day(received, ack, answer) -> None:
    d = core.due(received, core.Times(ack, max(ack, answer)), DAYS_OFF)
    assert received < d.acknowledge <= d.answer and d.remind <= d.answer
    assert d.answer - d.remind >= timedelta(hours=23)  # a day at least (23 h in spring)
