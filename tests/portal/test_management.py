"""The management board on SQLite and PostgreSQL: a principal raises a matter with the head of
schools, the levels above read it, teachers do not; the head's team meeting gets its agenda
generated (the escalated case, the new one, the new thread), records an action item, and the
next month's agenda carries what is overdue — the case and the action item not done — and
nothing old twice."""

from __future__ import annotations

import re
from datetime import timedelta

from portal_helpers import NOW, csrf_of, signed_in
from sqlalchemy import select

from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.store.models import MeetingItem, Outbox

PRINCIPAL = ("rektor@demo.huvudman.se", "demo-rektor")
TEACHER = ("larare@demo.huvudman.se", "demo-larare")
HEAD = ("skolchef@demo.huvudman.se", "demo-skolchef")
DIRECTOR = ("forvaltningschef@demo.huvudman.se", "demo-forvaltning")


def _report(c, title: str, severity: str = "2") -> str:
    page = c.get("/staff/deviations/new").text
    return c.post("/staff/deviations/new", data={
        "csrf": csrf_of(page), "category": "safety_incident", "severity": severity,
        "school_id": re.search(r'<option value="([^"]+)" selected>', page).group(1),
        "title": title, "description": "Beskrivning."}, follow_redirects=False
    ).headers["location"].split("?")[0]


def test_threads_and_a_monthly_agenda(portal) -> None:
    app, clock = portal
    teacher = signed_in(app, TEACHER)
    _report(teacher, "Trasigt staket vid cykelstället")
    principal = signed_in(app, PRINCIPAL)
    board = principal.get("/staff/management").text
    raised = principal.post("/staff/management/threads", data={
        "csrf": csrf_of(board), "to_role": "head_of_schools", "subject": "Vikariebrist i vår",
        "text": "Vi saknar två lärare från mars; kan förvaltningen hjälpa?"},
        follow_redirects=False)
    assert raised.status_code == 303
    thread = raised.headers["location"]
    wrong_way = principal.post("/staff/management/threads", data={
        "csrf": csrf_of(board), "to_role": "municipal_director", "subject": "x", "text": "y"})
    assert wrong_way.status_code == 400  # one level at a time
    with app.state.sessions() as s:
        mail = s.scalars(select(Outbox).where(Outbox.kind == "thread")).one()
    assert mail.to_address == "skolchef@demo.huvudman.se" and "Vikariebrist" in mail.subject
    head = signed_in(app, HEAD)
    assert head.post(f"{thread}/answer", data={
        "csrf": csrf_of(head.get(thread).text), "text": "Vi tar upp det i ledningsgruppen."},
        follow_redirects=False).status_code == 303
    assert "ledningsgruppen" in signed_in(app, DIRECTOR).get(thread).text  # a level above
    assert teacher.get(thread).status_code == 403  # not on the management board at all

    clock["now"] = NOW + timedelta(days=3)  # the case's working day has run out
    assert sweep_now(app.state.sessions, clock["now"]) == 1  # up to the head of schools
    _report(signed_in(app, TEACHER), "Brandlarm utlöst med avsikt")  # new, the principal
    head = signed_in(app, HEAD)
    made = head.post("/staff/management/meetings", data={
        "csrf": csrf_of(head.get("/staff/management").text), "held_on": "2027-01-25"},
        follow_redirects=False)
    assert made.status_code == 303
    meeting = made.headers["location"]
    page = re.sub(r"\s+", " ", head.get(meeting).text)
    escalated = page[page.index("Eskalerat:"):page.index("Nytt sedan förra mötet")]
    assert "Trasigt staket" in escalated  # the sweep moved it up to the head of schools
    new = page[page.index("Nytt sedan förra mötet"):page.index("Beslut")]
    assert "Vikariebrist i vår" in new and "Brandlarm" in new
    assert head.post(f"{meeting}/items", data={
        "csrf": csrf_of(page), "kind": "action", "text": "Rekrytera två vikarier",
        "owner_role": "principal", "due_on": "2027-02-15"},
        follow_redirects=False).status_code == 303
    assert head.post(f"{meeting}/items", data={
        "csrf": csrf_of(page), "kind": "action", "text": "Utan datum",
        "owner_role": "principal", "due_on": ""}).status_code == 400
    assert signed_in(app, PRINCIPAL).get(meeting).status_code == 404  # the head and above

    clock["now"] = NOW + timedelta(days=30)
    head = signed_in(app, HEAD)
    again = head.post("/staff/management/meetings", data={
        "csrf": csrf_of(head.get("/staff/management").text), "held_on": "2027-02-22"},
        follow_redirects=False).headers["location"]
    with app.state.sessions() as s:
        meeting_id = int(again.rsplit("/", 1)[1])
        items = {(i.kind, i.text.split(" — ")[0]) for i in s.scalars(
            select(MeetingItem).where(MeetingItem.meeting_id == meeting_id))}
    assert ("overdue", "Rekrytera två vikarier") in items  # past 15 February, not done
    assert ("overdue", "Trasigt staket vid cykelstället") in items  # the head's day ran out
    assert not any(text.startswith("Vikariebrist") for _, text in items)  # not new any more
