"""Staff pages on SQLite and PostgreSQL: rules and places, notices, and who may open what."""

from __future__ import annotations

import re

from portal_helpers import client, close_choices, csrf_of, run_folder, sign_in
from sqlalchemy import select

from huvudman.portal.roles import STAFF_PAGES
from huvudman.services.demo.portal_seed import DEMO_ACCOUNTS
from huvudman.store.models import (
    AuditEntry,
    Child,
    Notice,
    Placement,
    PlacementRun,
    School,
    User,
)

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
        run = s.scalars(select(PlacementRun).where(PlacementRun.round == "2027")).one()
        assert run.rules == "protected-near-home · top-trading-cycles · nearest"
    record = (run_folder(tmp_path / "runs", run.id) / "record" / "config.json").read_text()
    assert '"top-trading-cycles"' in record and '"protected"' in record
    run_json = (run_folder(tmp_path / "runs", run.id) / "record" / "run.json").read_text()
    assert '"distance": "walking"' in run_json  # along the municipality's own streets
    assert "Skyddad identitet och enda skola nära hemmet först · Byteskedjor" in \
        officer.get("/staff/runs").text


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
            code = c.get(path).status_code
            assert code == (200 if role in roles else 403), (role, path, code)
        menu = c.get("/").text if role == "guardian" else c.get(
            next(p for p, _l, r in STAFF_PAGES.values() if role in r)).text
        shown = {p for p, _l, _r in STAFF_PAGES.values() if f'href="{p}"' in menu}
        assert shown == {p for p, _l, r in STAFF_PAGES.values() if role in r}, role


def _place_and_publish(app, officer, seed: str, publish: bool = True) -> str:
    tok = csrf_of(officer.get("/staff/runs").text)
    r = officer.post("/staff/runs", data={"csrf": tok, "seed": seed}, follow_redirects=False)
    if publish:
        close_choices(app)
        officer.post(f"{r.headers['location']}/publish", data={"csrf": tok})
    return r.headers["location"]


def test_two_runs_compared_side_by_side(portal, tmp_path) -> None:
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    officer = signed_in(app, *OFFICER)
    assert "minst två placeringskörningar" in officer.get("/staff/compare").text
    first = _place_and_publish(app, officer, "1", publish=False).rsplit("/", 1)[1]
    assert "färre än två körningar" in officer.get("/staff/compare").text
    with app.state.sessions() as s:
        history = s.scalars(select(PlacementRun.id).where(PlacementRun.round == "2026")).one()
    other_year = officer.get(f"/staff/compare?a={history}&b={first}").text
    assert "olika barn" in other_year and "Mått på rättvisa" not in other_year
    page = officer.get("/staff/settings").text
    officer.post("/staff/settings", data={"csrf": csrf_of(page), "preset": "sibling-proximity",
                                          "mechanism": "immediate-acceptance",
                                          "fallback": "nearest"})
    second = _place_and_publish(app, officer, "1", publish=False).rsplit("/", 1)[1]
    page = officer.get("/staff/compare").text  # the two latest by default
    assert "Mått på rättvisa" in page and "Direkt antagning (Boston)" in page
    moved = int(re.search(r"Barn som placerades olika: (\d+)", page).group(1))
    assert moved > 0 and page.count("<tr>") >= moved
    assert "Välj två olika körningar." in officer.get(f"/staff/compare?a={first}&b={first}").text
    moved_ids = re.findall(r"<tr><td>(y1b\d+)</td>", page)
    assert moved_ids
    with app.state.sessions.begin() as s:  # one who moved gets protected personal data
        s.scalars(select(Child).where(Child.child_id == moved_ids[0])).one().protected = True
    with app.state.sessions() as s:
        protected = set(s.scalars(select(Child.child_id).where(Child.protected)))
    auditor = signed_in(app, "revisor@demo.huvudman.se", "demo-revisor")
    seen = auditor.get("/staff/compare").text
    assert not protected & set(re.findall(r"<tr><td>(y1b\d+)</td>", seen))
    assert moved_ids[0] in officer.get("/staff/compare").text  # placers still see the child
    assert seen.count("visas bara för handläggare") == len(protected & set(moved_ids))
    with app.state.sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "read_comparison")).first()
        assert entry.subject == f"runs:{first},{second}"


def test_a_principal_sees_only_their_own_school_and_no_addresses(portal, tmp_path) -> None:
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    rektor = signed_in(app, "rektor@demo.huvudman.se", "demo-rektor")
    assert "Inga beslut är publicerade ännu." in rektor.get("/staff/school").text
    _place_and_publish(app, signed_in(app, *OFFICER), "4")
    page = rektor.get("/staff/school").text
    with app.state.sessions() as s:
        principal = s.scalars(select(User).where(User.role == "principal")).one()
        rows = s.execute(select(Placement, Child).join(Child, Child.id == Placement.child_id)
                         ).all()
        here = [c for p, c in rows if p.school_id == principal.school_id]
        elsewhere = [c for p, c in rows if p.school_id != principal.school_id
                     and not c.protected]
    assert here and f"{len(here)} barn." in page
    for child in here:
        if child.protected:
            assert child.child_id not in page and child.name not in page
        else:
            assert child.child_id in page
    assert not any(c.child_id in page for c in elsewhere)
    assert not any(f"{c.lat:.4f}" in page or f"{c.lon:.4f}" in page for c in here)
    with app.state.sessions() as s:
        assert s.scalars(select(AuditEntry).where(
            AuditEntry.action == "read_school_pupils")).first() is not None


