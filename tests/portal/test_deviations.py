"""Deviations in the portal, as staff and reporters use them: a teacher reports from a phone,
the principal takes the case through to closing with evidence and the teacher reads the
outcome; an overdue case climbs the chain by itself; sensitive cases stay with those entitled;
an anonymous reporter follows the case with a receipt code and answers a question — with
nothing identifying kept (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from portal_helpers import client, csrf_of, signed_in
from sqlalchemy import select

from helpers import hv
from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.store.models import AuditEntry, Deviation, DeviationEvent, School

TEACHER = ("larare@demo.huvudman.se", "demo-larare")
PRINCIPAL = ("rektor@demo.huvudman.se", "demo-rektor")
HEAD = ("skolchef@demo.huvudman.se", "demo-skolchef")
EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")


def _report(c, **fields) -> int:
    page = c.get("/staff/deviations/new")
    assert page.status_code == 200
    school = re.search(r'<option value="([^"]+)" selected>', page.text).group(1)  # their own
    form = {"csrf": csrf_of(page.text), "category": "safety_incident", "severity": "1",
            "school_id": school,
            "title": "Trasigt staket", "description": "Staketet vid cykelstället är trasigt.",
            **fields}
    done = c.post("/staff/deviations/new", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text[:500]
    return int(re.search(r"/staff/deviations/(\d+)", done.headers["location"]).group(1))


def _step(c, case: int, action: str, text: str = "") -> int:
    page = c.get(f"/staff/deviations/{case}")
    return c.post(f"/staff/deviations/{case}/act", data={
        "csrf": csrf_of(page.text), "action": action, "text": text},
        follow_redirects=False).status_code


def test_a_teacher_reports_and_the_principal_closes_with_evidence(portal) -> None:
    app, _ = portal
    teacher, principal = signed_in(app, TEACHER), signed_in(app, PRINCIPAL)
    assert teacher.get("/staff", follow_redirects=False).status_code == 403
    case = _report(teacher)
    receipt = teacher.get(f"/staff/deviations/{case}?reported=1").text
    assert "Tack. Anmälan ligger hos Rektor" in receipt
    board = principal.get("/staff/deviations").text
    assert "Trasigt staket" in board and "På min tavla: 1" in board
    assert _step(principal, case, "act", "Laga staketet") == 400  # a cause first
    assert _step(principal, case, "start") == 303
    assert _step(principal, case, "cause", "Påkört av en bil i helgen") == 303
    assert _step(principal, case, "act", "Vaktmästaren lagar staketet") == 303
    assert _step(principal, case, "follow_up") == 303
    assert _step(principal, case, "close", "") == 400  # closing needs the evidence
    assert _step(principal, case, "close", "Staketet lagat, kontrollerat på fredag") == 303
    assert _step(teacher, case, "comment", "Tack!") == 400  # only the owner moves it
    evaluator = signed_in(app, EVALUATOR)  # follows the work up: reads it, moves nothing
    assert evaluator.get(f"/staff/deviations/{case}").status_code == 200
    assert _step(evaluator, case, "reopen", "Nej") == 400
    mine = teacher.get(f"/staff/deviations/{case}").text
    assert "Staketet lagat, kontrollerat på fredag" in mine and "Avslutad" in mine
    with app.state.sessions() as s:
        kinds = s.scalars(select(DeviationEvent.kind).where(
            DeviationEvent.deviation_id == case).order_by(DeviationEvent.id)).all()
        reads = s.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == "read_deviation")).all()
    assert kinds == ["report", "start", "cause", "act", "follow_up", "close"]
    assert {"larare@demo.huvudman.se", "rektor@demo.huvudman.se"} <= set(reads)


def test_an_overdue_case_climbs_the_chain_by_itself(portal, db_url) -> None:
    app, clock = portal
    case = _report(signed_in(app, TEACHER), severity="2")
    with app.state.sessions() as s:
        due = s.get(Deviation, case).due_at
    assert sweep_now(app.state.sessions, clock["now"]) == 0
    clock["now"] = clock["now"] + timedelta(days=7)
    assert sweep_now(app.state.sessions, clock["now"]) == 1
    assert sweep_now(app.state.sessions, clock["now"]) == 0  # once per deadline, not per sweep
    # a week later: signed in anew
    principal, head = signed_in(app, PRINCIPAL), signed_in(app, HEAD)
    head_board = head.get("/staff/deviations").text
    assert "På min tavla: 1" in head_board, re.sub(r"\s+", " ", head_board)[-2500:]
    board = principal.get("/staff/deviations").text
    assert "På min tavla: 0" in board and "Har gått över mig i ledningskedjan: 1" in board
    with app.state.sessions() as s:
        row = s.get(Deviation, case)
        assert row.level == 1 and row.escalations == 1 and row.due_at > due
        assert s.scalars(select(AuditEntry.action).where(
            AuditEntry.action == "escalate_deviations")).all() == ["escalate_deviations"]
    with app.state.sessions.begin() as s:  # the command sweeps at the real time
        s.get(Deviation, case).due_at = datetime.now(UTC) - timedelta(hours=1)
    swept = hv("governance", "sweep", env={"DATABASE_URL": db_url})
    assert swept.returncode == 0 and "1 overdue deviation(s) escalated" in swept.stderr


def test_degrading_treatment_is_read_only_by_those_entitled(portal) -> None:
    app, _ = portal
    teacher, principal, evaluator = (signed_in(app, a) for a in (TEACHER, PRINCIPAL, EVALUATOR))
    case = _report(teacher, category="degrading_treatment", title="Kränkning på rasten",
                   description="En elev blev slagen och kallad saker.")
    assert principal.get(f"/staff/deviations/{case}").status_code == 200
    assert teacher.get(f"/staff/deviations/{case}").status_code == 200  # the reporter
    assert evaluator.get(f"/staff/deviations/{case}").status_code == 404
    assert "Kränkning på rasten" not in evaluator.get("/staff/deviations").text
    with app.state.sessions() as s:  # another school's principal sees nothing of it
        other = s.scalars(select(School.school_id).order_by(School.school_id.desc())).first()
        from huvudman.store.models import User

        rektor = s.scalars(select(User).where(User.email == PRINCIPAL[0])).one()
        own = rektor.school_id
    assert other != own
    with app.state.sessions.begin() as s:
        s.scalars(select(User).where(User.email == PRINCIPAL[0])).one().school_id = other
    assert principal.get(f"/staff/deviations/{case}").status_code == 404


def test_an_anonymous_report_is_followed_and_answered_with_its_code(portal) -> None:
    app, _ = portal
    visitor = client(app)
    page = visitor.get("/report")
    assert page.status_code == 200 and "anonymt" in page.text
    sent = visitor.post("/report", data={
        "csrf": csrf_of(page.text), "category": "complaint", "severity": "1",
        "title": "Ingen lärare på mattelektionerna",
        "description": "Klass 4B har haft vikarie utan undervisning i tre veckor."})
    assert sent.status_code == 200
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", sent.text).group(1)
    with app.state.sessions() as s:
        row = s.scalars(select(Deviation)).one()
        assert row.reporter_id is None and row.reporter_kind == "anonymous"
        assert code not in (row.receipt_sha256 or "")
        case = row.id
    head, rektor = signed_in(app, HEAD), signed_in(app, PRINCIPAL)
    assert rektor.get(f"/staff/deviations/{case}").status_code == 404  # no school: not theirs
    assert "På min tavla: 1" in head.get("/staff/deviations").text  # the level above has it
    assert _step(head, case, "question", "Vilken skola gäller det?") == 303
    follow = visitor.post("/report/follow", data={"csrf": csrf_of(page.text),
                                                  "code": code.lower().replace("-", " ")})
    assert follow.status_code == 200 and "Vilken skola gäller det?" in follow.text
    wrong = visitor.post("/report/follow", data={"csrf": csrf_of(page.text), "code": "AAAA"})
    assert wrong.status_code == 404
    answered = visitor.post("/report/follow", data={"csrf": csrf_of(page.text), "code": code,
                                                    "answer": "Ängskolan, klass 4B"})
    assert answered.status_code == 200 and "Ditt svar är skickat" in answered.text
    with app.state.sessions() as s:
        answer = s.scalars(select(DeviationEvent).where(DeviationEvent.kind == "answer")).one()
        assert answer.actor_id is None and answer.text == "Ängskolan, klass 4B"
        actors = s.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == "report_deviation")).all()
    assert actors == ["anonymous"]


def test_patterns_show_on_the_board_and_names_are_never_kept(portal) -> None:
    """Three reports from the toilets at the same hour, and the same pupil named twice
    (written two ways): the principal's board shows the three patterns; the database holds no
    name, only a keyed code."""
    app, clock = portal
    named = ["Vera Nilsson", "vera  NILSSON", "Adam Ek"]
    for k, pupil in enumerate(named):  # three days apart: signed in anew each time
        _report(signed_in(app, TEACHER), category="degrading_treatment", place="toilets",
                pupil=pupil, title=f"Händelse {k}",
                description="Elever trakasserades på toaletten.")
        clock["now"] = clock["now"] + timedelta(days=3)
    board = signed_in(app, PRINCIPAL).get("/staff/deviations").text
    assert "Mönster i ärendena: 3" in board  # all three at ten in the morning, too
    assert "Samma tid på dagen igen" in board and "10–11" in board
    assert "Samma plats igen" in board and "Toaletter" in board and "3 ärenden" in board
    assert "Samma elev i flera ärenden" in board and "2 ärenden" in board
    assert "Vera" not in board
    assert "Mönster" not in signed_in(app, EVALUATOR).get("/staff/deviations").text
    with app.state.sessions() as s:
        rows = s.scalars(select(Deviation)).all()
        stored = " ".join(str(v) for r in rows for v in vars(r).values())
        keys = {r.pupil_key for r in rows}
    assert "Vera" not in stored and "Nilsson" not in stored.casefold().title()
    assert len(keys) == 2 and all(k and len(k) == 64 for k in keys)
