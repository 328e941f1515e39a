"""Staff pages on SQLite and PostgreSQL: rules and places, notices, and who may open what."""

from __future__ import annotations

from portal_helpers import client, csrf_of, sign_in
from sqlalchemy import select

from huvudman.portal.roles import STAFF_PAGES
from huvudman.services.portal_seed import DEMO_ACCOUNTS
from huvudman.store.models import AuditEntry, Notice, PlacementRun, School

OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")


def signed_in(app, email: str, password: str):
    c = client(app)
    assert sign_in(c, email, password).status_code == 303
    return c


def test_an_officer_sets_rules_and_places_and_the_next_run_uses_them(portal, tmp_path) -> None:
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    officer = signed_in(app, *OFFICER)
    page = officer.get("/staff/settings").text
    assert 'value="sibling-proximity" checked' in page
    with app.state.sessions() as s:
        school = s.scalars(select(School).order_by(School.school_id)).first()
        sid, places = school.school_id, school.capacity
    form = {"csrf": csrf_of(page), "preset": "protected-near-home",
            "mechanism": "top-trading-cycles", "fallback": "nearest",
            f"places-{sid}": str(places + 7)}
    r = officer.post("/staff/settings", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/settings?changed=2"
    page = officer.get(r.headers["location"]).text
    assert 'value="protected-near-home" checked' in page and "Sparat: 2 ändringar." in page
    with app.state.sessions() as s:
        assert s.get(School, sid).capacity == places + 7
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "change_round_settings")).one()
        assert f"places at {sid} {places} → {places + 7}" in entry.detail
        assert "sibling-proximity · deferred-acceptance · nearest → protected-near-home · " \
               "top-trading-cycles · nearest" in entry.detail
    officer.post("/staff/runs", data={"csrf": csrf_of(page), "seed": "3"})
    with app.state.sessions() as s:
        run = s.scalars(select(PlacementRun)).one()
        assert run.rules == "protected-near-home · top-trading-cycles · nearest"
    record = (tmp_path / "runs" / "2027-run1" / "record" / "config.json").read_text()
    assert '"top-trading-cycles"' in record and '"protected"' in record
    assert "protected-near-home" in officer.get("/staff/runs").text


def test_bad_settings_store_nothing(portal) -> None:
    app, _ = portal
    officer = signed_in(app, *OFFICER)
    page = officer.get("/staff/settings").text
    with app.state.sessions() as s:
        first, second = s.scalars(select(School).order_by(School.school_id).limit(2)).all()
        before = (first.capacity, second.capacity)
    base = {"csrf": csrf_of(page), "preset": "sibling-proximity",
            "mechanism": "deferred-acceptance", "fallback": "nearest"}
    for bad in ({f"places-{first.school_id}": "5", f"places-{second.school_id}": "-1"},
                {f"places-{first.school_id}": "5", f"places-{second.school_id}": "many"},
                {"mechanism": "first-come-first-served"}, {"preset": "../../etc/passwd"}):
        r = officer.post("/staff/settings", data={**base, **bad})
        assert r.status_code == 400 and 'role="alert"' in r.text
    with app.state.sessions() as s:
        assert (s.get(School, first.school_id).capacity,
                s.get(School, second.school_id).capacity) == before
        assert not s.scalars(select(AuditEntry).where(
            AuditEntry.action == "change_round_settings")).all()


def test_an_officer_publishes_and_ends_a_notice_every_page_shows(portal) -> None:
    app, _ = portal
    officer = signed_in(app, *OFFICER)
    page = officer.get("/staff/notices").text
    tok = csrf_of(page)
    bad = officer.post("/staff/notices", data={"csrf": tok, "title": "x", "body": "y",
                                                "starts": "2027-02-01 08:00",
                                                "ends": "2027-01-31 08:00"})
    assert bad.status_code == 400 and "måste sluta efter" in bad.text
    assert officer.post("/staff/notices", data={"csrf": tok, "title": "Driftstörning",
                                                "body": "E-tjänsten är stängd i kväll.",
                                                "starts": "", "ends": "nonsense"}
                        ).status_code == 400
    r = officer.post("/staff/notices", data={"csrf": tok, "title": "Driftstörning",
                                             "body": "E-tjänsten är stängd i kväll.",
                                             "starts": "", "ends": ""}, follow_redirects=False)
    assert r.status_code == 303
    anna = signed_in(app, "anna@demo.huvudman.se", "demo-anna")
    assert "E-tjänsten är stängd i kväll." in anna.get("/children").text
    with app.state.sessions() as s:
        notice_id = s.scalars(select(Notice.id)).one()
    assert "visas nu" in officer.get("/staff/notices").text
    officer.post(f"/staff/notices/{notice_id}/end", data={"csrf": tok})
    assert "E-tjänsten är stängd i kväll." not in anna.get("/children").text
    assert "avslutat" in officer.get("/staff/notices").text
    assert officer.post("/staff/notices/999/end", data={"csrf": tok}).status_code == 404
    with app.state.sessions() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry))]
    assert "publish_notice" in actions and "end_notice" in actions


def test_every_role_sees_its_own_menu_and_nothing_else(portal) -> None:
    app, _ = portal
    accounts = {a.role: a for a in DEMO_ACCOUNTS}
    assert set(accounts) >= {"guardian", "placement_officer", "principal", "head_of_schools",
                             "education_director", "municipal_director", "school_evaluator",
                             "auditor", "administrator"}
    for role, account in accounts.items():
        c = signed_in(app, account.email, account.password)
        for path, _label, roles in STAFF_PAGES.values():
            if path in ("/staff/compare", "/staff/school", "/staff/audit", "/staff/users"):
                continue  # pages of later steps
            code = c.get(path).status_code
            assert code == (200 if role in roles else 403), (role, path, code)
        menu = c.get("/").text if role == "guardian" else c.get(
            next(p for p, _l, r in STAFF_PAGES.values() if role in r)).text
        shown = {p for p, _l, _r in STAFF_PAGES.values() if f'href="{p}"' in menu}
        assert shown == {p for p, _l, r in STAFF_PAGES.values() if role in r}, role