def test_the_auditor_reads_the_audit_log_and_sees_it_intact(portal) -> None:
    app, _ = portal
    officer = signed_in(app, *OFFICER)
    officer.get("/staff")  # a staff read of personal data, audited
    auditor = signed_in(app, "revisor@demo.huvudman.se", "demo-revisor")
    page = auditor.get("/staff/audit").text
    assert "är oförändrade" in page and "read_applications" in page
    only = auditor.get("/staff/audit?action=read_audit_log").text
    assert "read_applications</td>" not in only and "read_audit_log</td>" in only
    assert auditor.post("/staff/settings", data={}).status_code in (403, 422)


def test_the_administrator_creates_and_changes_staff_accounts(portal) -> None:
    app, _ = portal
    admin = signed_in(app, "admin@demo.huvudman.se", "demo-admin")
    page = admin.get("/staff/users").text
    tok = csrf_of(page)
    with app.state.sessions() as s:
        sid = s.scalars(select(School.school_id).order_by(School.school_id)).first()
        admin_id = s.scalars(select(User.id).where(User.role == "administrator")).one()
    new = {"csrf": tok, "email": "Ny.Rektor@Alvstad.example", "name": "Ny Rektor",
           "role": "principal", "school_id": sid, "password": "ett-långt-lösenord"}
    for bad, words in (({"school_id": ""}, "rektorskonto behöver"),
                       ({"password": "kort"}, "minst 12 tecken"),
                       ({"email": "inte-en-adress"}, "giltig e-postadress"),
                       ({"role": "guardian"}, "listade rollerna"),
                       ({"email": "admin@demo.huvudman.se"}, "finns redan")):
        r = admin.post("/staff/users", data={**new, **bad})
        assert r.status_code == 400 and words in r.text, bad
    assert admin.post("/staff/users", data=new, follow_redirects=False).status_code == 303
    rektor = signed_in(app, "ny.rektor@alvstad.example", "ett-långt-lösenord")
    assert rektor.get("/staff/school").status_code == 200
    with app.state.sessions() as s:
        new_id = s.scalars(select(User.id).where(User.email == "ny.rektor@alvstad.example")).one()
    admin.post(f"/staff/users/{new_id}/role", data={"csrf": tok, "role": "auditor"})
    # a changed role ends the account's sessions: its holder signs in again to work in it
    assert rektor.get("/staff/school", follow_redirects=False).headers["location"] == "/login"
    rektor = signed_in(app, "ny.rektor@alvstad.example", "ett-långt-lösenord")
    assert rektor.get("/staff/school").status_code == 403
    assert rektor.get("/staff/audit").status_code == 200
    mine = admin.post(f"/staff/users/{admin_id}/role", data={"csrf": tok, "role": "auditor"})
    assert mine.status_code == 400 and "din egen roll" in mine.text
    assert admin.post("/staff/users/99999/role",
                      data={"csrf": tok, "role": "auditor"}).status_code == 404
    with app.state.sessions() as s:
        details = [e.detail for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(("create_account", "change_role"))))]
    assert details == [f"role principal, school {sid}",
                       f"principal ({sid}) → auditor; 1 session(s) ended"]


def test_statistics_by_year_with_a_map_of_fallback_homes(portal, tmp_path) -> None:
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    officer = signed_in(app, *OFFICER)
    page = officer.get("/staff/statistics").text  # last year's published run only
    assert "Per år" in page and ">2026 (fågelvägen)</a>" in page and ">2027" not in page
    run_page = _place_and_publish(app, officer, "9")
    page = officer.get("/staff/statistics").text
    assert ">2026 (fågelvägen)</a>" in page and ">2027</a>" in page  # walked this year
    assert page.count('class="fallback-map"') == 1
    with app.state.sessions() as s:
        run_id = int(run_page.rsplit("/", 1)[1])
        rows = s.execute(select(Placement, Child).join(Child, Child.id == Placement.child_id)
                         .where(Placement.run_id == run_id)).all()
    fallback = [c for p, c in rows if p.rule == "fallback"]
    counts = [int(n) for n in re.findall(
        r'<rect [^>]*fill="#[0-9a-f]{6}"><title>(\d+)</title></rect>', page)]
    hidden = int(re.search(r"lämnas tomma \((\d+) barn\)", page).group(1))
    assert sum(counts) + hidden == len([c for c in fallback if not c.protected])
    assert counts and all(n >= 3 for n in counts)
    last_year = officer.get("/staff/statistics?run=1").text
    assert "Per distrikt, omgång 2026" in last_year


