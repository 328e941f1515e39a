"""The monthly governance report (SQLite and PostgreSQL): on the demo's year of history its
counts agree with the cases themselves; as a page and as a tagged PDF for the board."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pypdf
from portal_helpers import NOW, signed_in
from sqlalchemy import select

from huvudman.governance import report as core
from huvudman.services.demo.portal_seed import seed_demo
from huvudman.services.governance.monthly_report import monthly_report, report_pdf
from huvudman.store.database import sessions
from huvudman.store.models import Deviation, DeviationEvent, User
from huvudman.store.times import as_utc

DIRECTOR = ("forvaltningschef@demo.huvudman.se", "demo-forvaltning")


def test_the_report_agrees_with_the_cases(engine, tmp_path) -> None:
    with sessions(engine).begin() as s:
        assert seed_demo(s, tmp_path, children=300, schools=6, seed=5)
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    month = (2026, 10)
    start, end = core.bounds(month)
    with sessions(engine).begin() as s:
        viewer = s.scalars(select(User).where(User.role == "education_director")).one()
        made = monthly_report(s, viewer, month, now)
        rows = s.scalars(select(Deviation)).all()
        events = s.execute(select(DeviationEvent.deviation_id, DeviationEvent.kind,
                                  DeviationEvent.at, DeviationEvent.state)
                           .order_by(DeviationEvent.id)).all()
        document = report_pdf(made, "Älvstad kommun (demo)", "sv")
    reported, closed, still_open = made.totals
    assert reported == sum(1 for r in rows if start <= as_utc(r.reported_at) < end) > 0
    assert reported == made.trend["reported"][-1]
    assert closed == made.trend["closed"][-1]
    # open at the month's end, replayed from the events one by one (the oracle)
    state: dict[int, str] = {}
    for deviation_id, _kind, at, after in events:
        if as_utc(at) < end:
            state[deviation_id] = after
    assert still_open == sum(1 for s in state.values() if s != "closed")
    assert made.escalations == sum(1 for _, kind, at, _ in events
                                   if kind == "escalate" and start <= as_utc(at) < end)
    assert len(made.trend_months) == 12 and made.trend_months[-1] == month
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(document)).pages))
    for expected in ("Styrningsrapport, oktober 2026", "Avvikelser per kategori",
                     "Kränkande behandling", "SI 2026:4711", "arbetsdagar från signal"):
        assert expected in text, expected
    pdf = pypdf.PdfReader(io.BytesIO(document))
    assert pdf.trailer["/Root"]["/Lang"] == "sv"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged: PDF/UA


def test_the_board_reads_it_as_a_page_and_a_pdf(portal) -> None:
    app, clock = portal
    clock["now"] = NOW + timedelta(days=15)  # February: January is the last full month
    director = signed_in(app, DIRECTOR)
    page = director.get("/staff/governance-report").text
    assert "Styrningsrapport, januari 2027" in page and 'class="chart"' in page
    assert "?month=2026-12" in page and "?month=2027-02" not in page  # no future month
    future = director.get("/staff/governance-report?month=2031-01").text
    assert "Styrningsrapport, januari 2027" in future  # beyond the last full month: that one
    older = director.get("/staff/governance-report?month=2026-05").text
    assert "Styrningsrapport, maj 2026" in older
    made = director.get("/staff/governance-report.pdf?month=2026-12")
    assert made.status_code == 200 and made.headers["content-type"] == "application/pdf"
    assert "styrningsrapport-2026-12.pdf" in made.headers["content-disposition"]
