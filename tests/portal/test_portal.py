"""The portal on SQLite and PostgreSQL: sign-in, a family ranking schools with chances, two
guardians confirming, id-guessing, roles, CSRF, the sign-in limit, notices, the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

from portal_helpers import NOW, client, close_choices, csrf_of, run_folder, sign_in
from sqlalchemy import func, select

from huvudman.letters.route_map import MapLabels
from huvudman.store import audit_log
from huvudman.store.models import AuditEntry, Child, Notice, School, User


def ids(app) -> dict[str, int]:
    with app.state.sessions() as s:
        anna = s.scalars(select(User).where(User.email == "anna@demo.huvudman.se")).one()
        cecilia = s.scalars(select(User).where(User.email == "cecilia@demo.huvudman.se")).one()
        return {"anna_child": anna.children[0].id, "cecilia_child": cecilia.children[0].id}


def test_a_family_ranks_schools_sees_chances_and_both_guardians_confirm(portal) -> None:
    app, _ = portal
    anna = client(app)
    r = sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    assert r.status_code == 303 and r.headers["location"] == "/children"
    page = anna.get("/children").text
    assert ("Alva Andersson" in page and "inga val" in page.lower()) or "no choices" in page
    child = ids(app)["anna_child"]
    page = anna.get(f"/children/{child}").text
    token = csrf_of(page)
    options = re.findall(r'<option value="(\d+)"', page)
    first, second = options[0], options[1]  # nearest first
    chances = anna.post(f"/children/{child}/chances",
                        data={"csrf": token, "choice1": first, "choice2": second}).text
    assert f'data-school="{first}"' in chances and "%" in chances
    r = anna.post(f"/children/{child}/choices",
                  data={"csrf": token, "choice1": first, "choice2": second},
                  follow_redirects=False)
    assert r.status_code == 303
    page = anna.get(r.headers["location"]).text
    assert "Bo Andersson" in page  # the other guardian must still confirm
    bo = client(app)
    sign_in(bo, "bo@demo.huvudman.se", "demo-bo")
    page = bo.get(f"/children/{child}").text
    bo.post(f"/children/{child}/choices",
            data={"csrf": csrf_of(page), "choice1": first, "choice2": second})
    with app.state.sessions() as s:
        from huvudman.services.families import applications as families

        kid = s.get(Child, child)
        assert families.status(families.application_for(s, kid, "2027"), kid).complete


def test_a_changed_list_needs_the_other_guardian_again(portal) -> None:
    app, _ = portal
    child = ids(app)["anna_child"]
    anna, bo = client(app), client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    sign_in(bo, "bo@demo.huvudman.se", "demo-bo")
    with app.state.sessions() as s:
        a, b = s.scalars(select(School.school_id).limit(2)).all()
    for who in (anna, bo):
        tok = csrf_of(who.get(f"/children/{child}").text)
        who.post(f"/children/{child}/choices", data={"csrf": tok, "choice1": a})
    tok = csrf_of(anna.get(f"/children/{child}").text)
    anna.post(f"/children/{child}/choices", data={"csrf": tok, "choice1": b, "choice2": a})
    with app.state.sessions() as s:
        from huvudman.services.families import applications as families

        kid = s.get(Child, child)
        st = families.status(families.application_for(s, kid, "2027"), kid)
        assert not st.complete and st.confirmed_by == ["Anna Andersson"]
        assert st.waiting_for == ["Bo Andersson"]


def test_a_guardian_guessing_ids_finds_nothing(portal) -> None:
    app, _ = portal
    other = ids(app)["cecilia_child"]
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    assert anna.get(f"/children/{other}").status_code == 404
    assert anna.get("/children/999999").status_code == 404
    tok = csrf_of(anna.get("/children").text)
    r = anna.post(f"/children/{other}/choices", data={"csrf": tok, "choice1": "x"})
    assert r.status_code == 404
    assert anna.get("/staff").status_code == 403


def test_signed_out_visitors_go_to_sign_in_and_forms_need_the_token(portal) -> None:
    app, _ = portal
    c = client(app)
    r = c.get("/children", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    r = c.post("/login", data={"email": "anna@demo.huvudman.se", "password": "demo-anna"})
    assert r.status_code == 403  # no CSRF token
    assert sign_in(c, "anna@demo.huvudman.se", "wrong").status_code == 401


def test_the_sign_in_limit(portal) -> None:
    app, _ = portal
    c = client(app)
    codes = [sign_in(c, "bo@demo.huvudman.se", "wrong").status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert sign_in(c, "bo@demo.huvudman.se", "demo-bo").status_code == 429
    # successful sign-ins do not count against the limit
    anna = client(app)
    assert [sign_in(anna, "anna@demo.huvudman.se", "demo-anna").status_code
            for _ in range(8)] == [303] * 8


def test_a_password_hashed_with_older_settings_is_rehashed_at_sign_in(portal) -> None:
    from argon2 import PasswordHasher

    from huvudman.services.accounts.passwords import needs_rehash

    app, _ = portal
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("demo-anna")
    with app.state.sessions.begin() as s:
        s.scalars(select(User).where(User.email == "anna@demo.huvudman.se")).one() \
            .password_hash = old
    assert needs_rehash(old)
    assert sign_in(client(app), "anna@demo.huvudman.se", "demo-anna").status_code == 303
    with app.state.sessions() as s:
        stored = s.scalars(select(User).where(User.email == "anna@demo.huvudman.se")).one()
        assert stored.password_hash != old and not needs_rehash(stored.password_hash)
    assert sign_in(client(app), "anna@demo.huvudman.se", "demo-anna").status_code == 303


def test_after_the_deadline_choices_are_closed(portal) -> None:
    app, clock = portal
    child = ids(app)["anna_child"]
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    tok = csrf_of(anna.get(f"/children/{child}").text)
    clock["now"] = NOW + timedelta(days=30)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")  # sessions last eight hours
    tok = csrf_of(anna.get("/children").text)
    with app.state.sessions() as s:
        first = s.scalars(select(School.school_id)).first()
    r = anna.post(f"/children/{child}/choices", data={"csrf": tok, "choice1": first})
    assert r.status_code == 400


def test_staff_see_incomplete_applications_and_the_read_is_audited(portal) -> None:
    app, _ = portal
    officer = client(app)
    r = sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    assert r.headers["location"] == "/staff"
    page = officer.get("/staff").text
    assert "Anna Andersson" in page and "Cecilia Berg" in page
    with app.state.sessions() as s:
        entries = s.scalars(select(AuditEntry)).all()
        assert entries[-1].actor == "handlaggare@demo.huvudman.se"
        assert entries[-1].action == "read_applications"
        assert audit_log.verify(s)[1] is None


def test_a_notice_banner_stays_dismissed(portal) -> None:
    app, _ = portal
    with app.state.sessions.begin() as s:
        admin = s.scalars(select(User).where(User.role == "administrator")).one()
        s.add(Notice(title="Driftstörning", body="E-tjänsten är långsam i dag.",
                     starts_at=NOW - timedelta(hours=1), created_by=admin.id))
    c = client(app)
    sign_in(c, "anna@demo.huvudman.se", "demo-anna")
    page = c.get("/children").text
    assert "Driftstörning" in page
    notice_id = re.search(r'id="notice-(\d+)"', page).group(1)
    c.post(f"/notices/{notice_id}/dismiss", data={"csrf": csrf_of(page)})
    assert "Driftstörning" not in c.get("/children").text


def test_language_switch(portal) -> None:
    app, _ = portal
    c = client(app)
    assert '<html lang="sv" dir="ltr">' in c.get("/login").text
    c.get("/lang/en")
    assert '<html lang="en" dir="ltr">' in c.get("/login").text


def test_the_portal_catalog_is_complete() -> None:
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    src = Path(__file__).resolve().parents[2] / "src" / "huvudman"
    root = src / "portal"
    ids = {m[2] for m in extract_from_dir(
        root, method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None})}
    ids |= {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(
        src / "words", method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)})}
    assert len(ids) > 40 and "the deadline has passed" in ids
    done: set = set()
    for po in (root / "locale" / "sv" / "LC_MESSAGES" / "portal.po",
               src / "words" / "locale" / "sv" / "LC_MESSAGES" / "words.po"):
        with po.open("rb") as fh:
            done |= {m.id if isinstance(m.id, str) else m.id[0]
                     for m in read_po(fh) if m.id and m.string}
    assert ids <= done, sorted(ids - done)


def test_an_officer_places_overrides_publishes_and_the_family_reads_the_decision(
        portal, tmp_path) -> None:
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    child = ids(app)["anna_child"]
    with app.state.sessions() as s:
        first = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    for email, password in (("anna@demo.huvudman.se", "demo-anna"),
                            ("bo@demo.huvudman.se", "demo-bo")):
        g = client(app)
        sign_in(g, email, password)
        tok = csrf_of(g.get(f"/children/{child}").text)
        g.post(f"/children/{child}/choices", data={"csrf": tok, "choice1": first})
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    tok = csrf_of(officer.get("/staff/runs").text)
    r = officer.post("/staff/runs", data={"csrf": tok, "seed": "7"}, follow_redirects=False)
    run_page = r.headers["location"]
    page = officer.get(run_page).text
    with app.state.sessions() as s:
        from huvudman.store.models import Application

        counted = s.scalar(select(func.count()).select_from(Application))
    assert counted > 300  # the demo's other families applied already, and Anna's family
    assert f"Ansökningar som räknades: {counted}." in page and "Platser: ok" in page
    run_id = int(run_page.rsplit("/", 1)[1])
    assert (run_folder(tmp_path / "runs", run_id) / "record" / "run.json").is_file()
    # an override needs a reason
    other = ids(app)["cecilia_child"]
    with app.state.sessions() as s:
        other_id = s.get(Child, other).child_id
    bad = officer.post(f"{run_page}/override", data={"csrf": tok, "child_id": other_id,
                                                     "school_id": first, "reason": " "})
    assert bad.status_code == 400
    officer.post(f"{run_page}/override", data={"csrf": tok, "child_id": other_id,
                                               "school_id": first, "reason": "sibling moved"})
    assert "sibling moved" in officer.get(run_page).text
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    assert anna.get(f"/children/{child}/decision").status_code == 404  # not published yet
    close_choices(app)
    officer.post(f"{run_page}/publish", data={"csrf": tok})
    page = anna.get(f"/children/{child}/decision").text
    with app.state.sessions() as s:
        name = s.get(School, first).name
    assert name in page
    letter = anna.get(f"/children/{child}/letter")
    assert letter.status_code == 200 and "Beslut om skolplacering" in letter.text
    assert "Beslut om skola" in anna.get(f"/children/{child}/letter?easy=1").text  # lättläst
    assert "Om ni inte håller med" in page
    assert "tre veckor från" in page or "inget att överklaga" in page  # one way, or none
    tok = csrf_of(page)
    sent = anna.post(f"/children/{child}/feedback", data={"csrf": tok, "text": "Tack!"})
    assert sent.status_code == 200
    # ten Swedish working days after Wednesday 20 January 2027
    assert "senast 2027-01-22 och svarar senast 2027-02-03." in sent.text
    assert "Tack!" in officer.get("/staff/feedback").text
    stats = officer.get("/staff/statistics").text
    assert "<svg" in stats and "Förstahandsval" in stats
    export = officer.get("/staff/statistics.csv")
    lines = export.text.splitlines()
    assert lines[0].startswith("round,run,district,children,first_choice_share,any_choice_share")
    assert any(x.startswith(f"2027,{run_id},all,400,") for x in lines)
    assert any(x.startswith("2026,") and ",all,400," in x for x in lines)  # last year's
    assert anna.get("/staff/statistics").status_code == 403
    with app.state.sessions() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry))]
        assert {"run_placement", "override_placement", "publish_run"} <= set(actions)


def test_a_guardian_browses_schools_with_walks_maps_and_last_years_line(portal) -> None:
    app, _ = portal
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    child = ids(app)["anna_child"]
    page = anna.get(f"/children/{child}").text
    assert "promenader från ert hem" in page
    links = re.findall(rf'href="/children/{child}/schools/(\d+)">[^<]+</a> '
                       r'<span class="small">([\d\u00a0]+)\u00a0m</span>', page)
    assert len(links) >= 5
    metres = [int(m.replace("\u00a0", "")) for _, m in links]  # Babel's Swedish "1 225 m"
    assert metres == sorted(metres)  # nearest walk first
    school_id, shown = links[0]
    school = anna.get(f"/children/{child}/schools/{school_id}").text
    assert 'class="route-map"' in school and "Gångväg till" in school
    assert re.search(r'data-fact="distance">([\d\u00a0]+)\u00a0m', school).group(1) == shown
    assert "I omgång 2026 hade skolan" in school
    with app.state.sessions() as s:
        kid = s.get(Child, child)
        place = s.get(School, school_id)
        walks = app.state.walking.distances(kid.lat, kid.lon, [(place.school_id, place.lat,
                                                                 place.lon)])
        drawn = app.state.walking.route_map(kid.lat, kid.lon, (place.school_id, place.lat,
                                                               place.lon),
                                            MapLabels("t", "d", "h", "s"))
    assert abs(drawn[1] - walks[school_id]) < 1e-6 and f"{walks[school_id]:,.0f}".replace(
        ",", "\u00a0") == shown
    other = ids(app)["cecilia_child"]
    assert anna.get(f"/children/{other}/schools/{school_id}").status_code == 404
    assert anna.get(f"/children/{child}/schools/nope").status_code == 404


def test_the_other_guardian_is_asked_and_reminded(portal) -> None:
    app, clock = portal
    child = ids(app)["anna_child"]
    anna, bo = client(app), client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    sign_in(bo, "bo@demo.huvudman.se", "demo-bo")
    assert "data-waiting" not in bo.get("/children").text
    page = anna.get(f"/children/{child}").text
    first = re.findall(r'<option value="(\d+)"', page)[0]
    anna.post(f"/children/{child}/choices", data={"csrf": csrf_of(page), "choice1": first})
    asked = bo.get("/children").text
    assert f'data-waiting="{child}"' in asked and "Anna Andersson har valt skolor" in asked
    assert "data-waiting" not in anna.get("/children").text  # Anna has confirmed
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    staff = officer.get("/staff").text
    clock["now"] = NOW + timedelta(days=2)
    for c, who in ((officer, "handlaggare@demo.huvudman.se"), (bo, "bo@demo.huvudman.se")):
        sign_in(c, who, "demo-officer" if c is officer else "demo-bo")  # eight-hour sessions
    staff = officer.get("/staff").text
    r = officer.post("/staff/remind", data={"csrf": csrf_of(staff)}, follow_redirects=False)
    sent = int(r.headers["location"].split("=")[1])
    assert sent >= 1
    assert "Påminnelse från skolvalsenheten, 2027-01-22 11:00." in bo.get("/children").text
    page = bo.get(f"/children/{child}").text
    bo.post(f"/children/{child}/choices", data={"csrf": csrf_of(page), "choice1": first})
    assert "data-waiting" not in bo.get("/children").text  # confirmed: nothing to ask
    with app.state.sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "send_reminders")).one()
        assert entry.detail == f"{sent} reminders"
    assert bo.post("/staff/remind", data={"csrf": csrf_of(page)}).status_code == 403


def test_error_pages_speak_the_pages_language(portal) -> None:
    """Not found, not allowed, a wrong method and a form with a field of the wrong kind: a page
    in the reader's language, never the framework's English or JSON."""
    app, _ = portal
    c = client(app)
    sign_in(c, "anna@demo.huvudman.se", "demo-anna")
    for path, status in (("/no/such/page", 404), ("/children/999999", 404),
                         ("/staff/users", 403)):
        r = c.get(path)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html")
        assert "Not Found" not in r.text and "Forbidden" not in r.text
        assert ("Hittades inte" if status == 404 else "Inte tillåtet") in r.text, path
    wrong = c.put("/login")
    assert wrong.status_code == 405 and "Det går inte att göra här" in wrong.text
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    tok = csrf_of(officer.get("/staff/runs").text)
    bad = officer.post("/staff/runs", data={"csrf": tok, "seed": "many"})
    assert bad.status_code == 400 and "Formuläret var inte ifyllt som väntat" in bad.text
    assert not bad.headers["content-type"].startswith("application/json")
    english = client(app)
    english.cookies.set("lang", "en")
    assert "Not found" in english.get("/no/such/page").text


def test_signing_out_ends_the_session_everywhere(portal) -> None:
    """A copied cookie stops working once its owner signs out; an ended or forged session is
    simply signed out."""
    app, _ = portal
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    assert anna.get("/children").status_code == 200
    thief = client(app)
    thief.cookies.set("huvudman_session", anna.cookies.get("huvudman_session"))
    assert thief.get("/children").status_code == 200  # the copy works while the session lives
    tok = csrf_of(anna.get("/children").text)
    anna.post("/logout", data={"csrf": tok})
    for c in (anna, thief):
        r = c.get("/children", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login"
    # a day later the next sign-in removes the sessions that can no longer be used
    from huvudman.store.models import User, WebSession

    _, clock = portal
    clock["now"] = NOW + timedelta(days=1)
    sign_in(client(app), "anna@demo.huvudman.se", "demo-anna")
    with app.state.sessions() as s:
        uid = s.scalars(select(User.id).where(User.email == "anna@demo.huvudman.se")).one()
        assert s.scalar(select(func.count()).select_from(WebSession)
                        .where(WebSession.user_id == uid)) == 1
