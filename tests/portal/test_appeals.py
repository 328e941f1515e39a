"""Appeals (issue 13): a refused family finds its one way to appeal with its last day on the
decision page, appeals there with a receipt, and follows the case; staff check it for time,
forward it and record the ruling; a late appeal registered from paper can only be dismissed.
On SQLite and PostgreSQL."""

from __future__ import annotations

import re

from portal_helpers import client, close_choices, csrf_of, sign_in
from sqlalchemy import select

from huvudman.store.models import AuditEntry, Child, CorrectionMove, School

OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")


def _signed_in(app, email: str, password: str):
    c = client(app)
    assert sign_in(c, email, password).status_code == 303
    return c


def _refused_and_published(app) -> tuple[int, object, object]:
    """Alva's family puts first a school that has no places this year; the round is placed
    and published. Alva's key, Anna's client and the officer's."""
    with app.state.sessions.begin() as s:
        alva = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        closed, near = s.scalars(select(School.school_id).order_by(School.school_id)
                                 ).all()[:2]
        s.get(School, closed).capacity = 0
        key = alva.id
    anna = _signed_in(app, "anna@demo.huvudman.se", "demo-anna")
    bo = _signed_in(app, "bo@demo.huvudman.se", "demo-bo")
    for guardian in (anna, bo):
        page = guardian.get(f"/children/{key}").text
        assert guardian.post(f"/children/{key}/choices", data={
            "csrf": csrf_of(page), "choice1": closed, "choice2": near},
            follow_redirects=False).status_code == 303
    officer = _signed_in(app, *OFFICER)
    tok = csrf_of(officer.get("/staff/runs").text)
    run = officer.post("/staff/runs", data={"csrf": tok, "seed": "5"},
                       follow_redirects=False).headers["location"]
    close_choices(app)
    assert officer.post(f"{run}/publish", data={"csrf": tok},
                        follow_redirects=False).status_code == 303
    return key, anna, officer


def test_a_refused_family_appeals_in_the_portal_and_follows_the_case(portal) -> None:
    app, _clock = portal
    key, anna, officer = _refused_and_published(app)
    page = anna.get(f"/children/{key}/decision").text
    # one way, with its last day: three weeks from today, the day Anna read the decision
    assert "Skolväsendets överklagandenämnd" in page and "laglighetsprövning" not in page
    assert "Skicka överklagandet till oss senast 2027-02-10." in page
    assert "Detta är inte ett överklagande" in page
    letter = anna.get(f"/children/{key}/letter").text  # the letter: the same way and day
    assert "Skolväsendets överklagandenämnd" in letter and "laglighetsprövning" not in letter
    assert "Sista dagen är 10 februari 2027." in letter
    # a Swedish authority's letter: the municipality, the child by name and personnummer, the
    # date, who decided under which delegation, a reference number — never the preset's name
    with app.state.sessions() as s:
        alva = s.get(Child, key)
    assert "Älvstad kommun (demo)" in letter and "Sibling first" not in letter
    assert f"Barn: Alva Andersson ({alva.personnummer})" in letter
    assert ("Beslutat 20 januari 2027 av Hanna Handläggare, Skolvalsenheten, på delegation från "
            "utbildningsnämnden.") in letter
    pdf = anna.get(f"/children/{key}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Diarienummer: 2027/" in letter and f"/{alva.child_id}." in letter
    empty = anna.post(f"/children/{key}/appeal", data={"csrf": csrf_of(page), "text": " "})
    assert empty.status_code == 400 and "skriv vad ni vill ha ändrat" in empty.text
    sent = anna.post(f"/children/{key}/appeal", data={
        "csrf": csrf_of(page), "text": "Vi vill ha plats på vårt förstahandsval."})
    assert sent.status_code == 200
    assert "mottaget 2027-01-20" in sent.text and "2027-02-10" in sent.text
    listed = officer.get("/staff/appeals").text
    assert "Alva Andersson" in listed
    with app.state.sessions() as s:
        appeal = s.scalar(select(AuditEntry.detail).where(
            AuditEntry.action == "submit_appeal")).split()[-1]
    case = officer.get(f"/staff/appeals/{appeal}").text
    assert "i tid" in case and "Skickas vidare senast" in case and "2027-01-27" in case
    assert "Akten: körningens uppgifter om barnet" in case and "nekad" in case
    # the statement's draft: the decision, the refused school's line, the conclusion
    assert "Utkast till vårt yttrande" in case and "Yttrande i överklagandet" in case
    assert "betydande organisatoriska svårigheter" in case and "ska avslås" in case
    tok = csrf_of(case)
    assert officer.post(f"/staff/appeals/{appeal}/act", data={
        "csrf": tok, "step": "rule", "outcome": "upheld"}).status_code == 400  # not yet
    assert officer.post(f"/staff/appeals/{appeal}/act", data={
        "csrf": tok, "step": "forward", "note": "Yttrande: skolan hade inga platser."},
        follow_redirects=False).status_code == 303
    assert officer.post(f"/staff/appeals/{appeal}/act", data={
        "csrf": tok, "step": "rule", "outcome": "upheld"},
        follow_redirects=False).status_code == 303
    assert "Avgjort" in anna.get(f"/children/{key}/decision").text
    with app.state.sessions() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"submit_appeal", "read_appeal", "appeal_forward", "appeal_rule"} <= actions


