"""Both guardians (issue 15): the one who did not save the list gets "Godkänn listan" / "Jag
vill ändra" with the list on top; approving makes it count; a change turns the question round,
and the officer sees who has not agreed. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

from portal_helpers import client, csrf_of, sign_in
from sqlalchemy import select

from huvudman.store.models import Child, School


def _signed_in(app, email: str, password: str):
    c = client(app)
    assert sign_in(c, email, password).status_code == 303
    return c


def test_the_other_guardian_approves_or_changes_the_list(portal) -> None:
    app, _clock = portal
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
        first, second = s.scalars(select(School.school_id).order_by(School.school_id)).all()[:2]
    anna = _signed_in(app, "anna@demo.huvudman.se", "demo-anna")
    bo = _signed_in(app, "bo@demo.huvudman.se", "demo-bo")
    page = anna.get(f"/children/{key}").text
    assert "Godkänn listan" not in page  # nothing to approve yet
    anna.post(f"/children/{key}/choices", data={"csrf": csrf_of(page), "choice1": first,
                                                "choice2": second})
    assert "Godkänn listan" not in anna.get(f"/children/{key}").text  # her own list
    page = bo.get(f"/children/{key}").text
    assert "Anna Andersson har valt listan ovan. Håller ni med?" in page
    hidden = dict(re.findall(r'<input type="hidden" name="(choice\d)" value="([^"]+)">', page))
    assert hidden == {"choice1": first, "choice2": second}
    assert 'href="#choose-h"' in page  # "Jag vill ändra" leads to the form
    done = bo.post(f"/children/{key}/choices", data={"csrf": csrf_of(page), **hidden},
                   follow_redirects=True).text
    assert "De gäller: alla vårdnadshavare har bekräftat dem." in done
    # Bo changes his mind: now Anna is asked, and the officer sees the family has not agreed
    bo.post(f"/children/{key}/choices", data={"csrf": csrf_of(done), "choice1": second,
                                              "choice2": first})
    page = anna.get(f"/children/{key}").text
    assert "Bo Andersson har valt listan ovan. Håller ni med?" in page
    officer = _signed_in(app, "handlaggare@demo.huvudman.se", "demo-officer")
    staff = officer.get("/staff").text
    with app.state.sessions() as s:
        alva = s.get(Child, key).child_id
    row = next(r for r in staff.split("<tr>") if alva in r)
    assert "Anna Andersson" in row and "Bo Andersson" in row  # waiting for / confirmed by


def test_a_guardian_says_no_and_everyone_sees_it(portal) -> None:
    """Bo does not agree with Anna's list and says why: the list does not count, Anna, Bo and
    the officer see the disagreement; once Bo approves a list it is gone."""
    app, _clock = portal
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
        first, second = s.scalars(select(School.school_id).order_by(School.school_id)).all()[:2]
    anna = _signed_in(app, "anna@demo.huvudman.se", "demo-anna")
    bo = _signed_in(app, "bo@demo.huvudman.se", "demo-bo")
    page = bo.get(f"/children/{key}").text
    early = bo.post(f"/children/{key}/disagree", data={"csrf": csrf_of(page), "note": "x"})
    assert early.status_code == 400 and "ingen lista att inte hålla med om" in early.text
    page = anna.get(f"/children/{key}").text
    anna.post(f"/children/{key}/choices", data={"csrf": csrf_of(page), "choice1": first,
                                                "choice2": second})
    page = bo.get(f"/children/{key}").text
    assert "Jag håller inte med" in page
    assert bo.post(f"/children/{key}/disagree", data={
        "csrf": csrf_of(page), "note": "Skolan ligger för långt bort."},
        follow_redirects=False).status_code == 303
    said = "Bo Andersson håller inte med om den här listan. «Skolan ligger för långt bort.»"
    for guardian in (anna, bo):
        text = re.sub(r"\s+", " ", guardian.get(f"/children/{key}").text)
        assert "Ansökan gäller inte än" in text
        assert said in text, re.findall(r"data-disagrees>[^<]*", text)
    officer = _signed_in(app, "handlaggare@demo.huvudman.se", "demo-officer")
    assert said in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", officer.get("/staff").text))
    page = bo.get(f"/children/{key}").text
    bo.post(f"/children/{key}/choices", data={"csrf": csrf_of(page), "choice1": first,
                                              "choice2": second})
    text = anna.get(f"/children/{key}").text
    assert "håller inte med" not in text
