"""Feedback written before the complaint routine survives the upgrade (SQLite and PostgreSQL):
its text and sender kept, its deadlines counted from the day it arrived, answered or not."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text

from huvudman.store.database import make_engine, sessions, upgrade
from huvudman.store.models import Feedback


def test_old_feedback_gets_its_deadlines(db_url) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0017")
    with engine.begin() as c:
        c.execute(text("INSERT INTO app_user (id, email, name, role, locale) "
                       "VALUES (1, 'a@x.se', 'Anna', 'guardian', 'sv')"))
        c.execute(text("INSERT INTO feedback (user_id, text, received_at, due_on, answered_at) "
                       "VALUES (1, 'Svårt att förstå brevet', :at, '2026-12-30', NULL), "
                       "(1, 'Tack', :at, '2026-12-30', :at)"),
                  {"at": datetime(2026, 12, 16, 9, 0, tzinfo=UTC)})
    upgrade(engine)
    with sessions(engine)() as s:
        rows = s.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert [(r.text, r.state) for r in rows] == [("Svårt att förstå brevet", "received"),
                                                 ("Tack", "answered")]
    # ten working days from Wednesday 16 December: not 24–26, 31 December, 1 or 6 January
    assert rows[0].answer_by.replace(tzinfo=None) == datetime(2027, 1, 5, 23, 0)
    assert rows[0].user_id == 1 and rows[0].kind == "opinion" and not rows[0].consent
    engine.dispose()