def test_a_late_paper_appeal_can_only_be_dismissed_with_a_reason(portal) -> None:
    app, _clock = portal
    key, _anna, officer = _refused_and_published(app)
    with app.state.sessions() as s:
        alva = s.get(Child, key).child_id
    page = officer.get("/staff/appeals").text
    bad = officer.post("/staff/appeals", data={
        "csrf": csrf_of(page), "child": alva, "route": "administrative_appeal",
        "channel": "paper", "text": "Brev", "received_on": "9999-12-31",
        "starts_on": "2026-12-01"})
    assert bad.status_code == 400 and "skriv dagen som 2027-03-15" in bad.text
    made = officer.post("/staff/appeals", data={
        "csrf": csrf_of(page), "child": alva, "route": "administrative_appeal",
        "channel": "paper", "text": "Brev som kom sent", "received_on": "2027-01-20",
        "starts_on": "2026-12-01"}, follow_redirects=False)
    assert made.status_code == 303
    case = officer.get(made.headers["location"]).text
    assert "för sent" in case and "sista dagen var 2026-12-22" in case
    tok = csrf_of(case)
    url = made.headers["location"] + "/act"
    assert officer.post(url, data={"csrf": tok, "step": "forward"}).status_code == 400
    assert officer.post(url, data={"csrf": tok, "step": "dismiss"}).status_code == 400
    assert officer.post(url, data={"csrf": tok, "step": "dismiss",
                                   "note": "Kom in efter sista dagen."},
                        follow_redirects=False).status_code == 303
    assert "Avvisat: kom in för sent" in officer.get(made.headers["location"]).text
    # a timely one reconsidered: the decision is changed (carried out by a correction)
    timely = officer.post("/staff/appeals", data={
        "csrf": tok, "child": alva, "route": "administrative_appeal", "channel": "email",
        "text": "E-post i tid", "received_on": "2027-01-20", "starts_on": "2027-01-19"},
        follow_redirects=False).headers["location"]
    assert "i tid" in officer.get(timely).text
    assert officer.post(timely + "/act", data={"csrf": tok, "step": "change",
                                               "note": "Syskonet fanns på skolan."},
                        follow_redirects=False).status_code == 303
    changed = officer.get(timely).text
    assert "Beslutet ändrat vid omprövning" in changed and "ingen förlorar" in changed
    # counted year by year, by way and by result; one appeal at a school is not shown by school
    page = officer.get("/staff/appeals").text
    table = page.split('id="by-round"')[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table.split("<tbody>")[1])
    # round, appeals, change, to the board, legality, open, dismissed, changed, upheld, over.
    assert cells == ["2027", "2", "–", "2", "0", "0", "1", "1", "0", "0"], cells
    by_school = page.split('id="by-school"')[1].split('<p class="small">')[0]
    assert "<tbody>" not in by_school
    assert "(2 överklaganden)" in page


