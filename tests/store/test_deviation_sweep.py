"""The set-based escalation sweep does to every case exactly what the core's `escalate` does
to one — on random cases, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from huvudman.governance import deviations as core
from huvudman.services.governance.deviation_cases import _store, case_of, sweep
from huvudman.store.database import sessions
from huvudman.store.models import Deviation, DeviationEvent, School
from huvudman.store.times import as_utc

NOW = datetime(2027, 3, 3, 10, tzinfo=UTC)


def test_the_sweep_escalates_each_case_as_the_core_would(engine) -> None:
    rng = random.Random(7)
    make = sessions(engine)
    expected = {}
    with make.begin() as s:
        s.add(School(school_id="S1", name="Ängskolan", lat=57.7, lon=11.9, capacity=10))
        s.flush()
        overdue = 0
        for k in range(300):
            category = rng.choice(sorted(core.CATEGORIES))
            case = core.Case(category, rng.choice(core.SEVERITIES), rng.choice(core.STATES),
                             rng.randrange(len(core.CATEGORIES[category].chain)),
                             NOW - timedelta(days=30), NOW + timedelta(hours=rng.randint(-99, 99)),
                             escalations=rng.randint(0, 3), cause=True, evidence=True)
            row = Deviation(category=category, severity=case.severity, school_id="S1",
                            title=f"Fall {k}", description="…", reporter_kind="staff",
                            outcome="")
            _store(row, case)
            s.add(row)
            s.flush()
            overdue += core.escalates(case, NOW)
            expected[row.id] = core.escalate(case, NOW) if core.escalates(case, NOW) else case
    with make.begin() as s:
        escalated = sweep(s, NOW)
    assert escalated == overdue
    with make() as s:
        for row in s.scalars(select(Deviation)):
            got, want = case_of(row), expected[row.id]
            assert (got.level, got.escalations, got.state) == (want.level, want.escalations,
                                                               want.state), row.id
            assert as_utc(got.due_at) == want.due_at
        events = s.scalars(select(DeviationEvent.deviation_id)
                           .where(DeviationEvent.kind == "escalate")).all()
    assert len(events) == escalated and escalated > 50