def test_statistics_charts_show_under_the_portals_own_policy(portal, tmp_path) -> None:
    """Charts are images the Content-Security-Policy lets show (no inline styles in the page),
    and a year measured in straight lines is labelled so beside a year measured on foot."""
    import base64

    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    tok = csrf_of(officer.get("/staff/runs").text)
    officer.post("/staff/runs", data={"csrf": tok, "seed": "3"})
    r = officer.get("/staff/statistics")
    policy = r.headers["content-security-policy"]
    assert "style-src 'self'" in policy and "img-src 'self' data:" in policy
    page = r.text
    assert "<style" not in page and not re.search(r"<[^>]+\sstyle=", page)
    charts = re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" '
                        r'alt="([^"]+)"', page)
    assert len(charts) == 2 and all(alt for _, alt in charts)
    year_chart = base64.b64decode(charts[0][0]).decode()
    assert "2026 (fågelvägen)" in year_chart  # last year's seeded run: straight lines
    assert "2027" in year_chart and "2027 (fågelvägen)" not in year_chart  # walked


def test_an_officer_decides_and_withdraws_special_reasons(portal, tmp_path) -> None:
    """Decided by personnummer or id, listed with who and when, used by the next run,
    withdrawn; every step audited; refused in words for an unknown child; placers only."""
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    officer = signed_in(app, *OFFICER)
    with app.state.sessions() as s:
        kid = s.scalars(select(Child).where(Child.personnummer.is_not(None))
                        .order_by(Child.child_id)).first()
        pnr, cid = kid.personnummer, kid.child_id
        school = s.scalars(select(School).order_by(School.school_id)).first()
    page = officer.get("/staff/special-reasons").text
    bad = officer.post("/staff/special-reasons", data={
        "csrf": csrf_of(page), "child": "nobody", "school_id": school.school_id,
        "category": "medical"})
    assert bad.status_code == 400 and "inget barn med det id:t eller personnumret" in bad.text
    ok = officer.post("/staff/special-reasons", data={
        "csrf": csrf_of(page), "child": pnr.replace("-", ""), "school_id": school.school_id,
        "category": "medical", "note": "intyg från BVC"})
    assert "Beslutet är registrerat." in ok.text
    assert "medicinska skäl" in ok.text and "Hanna Handläggare" in ok.text and cid in ok.text
    tok = csrf_of(officer.get("/staff/runs").text)
    run = officer.post("/staff/runs", data={"csrf": tok, "seed": "4"},
                       follow_redirects=False).headers["location"]
    inputs = (run_folder(tmp_path / "runs", run.rsplit('/', 1)[1]) / "inputs" /
              "children.csv").read_text()
    assert f"{school.school_id}" in next(line for line in inputs.splitlines()
                                         if line.startswith(cid + ",")).split(",")[5]
    with app.state.sessions() as s:
        from huvudman.store.models import SpecialReason

        reason_id = s.scalars(select(SpecialReason.id).where(
            SpecialReason.child_id == kid.id)).one()
    page = officer.get("/staff/special-reasons").text
    officer.post(f"/staff/special-reasons/{reason_id}/withdraw", data={"csrf": csrf_of(page)})
    assert cid not in officer.get("/staff/special-reasons").text
    principal = signed_in(app, "rektor@demo.huvudman.se", "demo-rektor")
    assert principal.get("/staff/special-reasons").status_code == 403
    with app.state.sessions() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry))]
    assert {"decide_special_reason", "withdraw_special_reason",
            "read_special_reasons"} <= set(actions)


def test_feedback_is_read_without_names_by_those_who_follow_up(portal) -> None:
    """The officer who answers reads the names; the evaluator, leaders and auditor read the
    same feedback with names, personnummer and addresses marked out; both reads audited."""
    app, _ = portal
    with app.state.sessions() as s:
        child = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one().id
    anna = signed_in(app, "anna@demo.huvudman.se", "demo-anna")
    page = anna.get(f"/children/{child}").text
    anna.post(f"/children/{child}/feedback", data={
        "csrf": csrf_of(page), "text": "Jag heter Anna Andersson, Alva ska gå nära hemmet. "
        "Nå mig på anna@example.se."})
    officer = signed_in(app, *OFFICER).get("/staff/feedback").text
    assert "Anna Andersson" in officer and "anna@example.se" in officer
    for who in (("utvarderare@demo.huvudman.se", "demo-utvardering"),
                ("revisor@demo.huvudman.se", "demo-revisor"),
                ("skolchef@demo.huvudman.se", "demo-skolchef")):
        text = signed_in(app, *who).get("/staff/feedback").text
        assert "ska gå nära hemmet" in text, who
        assert not {"Anna", "Andersson", "Alva", "anna@example.se"} & set(
            re.findall(r"[\w@.]+", text.split('<ul class="cases">')[1].split("</ul>")[0])), who
    with app.state.sessions() as s:
        reads = [e.detail for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "read_feedback"))]
    assert any("with names" in d for d in reads) and any("without names" in d for d in reads)
