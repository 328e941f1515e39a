"""A person's records (GDPR article 15): a guardian downloads everything held about them and
their children from the portal, an officer exports a person from the command line; both are
logged, and neither shows another family's data or what the other guardian wrote."""

from __future__ import annotations

import json

from portal_helpers import client, csrf_of, sign_in
from sqlalchemy import select

from helpers import hv
from huvudman.store.models import AuditEntry, Child, School


def _alva(app) -> tuple[int, str]:
    with app.state.sessions() as s:
        child = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        return child.id, child.child_id


def test_a_guardian_downloads_everything_held_about_them(portal) -> None:
    app, _ = portal
    alva, alva_id = _alva(app)
    with app.state.sessions() as s:
        first = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    anna, bo = client(app), client(app)
    assert client(app).get("/me/data", follow_redirects=False).status_code == 303
    assert sign_in(anna, "anna@demo.huvudman.se", "demo-anna").status_code == 303
    assert sign_in(bo, "bo@demo.huvudman.se", "demo-bo").status_code == 303
    page = anna.get(f"/children/{alva}").text
    anna.post(f"/children/{alva}/choices", data={"csrf": csrf_of(page), "choice1": first},
              follow_redirects=False)
    bo.post(f"/children/{alva}/feedback", data={"csrf": csrf_of(bo.get(f"/children/{alva}").text),
                                                "text": "Bos egen synpunkt"},
            follow_redirects=False)
    assert 'href="/me/data"' in anna.get("/children").text

    response = anna.get("/me/data")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    record = response.json()
    assert record["person"]["email"] == "anna@demo.huvudman.se"
    assert "hash" not in json.dumps(record["person"]).lower().replace("one-way hash", "")
    assert [c["child_id"] for c in record["children"]] == [alva_id]
    child = record["children"][0]
    assert child["applications"][0]["choices"] == [first]
    assert child["guardians"] == ["Anna Andersson", "Bo Andersson"]
    assert "Bos egen synpunkt" not in response.text  # what the other guardian wrote
    assert "Elias Berg" not in response.text  # another family
    assert any(e["action"] == "save_choices" for e in record["audit_log"])
    assert record["person"]["sign_ins"]
    with app.state.sessions() as s:
        logged = s.scalars(select(AuditEntry).where(AuditEntry.action == "export_person")).all()
    assert [(e.actor, e.subject) for e in logged] == [("anna@demo.huvudman.se",
                                                       "user:anna@demo.huvudman.se")]


def test_an_officer_exports_a_person_from_the_command_line(portal, db_url, tmp_path) -> None:
    app, _ = portal
    _, alva_id = _alva(app)
    out = tmp_path / "export" / "anna.json"
    env = {"DATABASE_URL": db_url}
    done = hv("person-export", "--who", "anna@demo.huvudman.se", "--out", out, env=env)
    assert done.returncode == 0, done.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert [c["child_id"] for c in record["children"]] == [alva_id]
    again = hv("person-export", "--who", "anna@demo.huvudman.se", "--out", out, env=env)
    assert again.returncode == 2 and "exists already" in again.stderr
    child_out = tmp_path / "alva.json"
    assert hv("person-export", "--who", alva_id, "--out", child_out, env=env).returncode == 0
    assert json.loads(child_out.read_text(encoding="utf-8"))["person"] is None
    missing = hv("person-export", "--who", "19121212-1212", "--out", tmp_path / "x.json",
                 env=env)
    assert missing.returncode == 1 and "not found" in missing.stderr
    assert not (tmp_path / "x.json").exists()
    with app.state.sessions() as s:
        actors = s.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == "export_person")).all()
    assert len(actors) == 2 and all(a.startswith("person export (") for a in actors)
