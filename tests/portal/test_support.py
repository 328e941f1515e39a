"""Special support measures on SQLite and PostgreSQL: a flagged school → an adviser → a measure
proposed, decided at the level its cost requires, followed up with evidence; a pupil signalled
by a teacher → the principal and pupil health told (without the name) → investigated → an
action programme decided, its working days reported per school without names."""

from __future__ import annotations

import re
from datetime import timedelta

from portal_helpers import NOW, csrf_of, signed_in
from sqlalchemy import select

from huvudman.store.models import AuditEntry, Outbox, PupilCase, School, SupportMeasure, User

EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")
HEAD = ("skolchef@demo.huvudman.se", "demo-skolchef")
DIRECTOR = ("forvaltningschef@demo.huvudman.se", "demo-forvaltning")
ADVISER = ("radgivare@demo.huvudman.se", "demo-radgivare")
PRINCIPAL = ("rektor@demo.huvudman.se", "demo-rektor")
TEACHER = ("larare@demo.huvudman.se", "demo-larare")
HEALTH = ("elevhalsa@demo.huvudman.se", "demo-elevhalsa")


def _post(c, path: str, page: str, **data):
    return c.post(path, data={"csrf": csrf_of(c.get(page).text), **data},
                  follow_redirects=False)


def test_a_flagged_school_gets_an_adviser_and_a_measure_decided_within_delegation(portal):
    app, clock = portal
    with app.state.sessions() as s:
        school = s.scalars(select(School).order_by(School.school_id)).first()
        school_id, name = school.school_id, school.name
    evaluator = signed_in(app, EVALUATOR)
    page = evaluator.get("/staff/early-warning").text
    assert evaluator.post("/staff/early-warning", data={"csrf": csrf_of(page)}, files={
        "file": ("s.csv", f"skolenhetskod,timePeriod,certifiedTeachersQuota,feels_safe\n"
                          f"{school_id},2025/26,\"40,0\",70\n".encode(), "text/csv")},
        follow_redirects=False).status_code == 303
    head = signed_in(app, HEAD)
    page = head.get("/staff/advisers").text
    adviser_id = re.search(r'<option value="(\d+)">Rita Rådgivare</option>', page).group(1)
    assert _post(head, "/staff/advisers", "/staff/advisers", school_id=school_id,
                 adviser_id=adviser_id, reason="Otrygghet").status_code == 303
    adviser = signed_in(app, ADVISER)
    form = adviser.get("/staff/support").text
    assert f'<option value="{school_id}"' in form  # the adviser's own school only
    assert form.count("<option value=") - form.count('name="trigger"') < 10
    bad = _post(adviser, "/staff/support", "/staff/support", school_id=school_id,
                trigger="adviser", title="Trygghetsteam", proposal="Vuxna i korridorerna",
                cost="nio hundra tusen")
    assert bad.status_code == 400 and "skriv kostnaden i hela kronor" in bad.text
    made = _post(adviser, "/staff/support", "/staff/support", school_id=school_id,
                 trigger="early_warning", trigger_ref="2025/26", title="Trygghetsteam",
                 proposal="Två vuxna i korridorerna och på gården", cost="900 000 kr")
    assert made.status_code == 303
    path = made.headers["location"]
    with app.state.sessions() as s:
        mails = s.scalars(select(Outbox).where(Outbox.kind == "measure_proposed")).all()
    assert [m.to_address for m in mails] == ["forvaltningschef@demo.huvudman.se"]
    assert name in mails[0].subject
    above = _post(head, f"{path}/act", path, step="approve", resources="2 tjänster",
                  starts_on="2027-02-01", ends_on="2027-06-15")
    assert above.status_code == 400 and "över din delegation" in above.text
    director = signed_in(app, DIRECTOR)
    backwards = _post(director, f"{path}/act", path, step="approve", resources="2 tjänster",
                      starts_on="2027-06-15", ends_on="2027-02-01")
    assert backwards.status_code == 400 and "startdatum före slutdatumet" in backwards.text
    assert _post(director, f"{path}/act", path, step="approve", resources="2 tjänster",
                 starts_on="2027-02-01", ends_on="2027-06-15").status_code == 303
    clock["now"] = NOW + timedelta(days=160)  # past the timeline: the follow-up is late
    principal = signed_in(app, PRINCIPAL)
    listing = principal.get("/staff/support").text
    assert "uppföljningen sen sedan 2027-06-15" in listing
    no_evidence = _post(principal, f"{path}/act", path, step="follow_up", effect="improved",
                        evidence=" ")
    assert no_evidence.status_code == 400 and "skriv vad som visar effekten" in no_evidence.text
    assert _post(principal, f"{path}/act", path, step="follow_up", effect="improved",
                 evidence="Trygghetsenkäten: 71 → 84 %").status_code == 303
    with app.state.sessions() as s:
        measure = s.scalars(select(SupportMeasure)).one()
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.subject == f"measure:{measure.id}")).all()
    assert (measure.state, measure.effect, measure.cost) == ("followed_up", "improved", 900_000)
    assert actions == ["propose_measure", "decide_measure", "follow_up_measure"]
    page = signed_in(app, EVALUATOR).get(path).text
    assert "Förbättrat: Trygghetsenkäten" in page and "Besluta insatsen" not in page


