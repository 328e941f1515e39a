"""The case of DESIGN.md, replayed: the School Inspectorate's injunction with findings is
registered, the principal takes corrective actions with evidence, the countdown shows where
each finding stands, and the report to the inspectorate is generated on time as a PDF with
every finding, action and piece of evidence (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
from portal_helpers import csrf_of, signed_in
from sqlalchemy import select

from huvudman.store.models import AuditEntry, School, User

HEAD = ("skolchef@demo.huvudman.se", "demo-skolchef")
PRINCIPAL = ("rektor@demo.huvudman.se", "demo-rektor")
EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")


def _act(c, decision: int, **form) -> int:
    page = c.get(f"/staff/inspections/{decision}").text
    return c.post(f"/staff/inspections/{decision}/act", data={"csrf": csrf_of(page), **form},
                  follow_redirects=False).status_code


def test_an_injunction_from_findings_to_the_report(portal) -> None:
    app, clock = portal
    head, principal, evaluator = (signed_in(app, a) for a in (HEAD, PRINCIPAL, EVALUATOR))
    with app.state.sessions() as s:
        school = s.scalars(select(User.school_id).where(User.email == PRINCIPAL[0])).one()
        name = s.get(School, school).name
    page = head.get("/staff/inspections").text
    bad = head.post("/staff/inspections", data={
        "csrf": csrf_of(page), "school_id": school, "decided_on": "2027-01-15",
        "kind": "injunction", "reference": "SI 2026:8812", "summary": "",
        "area1": "teaching", "text1": "", "by1": ""})
    assert bad.status_code == 400 and "minst ett påpekande" in bad.text
    made = head.post("/staff/inspections", data={
        "csrf": csrf_of(page), "school_id": school, "decided_on": "2027-01-15",
        "kind": "injunction", "reference": "SI 2026:8812",
        "summary": "Skolan ska vidta åtgärder för att avhjälpa bristerna.",
        "area1": "support", "text1": "Utredningar om särskilt stöd startas inte skyndsamt.",
        "by1": "2027-02-10",
        "area2": "safety_and_calm", "text2": "Skolan arbetar inte förebyggande mot kränkningar.",
        "by2": "2027-06-01"}, follow_redirects=False)
    assert made.status_code == 303
    decision = int(re.search(r"/staff/inspections/(\d+)", made.headers["location"]).group(1))
    board = principal.get("/staff/inspections").text
    assert name in board and "Föreläggande" in board
    assert "21 dagar kvar" in board  # 2027-01-20 → 2027-02-10
    # the principal: two actions for the first finding, one done with evidence
    assert _act(principal, decision, step="add_action", id="x", text="Rutin") == 400
    finding = int(re.findall(r'name="step" value="add_action"><input type="hidden" name="id" '
                             r'value="(\d+)"', principal.get(f"/staff/inspections/{decision}")
                             .text)[0])
    assert _act(principal, decision, step="add_action", id=str(finding),
                text="Ny rutin: utredning startas inom en vecka efter signal",
                owner="principal", due_on="2027-02-01") == 303
    assert _act(evaluator, decision, step="add_action", id=str(finding), text="x",
                owner="principal", due_on="2027-02-01") == 403  # reads, does not act
    action = int(re.search(r'name="step" value="complete_action"><input type="hidden" '
                           r'name="id" value="(\d+)"',
                           principal.get(f"/staff/inspections/{decision}").text).group(1))
    assert _act(principal, decision, step="complete_action", id=str(action),
                done_on="2027-01-28", evidence="") == 400  # evidence first
    assert _act(principal, decision, step="report", id=str(finding), on="2027-01-28") == 400
    assert _act(principal, decision, step="complete_action", id=str(action),
                done_on="2027-01-28", evidence="Rutinen antagen; 12 utredningar startade i "
                                                "tid sedan dess") == 303
    page = principal.get(f"/staff/inspections/{decision}").text
    assert "Klar att redovisa" in page
    assert _act(principal, decision, step="report", id=str(finding), on="2027-01-28") == 303
    # the second finding, not acted on, falls due
    clock["now"] = clock["now"] + timedelta(days=140)
    late = signed_in(app, HEAD).get("/staff/inspections").text
    assert "Försenad" in late and "dagar sent" in late
    report = signed_in(app, PRINCIPAL).get(f"/staff/inspections/{decision}/report.pdf")
    assert report.status_code == 200 and report.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(report.content)).pages)
    for expected in ("Redovisning till Skolinspektionen", name, "SI 2026:8812",
                     "Extra anpassningar och särskilt stöd", "Ny rutin: utredning startas",
                     "12 utredningar startade", "Ingen åtgärd registrerad ännu"):
        assert expected in re.sub(r"\s+", " ", text), expected
    with app.state.sessions() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"register_inspection", "add_corrective_action", "complete_corrective_action",
            "report_finding", "read_inspection"} <= actions


def test_another_schools_principal_sees_nothing_of_it(portal) -> None:
    app, _ = portal
    head = signed_in(app, HEAD)
    with app.state.sessions() as s:
        schools = s.scalars(select(School.school_id).order_by(School.school_id)).all()
        own = s.scalars(select(User.school_id).where(User.email == PRINCIPAL[0])).one()
    other = next(sid for sid in schools if sid != own)
    page = head.get("/staff/inspections").text
    made = head.post("/staff/inspections", data={
        "csrf": csrf_of(page), "school_id": other, "decided_on": "2027-01-15",
        "kind": "remark", "reference": "SI 2026:1", "area1": "grading",
        "text1": "Betyg sätts inte allsidigt.", "by1": "2027-05-01"}, follow_redirects=False)
    decision = made.headers["location"].rsplit("/", 1)[1]
    principal = signed_in(app, PRINCIPAL)
    assert "SI 2026:1" not in principal.get("/staff/inspections").text
    assert principal.get(f"/staff/inspections/{decision}").status_code == 404
    assert principal.get(f"/staff/inspections/{decision}/report.pdf").status_code == 404


def test_the_countdown_is_told_by_mail_once_per_turn(portal) -> None:
    """Without anyone opening a page: due soon → the principal, the head of schools and the
    education director; overdue → the municipal director too; each once."""
    from huvudman.services.governance.inspection_reminders import remind_now
    from huvudman.store.models import Outbox

    app, clock = portal
    head = signed_in(app, HEAD)
    with app.state.sessions() as s:
        school = s.scalars(select(User.school_id).where(User.email == PRINCIPAL[0])).one()
    page = head.get("/staff/inspections").text
    assert head.post("/staff/inspections", data={
        "csrf": csrf_of(page), "school_id": school, "decided_on": "2027-01-15",
        "kind": "injunction", "reference": "SI 2026:9001", "area1": "safety_and_calm",
        "text1": "Otrygghet.", "by1": "2027-03-31"}, follow_redirects=False).status_code == 303
    now = clock["now"]
    assert remind_now(app.state.sessions, now) == 0  # 70 days left: on track
    assert remind_now(app.state.sessions, now + timedelta(days=45)) == 1
    assert remind_now(app.state.sessions, now + timedelta(days=46)) == 0  # told already
    assert remind_now(app.state.sessions, now + timedelta(days=71)) == 1  # now overdue
    with app.state.sessions() as s:
        mails = s.scalars(select(Outbox).where(Outbox.kind.like("finding_%"))
                          .order_by(Outbox.id)).all()
    soon = sorted(m.to_address for m in mails if m.kind == "finding_due_soon")
    late = sorted(m.to_address for m in mails if m.kind == "finding_overdue")
    assert soon == ["forvaltningschef@demo.huvudman.se", "rektor@demo.huvudman.se",
                    "skolchef@demo.huvudman.se"]
    assert late == sorted([*soon, "kommundirektor@demo.huvudman.se"])
    assert "SI 2026:9001" in mails[0].subject and "2027-03-31" in mails[0].subject
    assert "Bristen inom Trygghet och studiero" in mails[0].body
