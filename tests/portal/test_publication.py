"""Publishing a run's decisions (issue 13): never before the choice deadline, never over the
round's published decisions, and with audit findings only after a justification that a second
person approved; an override is audited again at once. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

from portal_helpers import client, close_choices, csrf_of, sign_in
from sqlalchemy import select

from huvudman.store.models import AuditEntry, Child, PlacementRun, School

OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")
ADMIN = ("admin@demo.huvudman.se", "demo-admin")
DIRECTOR = ("forvaltningschef@demo.huvudman.se", "demo-forvaltning")


def _signed_in(app, account):
    c = client(app)
    assert sign_in(c, *account).status_code == 303
    return c


def _run(app, officer, seed: str = "3") -> str:
    tok = csrf_of(officer.get("/staff/runs").text)
    return officer.post("/staff/runs", data={"csrf": tok, "seed": seed},
                        follow_redirects=False).headers["location"]


def _published(app, run: str) -> bool:
    with app.state.sessions() as s:
        return s.get(PlacementRun, int(run.rsplit("/", 1)[1])).published_at is not None


def _actions(app) -> list[str]:
    with app.state.sessions() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_no_decision_is_published_before_the_choice_deadline(portal) -> None:
    app, _clock = portal
    officer = _signed_in(app, OFFICER)
    run = _run(app, officer)
    page = officer.get(run).text
    assert "Familjerna kan ändra sina listor till" in page
    assert f'href="{run}/publish"' not in page  # no button while anything blocks it
    confirm = officer.get(f"{run}/publish")
    assert "Besluten kan inte publiceras än" in confirm.text
    refused = officer.post(f"{run}/publish", data={"csrf": csrf_of(page)})
    assert refused.status_code == 400 and not _published(app, run)
    assert "Besluten kan inte publiceras än" in refused.text


def test_the_confirmation_names_how_many_decisions_and_their_date(portal) -> None:
    app, _clock = portal
    officer = _signed_in(app, OFFICER)
    run = _run(app, officer)
    other = _run(app, officer, seed="4")  # made before anything was published
    close_choices(app)
    page = officer.get(run).text
    assert f'href="{run}/publish"' in page
    confirm = officer.get(f"{run}/publish").text
    with app.state.sessions() as s:
        children = len(s.scalars(select(Child.id)).all())
    heading = re.search(r"<h1>(.*?)</h1>", confirm).group(1)
    assert heading == f"Publicera beslut för {children} barn, daterade 2027-01-20", heading
    assert officer.post(f"{run}/publish", data={"csrf": csrf_of(confirm)},
                        follow_redirects=False).status_code == 303
    assert _published(app, run) and "publish_run" in _actions(app)
    # another run of the round never replaces the published decisions
    assert "ändras genom rättelse" in officer.get(other).text
    again = officer.post(f"{other}/publish", data={"csrf": csrf_of(confirm)})
    assert again.status_code == 400 and not _published(app, other)
    # and a new run is a correction, which needs its policy declared
    tok = csrf_of(officer.get("/staff/runs").text)
    assert officer.post("/staff/runs", data={"csrf": tok, "seed": "5"}).status_code == 400


def test_an_override_into_a_full_school_is_a_finding_and_needs_two_people(portal) -> None:
    app, _clock = portal
    officer = _signed_in(app, OFFICER)
    run = _run(app, officer)
    page = officer.get(run).text
    assert "Platser: ok" in page
    with app.state.sessions() as s:
        run_id = int(run.rsplit("/", 1)[1])
        full = next(sid for sid, cap in s.execute(select(School.school_id, School.capacity))
                    if officer is not None and cap > 0
                    and f'value="{sid}">' in page and "— 0 lediga" in page.split(
                        f'value="{sid}">')[1].split("</option>")[0])
        outsider = s.scalars(select(Child.child_id).where(~Child.protected)
                             .order_by(Child.child_id)).first()
    assert officer.post(f"{run}/override", data={
        "csrf": csrf_of(page), "child_id": outsider, "school_id": full,
        "reason": "Test av kapacitet"}, follow_redirects=False).status_code == 303
    page = officer.get(run).text
    assert "Granskad igen efter ändringarna nedan." in page
    assert "Platser: <strong>1 avvikelser</strong>" in page
    with app.state.sessions() as s:
        name = s.get(School, full).name
    assert re.search(rf"skolan {name} har \d+ barn på \d+ platser", page)  # by its name
    close_choices(app)
    blocked = officer.post(f"{run}/publish", data={"csrf": csrf_of(page)})
    assert blocked.status_code == 400 and "Granskningen hittade något" in blocked.text
    assert officer.post(f"{run}/justify", data={"csrf": csrf_of(page), "justification": " "}
                        ).status_code == 400
    assert officer.post(f"{run}/justify", data={
        "csrf": csrf_of(page), "justification": "Barnet har särskilda skäl som beslutats."},
        follow_redirects=False).status_code == 303
    # the writer never approves their own justification
    own = officer.post(f"{run}/approve", data={"csrf": csrf_of(page)})
    assert own.status_code == 400 and "någon annan" in own.text.lower()
    assert officer.post(f"{run}/publish", data={"csrf": csrf_of(page)}).status_code == 400
    director = _signed_in(app, DIRECTOR)
    page = director.get(run).text
    assert "Godkänn motiveringen" in page
    assert director.post(f"{run}/approve", data={"csrf": csrf_of(page)},
                         follow_redirects=False).status_code == 303
    confirm = officer.get(f"{run}/publish").text
    assert "godkändes av forvaltningschef@demo.huvudman.se" in confirm
    assert officer.post(f"{run}/publish", data={"csrf": csrf_of(confirm)},
                        follow_redirects=False).status_code == 303
    assert _published(app, run)
    actions = _actions(app)
    for step in ("override_placement", "reaudit_run", "justify_run", "approve_run",
                 "publish_run"):
        assert step in actions
    with app.state.sessions() as s:
        assert not s.get(PlacementRun, run_id).audit_passed


def test_a_new_override_asks_for_a_new_justification(portal) -> None:
    app, _clock = portal
    officer = _signed_in(app, OFFICER)
    run = _run(app, officer)
    page = officer.get(run).text
    with app.state.sessions() as s:
        kids = s.scalars(select(Child.child_id).where(~Child.protected)
                         .order_by(Child.child_id).limit(2)).all()
        schools = s.scalars(select(School.school_id).order_by(School.school_id)).all()
    tok = csrf_of(page)
    for kid in kids:
        officer.post(f"{run}/override", data={"csrf": tok, "child_id": kid,
                                              "school_id": schools[0], "reason": "prov"})
        with app.state.sessions() as s:
            if not s.get(PlacementRun, int(run.rsplit("/", 1)[1])).audit_passed:
                officer.post(f"{run}/justify", data={"csrf": tok, "justification": "skäl"})
                _signed_in(app, ADMIN).post(f"{run}/approve", data={"csrf": tok})
    officer.post(f"{run}/override", data={"csrf": tok, "child_id": kids[0],
                                          "school_id": schools[-1], "reason": "ny prövning"})
    with app.state.sessions() as s:
        after = s.get(PlacementRun, int(run.rsplit("/", 1)[1]))
        assert after.justification is None and after.approved_by is None


def test_officers_find_a_child_by_name_or_personnummer_but_leaders_never_a_protected_one(
        portal) -> None:
    app, _clock = portal
    officer = _signed_in(app, OFFICER)
    run = _run(app, officer)
    with app.state.sessions() as s:
        alva = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        hidden = s.scalars(select(Child).where(Child.protected, Child.name != "")).first()
    found = officer.get(f"{run}?q=alva").text
    assert "Visar de första 20" in found  # the demo has many an Alva
    found = officer.get(f"{run}?q=alva andersson").text
    assert f"({alva.child_id})" in found
    if alva.personnummer:
        assert f"({alva.child_id})" in officer.get(
            f"{run}?q={alva.personnummer.replace('-', '')}").text
    assert officer.get(f"{run}?q=%25").status_code == 200  # a wildcard is only a character
    if hidden is not None:
        assert f"({hidden.child_id})" in officer.get(f"{run}?q={hidden.child_id}").text
        director = _signed_in(app, DIRECTOR)
        assert f"({hidden.child_id})" not in director.get(f"{run}?q={hidden.child_id}").text
    assert "search_run" in _actions(app)
