"""Mail through the outbox, delivered to a real SMTP server on loopback (aiosmtpd): a severe
case tells the head of schools, a sweep tells each new owner once; with the server away the
messages wait, are tried again later, and are sent once it is back — never twice."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from email.policy import default

from aiosmtpd.controller import Controller
from portal_helpers import signed_in
from sqlalchemy import select
from test_deviations import TEACHER, _report

from helpers import hv
from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.services.notify.outbox import MailServer, send_pending
from huvudman.store.models import Outbox
from huvudman.store.times import as_utc


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cases_are_mailed_to_their_owners_once(portal, db_url) -> None:
    app, clock = portal
    port = _free_port()
    server = MailServer("127.0.0.1", port, sender="avvikelser@alvstad.example")
    case = _report(signed_in(app, TEACHER), severity="3", title="Hot mot lärare",
                   description="En vuxen hotade en lärare vid entrén.")
    with app.state.sessions() as s:
        waiting = s.scalars(select(Outbox)).all()
        assert [m.to_address for m in waiting] == ["skolchef@demo.huvudman.se"]
    # the mail server is away: the message waits, with the error, for a later try
    assert send_pending(app.state.sessions, server, clock["now"]) == (0, 1)
    with app.state.sessions() as s:
        message = s.scalars(select(Outbox)).one()
        assert message.sent_at is None and message.attempts == 1 and message.last_error
        assert as_utc(message.next_try_at) == clock["now"] + timedelta(minutes=1)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert send_pending(app.state.sessions, server, clock["now"]) == (0, 0)  # not yet due
        clock["now"] = clock["now"] + timedelta(minutes=2)
        assert send_pending(app.state.sessions, server, clock["now"]) == (1, 0)
        assert send_pending(app.state.sessions, server, clock["now"]) == (0, 0)  # once
        first = inbox.messages[0]
        assert first["To"] == "skolchef@demo.huvudman.se"
        assert first["Subject"] == "Nytt ärende på din tavla: Hot mot lärare"
        assert f"/staff/deviations/{case}" in first.get_content()
        # a week later the case is overdue: the sweep moves it up, its new owner is told
        clock["now"] = clock["now"] + timedelta(days=7)
        assert sweep_now(app.state.sessions, clock["now"]) == 1
        assert send_pending(app.state.sessions, server, clock["now"]) == (1, 0)
        second = inbox.messages[1]
        assert second["To"] == "forvaltningschef@demo.huvudman.se"
        assert second["Subject"] == "Försenade ärenden ligger nu på din tavla"
        assert "dina (1)" in second.get_content() and "- Hot mot lärare" in second.get_content()
        sent = hv("outbox", "send", env={"DATABASE_URL": db_url,
                                         "HUVUDMAN_SMTP_HOST": "127.0.0.1",
                                         "HUVUDMAN_SMTP_PORT": str(port)})
        assert sent.returncode == 0 and "0 sent, 0 to try again later; 0 waiting" in sent.stderr
    finally:
        controller.stop()
    assert len(inbox.messages) == 2
