"""Mail to families (issue 15), delivered to a real SMTP server on loopback (aiosmtpd): the
receipt and the other guardian's turn when a list is saved, automatic reminders before the
deadline (once each, in each guardian's language, with a link that turns them off), the
decision published and the appeal received. Nothing is queued twice; the outbox survives a
restart. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from aiosmtpd.controller import Controller
from portal_helpers import client, csrf_of, sign_in
from sqlalchemy import func, select
from test_appeals import _refused_and_published
from test_mail import Inbox, _free_port

from huvudman.services.notify.family_mail import remind_now
from huvudman.services.notify.outbox import MailServer, send_pending
from huvudman.store.models import Child, Guardianship, Outbox, Placement, School, User

ANNA = ("anna@demo.huvudman.se", "demo-anna")
BO = ("bo@demo.huvudman.se", "demo-bo")


def _signed_in(app, account, lang: str = "sv"):
    c = client(app)
    c.cookies.set("lang", lang)
    assert sign_in(c, *account).status_code == 303
    return c


def _mail(app, kind: str | None = None) -> list[Outbox]:
    with app.state.sessions() as s:
        query = select(Outbox).order_by(Outbox.id)
        if kind:
            query = query.where(Outbox.kind == kind)
        return list(s.scalars(query))


def _alva(app) -> tuple[int, list[str]]:
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
        return key, s.scalars(select(School.school_id).order_by(School.school_id)).all()


def test_a_saved_list_gives_a_receipt_and_asks_the_other_guardian_once(portal) -> None:
    app, _clock = portal
    key, schools = _alva(app)
    anna = _signed_in(app, ANNA)
    _signed_in(app, BO, lang="en")  # Bo reads the portal in English: his mail comes so
    page = anna.get(f"/children/{key}").text
    form = {"csrf": csrf_of(page), "choice1": schools[0], "choice2": schools[1]}
    for _twice in range(2):  # a double click: nothing new the second time
        assert anna.post(f"/children/{key}/choices", data=form,
                         follow_redirects=False).status_code == 303
    receipt, turn = _mail(app, "family_receipt"), _mail(app, "family_your_turn")
    assert [m.to_address for m in receipt] == [ANNA[0]]
    assert receipt[0].subject == "Kvitto: era skolval för Alva Andersson är sparade"
    assert "Den gäller när Bo Andersson har bekräftat samma lista." in receipt[0].body
    assert f"/children/{key}" in receipt[0].body and schools[0] not in receipt[0].body
    assert [m.to_address for m in turn] == [BO[0]]
    assert turn[0].subject == "Anna Andersson has chosen schools for Alva Andersson: do you agree?"
    # the messages are on each guardian's own page too
    assert "Kvitto: era skolval för Alva Andersson är sparade" in anna.get("/children").text


def test_reminders_come_once_in_each_language_and_can_be_turned_off(portal) -> None:
    app, clock = portal
    settings = app.state.settings
    _signed_in(app, ANNA)
    _signed_in(app, BO, lang="en")
    port = _free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    server = MailServer("127.0.0.1", port, sender="skolval@alvstad.example")
    try:
        sweep = (app.state.sessions, settings.round_name, settings.deadline, settings.sender())
        assert remind_now(*sweep, clock["now"]) == 0  # eleven days before: not yet
        clock["now"] = settings.deadline - timedelta(days=6)
        first = remind_now(*sweep, clock["now"])
        assert first >= 2  # every guardian still to confirm a list (the demo: a few)
        assert remind_now(*sweep, clock["now"] + timedelta(hours=1)) == 0  # once
        sent, failed = send_pending(app.state.sessions, server, clock["now"])
        while sent:  # in batches, each message once
            more, failed = send_pending(app.state.sessions, server, clock["now"])
            sent = more
        assert failed == 0 and len(inbox.messages) == first
        to = {m["To"]: m for m in inbox.messages}
        assert len(to) == len(inbox.messages)
        assert to[ANNA[0]]["Subject"].startswith("Påminnelse: välj skolor för Alva Andersson")
        assert to[BO[0]]["Subject"].startswith("Reminder: choose schools for Alva Andersson")
        link = re.search(r"http://localhost:8000(/reminders/off/\S+)",
                         to[ANNA[0]].get_content()).group(1)
    finally:
        controller.stop()
    # Anna turns the reminders off from the link: a page with a button (a mail scanner
    # opening the link changes nothing), then the next reminder skips her
    stranger = client(app)  # whoever has the mail: no sign-in needed
    page = stranger.get(link)
    assert page.status_code == 200 and "Vill ni sluta få påminnelser" in page.text
    with app.state.sessions() as s:
        assert not s.scalars(select(User.reminders_off).where(User.email == ANNA[0])).one()
    done = stranger.post(link, data={"csrf": csrf_of(page.text)})
    assert done.status_code == 200 and "Ni får inte längre påminnelser" in done.text
    assert client(app).get("/reminders/off/not-a-token").status_code == 404
    for odd in ("%00", "a%00b" * 4, "x" * 65, "%3Cscript%3E" * 3):  # never reaches the database
        assert client(app).get(f"/reminders/off/{odd}").status_code == 404
        assert stranger.post(f"/reminders/off/{odd}",
                             data={"csrf": csrf_of(page.text)}).status_code == 404
    clock["now"] = settings.deadline - timedelta(hours=20)
    second = remind_now(*sweep, clock["now"])
    assert second == first - 1
    last = _mail(app, "family_reminder")[-second:]
    assert ANNA[0] not in {m.to_address for m in last} and BO[0] in {m.to_address for m in last}
    anna = _signed_in(app, ANNA)  # days later: a new sign-in
    assert "Ni har stängt av påminnelser med e-post." in anna.get("/children").text
    page = anna.get("/children").text
    anna.post("/me/reminders", data={"csrf": csrf_of(page), "on": "1"})
    with app.state.sessions() as s:
        assert not s.scalars(select(User.reminders_off).where(User.email == ANNA[0])).one()


def test_publishing_tells_every_guardian_and_an_appeal_is_acknowledged(portal) -> None:
    app, _clock = portal
    key, anna, _officer = _refused_and_published(app)
    with app.state.sessions() as s:
        guardians = s.scalar(select(func.count()).select_from(Guardianship).where(
            Guardianship.child_id.in_(select(Placement.child_id))))
    decisions = _mail(app, "family_decision")
    assert len(decisions) == guardians and guardians >= 2  # the demo: a few have accounts
    mine = [m for m in decisions if m.to_address == ANNA[0]]
    assert mine and mine[0].subject == "Beslut om skolplacering för Alva Andersson"
    assert f"/children/{key}/decision" in mine[0].body
    assert "skola" not in mine[0].body.split("portalen")[0].lower().replace("skolplacering", "")
    page = anna.get(f"/children/{key}/decision").text
    assert anna.post(f"/children/{key}/appeal", data={
        "csrf": csrf_of(page), "text": "Vi vill ha vårt förstahandsval."}).status_code == 200
    told = _mail(app, "family_appeal_received")
    assert {m.to_address for m in told} == {ANNA[0], BO[0]}
    assert all("överklagande" in m.subject for m in told)


def test_an_officers_reminder_arrives_once_in_swedish_and_in_english(portal) -> None:
    app, clock = portal
    _signed_in(app, ANNA)
    _signed_in(app, BO, lang="en")
    officer = _signed_in(app, ("handlaggare@demo.huvudman.se", "demo-officer"))
    port = _free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        page = officer.get("/staff").text
        assert officer.post("/staff/remind", data={"csrf": csrf_of(page)},
                            follow_redirects=False).status_code == 303
        server = MailServer("127.0.0.1", port, sender="skolval@alvstad.example")
        sent, failed = send_pending(app.state.sessions, server, clock["now"])
        assert failed == 0 and sent == len(_mail(app, "family_reminder")) >= 2
        assert send_pending(app.state.sessions, server, clock["now"]) == (0, 0)  # once
    finally:
        controller.stop()
    to = [m["To"] for m in inbox.messages]
    assert len(to) == len(set(to)) == sent
    by = {m["To"]: m for m in inbox.messages}
    assert by[ANNA[0]]["Subject"] == ("Påminnelse: välj skolor för Alva Andersson senast "
                                      "2027-01-31 23:59")
    assert by[BO[0]]["Subject"] == "Reminder: choose schools for Alva Andersson by 2027-01-31 23:59"
    assert "Turn them off here: http://localhost:8000/reminders/off/" in by[BO[0]].get_content()