def test_no_appeal_without_a_refusal_and_only_for_ones_own_child(portal) -> None:
    app, _clock = portal
    key, _anna, _officer = _refused_and_published(app)
    cecilia = _signed_in(app, "cecilia@demo.huvudman.se", "demo-cecilia")
    with app.state.sessions() as s:
        elias = s.scalars(select(Child).where(Child.name == "Elias Berg")).one().id
    page = cecilia.get(f"/children/{elias}/decision").text
    assert "nothing" not in page and "inget att överklaga" in page  # no list: nothing refused
    refused = cecilia.post(f"/children/{elias}/appeal", data={"csrf": csrf_of(page),
                                                              "text": "Vi överklagar"})
    assert refused.status_code == 400 and "beslutssidan säger hur" in refused.text
    assert cecilia.post(f"/children/{key}/appeal", data={"csrf": csrf_of(page),
                                                         "text": "x"}).status_code == 404


def test_a_ruling_is_carried_out_by_a_correction_that_moves_only_that_child(portal) -> None:
    app, _clock = portal
    key, anna, officer = _refused_and_published(app)
    with app.state.sessions() as s:
        alva = s.get(Child, key).child_id
        second_choice = s.scalars(select(School.school_id).order_by(School.school_id)
                                  ).all()[1]
    # the board ruled that Alva must have her second choice, which refused her: the officer
    # decides it as a special reason, then corrects the round so that no one loses
    page = officer.get("/staff/special-reasons").text
    assert officer.post("/staff/special-reasons", data={
        "csrf": csrf_of(page), "child": alva, "school_id": second_choice,
        "category": "social", "note": "Skolväsendets överklagandenämnd, dom 2027-02-20"},
        follow_redirects=False).status_code == 303
    made = officer.post("/staff/runs", data={"csrf": csrf_of(page), "seed": "5",
                                             "policy": "no_one_loses"},
                        follow_redirects=False)
    assert made.status_code == 303
    run = made.headers["location"]
    with app.state.sessions() as s:
        moved = s.scalars(select(CorrectionMove).where(
            CorrectionMove.run_id == int(run.rsplit("/", 1)[1]))).all()
    assert [(m.child_id, m.to_school) for m in moved] == [(key, second_choice)]
    page = officer.get(run).text
    assert "1 barn flyttas" in page and "Extra platser som behövs:" in page
    # an extra place is an audit finding: two people publish it
    tok = csrf_of(page)
    officer.post(f"{run}/justify", data={"csrf": tok, "justification": "Nämndens dom."})
    admin = _signed_in(app, "admin@demo.huvudman.se", "demo-admin")
    admin.post(f"{run}/approve", data={"csrf": csrf_of(admin.get(run).text)})
    confirm = officer.get(f"{run}/publish").text
    assert "Publicera beslut för 1 barn" in confirm
    assert officer.post(f"{run}/publish", data={"csrf": csrf_of(confirm)},
                        follow_redirects=False).status_code == 303
    decision = anna.get(f"/children/{key}/decision").text
    with app.state.sessions() as s:
        name = s.get(School, second_choice).name
    assert name in decision and "rättat beslut" in decision


def test_an_appeal_posted_before_the_decision_was_read_counts_it_received(portal) -> None:
    app, _clock = portal
    key, anna, _officer = _refused_and_published(app)
    token = csrf_of(anna.get("/children").text)  # the decision page was never opened
    empty = anna.post(f"/children/{key}/appeal", data={"csrf": token, "text": ""})
    assert empty.status_code == 400
    assert "Skicka överklagandet till oss senast 2027-02-10." in empty.text
    sent = anna.post(f"/children/{key}/appeal", data={"csrf": token, "text": "Vi överklagar."})
    assert sent.status_code == 200 and "2027-02-10" in sent.text
