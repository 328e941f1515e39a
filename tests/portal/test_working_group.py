"""The dialogue's working group on SQLite and PostgreSQL: members, a meeting planned with
invitations by mail and a calendar file (iCalendar) behind a key, minutes, and a proposal and
an action item linked to the themes."""

from __future__ import annotations

import re

from icalendar import Calendar
from portal_helpers import client, csrf_of, signed_in
from sqlalchemy import select

from huvudman.store.models import GroupItem, Outbox

DIRECTOR = ("forvaltningschef@demo.huvudman.se", "demo-forvaltning")


def test_a_meeting_from_invitation_to_action_items(portal) -> None:
    app, _ = portal
    director = signed_in(app, DIRECTOR)
    page = director.get("/staff/dialogue/group").text
    token = csrf_of(page)
    for name, kind, email in (("Fatima Hassan", "guardian", "fatima@example.org"),
                              ("Per Politiker", "politician", ""),
                              ("Rut Rektor", "principal", "rektor@demo.huvudman.se")):
        assert director.post("/staff/dialogue/group", data={
            "csrf": token, "step": "member", "name": name, "kind": kind, "email": email},
            follow_redirects=False).status_code == 303
    bad = director.post("/staff/dialogue/group", data={
        "csrf": token, "step": "meeting", "starts": "18 november", "minutes_long": "90",
        "place": "Teams", "agenda": "1. Teman"})
    assert bad.status_code == 400
    made = director.post("/staff/dialogue/group", data={
        "csrf": token, "step": "meeting", "starts": "2026-11-18 18:00", "minutes_long": "90",
        "place": "Digitalt möte", "agenda": "1. De fyra temana\n2. Förslag till beslut"},
        follow_redirects=False)
    assert made.status_code == 303
    meeting = made.headers["location"]
    with app.state.sessions() as s:
        mails = s.scalars(select(Outbox).where(Outbox.kind == "group_invitation")).all()
    assert sorted(m.to_address for m in mails) == ["fatima@example.org",
                                                   "rektor@demo.huvudman.se"]
    link = re.search(r"/invitations/\d+\.ics\?key=\w+", mails[0].body).group(0)
    ics = client(app).get(link)  # no account needed: the key opens it
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT")
    assert event.decoded("dtstart").isoformat() == "2026-11-18T17:00:00+00:00"  # 18:00 CET
    assert str(event.get("location")) == "Digitalt möte" and "Fatima" not in ics.text
    assert client(app).get(link[:-3] + "xyz").status_code == 404  # a wrong key
    page = director.get(meeting).text
    members = dict((n, i) for i, n in re.findall(r'<option value="(\d+)">([^<]+)</option>',
                                                  page))
    token = csrf_of(page)
    assert director.post(meeting, data={
        "csrf": token, "step": "minutes", "minutes": "Gruppen gick igenom temana."},
        follow_redirects=False).status_code == 303
    assert director.post(meeting, data={
        "csrf": token, "step": "item", "kind": "proposal", "theme": "communication",
        "text": "Beslutsbrev på sju språk"}, follow_redirects=False).status_code == 303
    assert director.post(meeting, data={
        "csrf": token, "step": "item", "kind": "action", "theme": "communication",
        "text": "Ta fram översättningar", "owner_id": members["Fatima Hassan"],
        "due_on": ""}).status_code == 400  # an action needs its date
    assert director.post(meeting, data={
        "csrf": token, "step": "item", "kind": "action", "theme": "communication",
        "text": "Ta fram översättningar", "owner_id": members["Fatima Hassan"],
        "due_on": "2027-01-15"}, follow_redirects=False).status_code == 303
    shown = director.get(meeting).text
    assert "Gruppen gick igenom temana." in shown and "Beslutsbrev på sju språk" in shown
    with app.state.sessions() as s:
        items = s.scalars(select(GroupItem).order_by(GroupItem.id)).all()
    assert [(i.kind, i.theme) for i in items] == [("proposal", "communication"),
                                                  ("action", "communication")]