def test_a_pupil_from_signal_to_action_programme_with_names_kept_at_the_school(portal):
    app, clock = portal
    teacher = signed_in(app, TEACHER)
    assert _post(teacher, "/staff/pupil-support", "/staff/pupil-support", pupil_name=" ",
                 text="x").status_code == 400
    made = _post(teacher, "/staff/pupil-support", "/staff/pupil-support",
                 pupil_name="Pelle Hemligsson", pupil_class="3B",
                 text="Läser långsamt och tappar i matematik.")
    assert made.status_code == 303
    path = made.headers["location"]
    with app.state.sessions() as s:
        mails = s.scalars(select(Outbox).where(Outbox.kind == "pupil_signalled")).all()
        school_id = s.scalars(select(User.school_id).where(
            User.email == "larare@demo.huvudman.se")).one()
    assert sorted(m.to_address for m in mails) == ["elevhalsa@demo.huvudman.se",
                                                    "rektor@demo.huvudman.se"]
    assert all("Pelle" not in m.body + m.subject for m in mails)
    assert "Starta utredningen senast 2027-01-27" in mails[0].body  # 5 working days
    refused = _post(teacher, f"{path}/act", path, step="investigate", note="")
    assert refused.status_code == 400  # a teacher signals; pupil health investigates
    clock["now"] = NOW + timedelta(days=5)  # Monday 25 January: 3 working days later
    health = signed_in(app, HEALTH)
    assert _post(health, f"{path}/act", path, step="investigate", note="").status_code == 303
    assert _post(health, f"{path}/act", path, step="programme",
                 note="Extra lästräning").status_code == 400  # the principal decides
    clock["now"] = NOW + timedelta(days=12)
    principal = signed_in(app, PRINCIPAL)
    assert _post(principal, f"{path}/act", path, step="programme",
                 note="Lästräning tre gånger i veckan").status_code == 303
    head = signed_in(app, HEAD)
    board = re.sub(r">\s+<", "><", head.get("/staff/pupil-support").text)
    assert "Pelle" not in board and head.get(path).status_code == 404
    row = re.search(r"<tr[^>]*><th scope=\"row\">([^<]+)</th><td>1</td><td>–</td><td>–</td>"
                    r"<td>0</td><td>0</td></tr>", board)
    assert row is not None  # one case: its medians are blank (a pupil's own time)
    with app.state.sessions() as s:
        case = s.scalars(select(PupilCase)).one()
        reads = s.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == "read_pupil_case")).all()
        assert s.get(School, school_id).name == row.group(1)
    assert (case.state, case.programme) == ("programme", True)
    assert (case.investigation_on.isoformat(), case.decided_on.isoformat()) == (
        "2027-01-25", "2027-02-01")
    assert {"larare@demo.huvudman.se", "elevhalsa@demo.huvudman.se",
            "rektor@demo.huvudman.se"} <= set(reads)
    assert "Pelle Hemligsson (3B)" in principal.get("/staff/pupil-support").text
