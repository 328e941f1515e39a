"""E-mail through an outbox: a message is written in the same transaction as the event it
tells (an escalation, a new case) — so nothing is lost when the mail server is away — and sent
later by the portal's background work or `huvudman outbox send`, each marked sent once.

A failed send is tried again with a growing pause (1, 2, 4 … minutes, at most an hour); the
error is kept with the message. Without a mail server configured messages wait in the outbox."""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from huvudman.store.database import writes
from huvudman.store.models import Outbox

#: Messages sent per round (the rest in the next).
BATCH = 200
LONGEST_PAUSE = timedelta(hours=1)


@dataclass(frozen=True)
class MailServer:
    """Where mail goes: from HUVUDMAN_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _STARTTLS."""

    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "huvudman@localhost"
    starttls: bool = False

    @classmethod
    def from_environment(cls, env=os.environ) -> MailServer | None:
        """The configured server, or None when mail is not configured."""
        host = env.get("HUVUDMAN_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(host, int(env.get("HUVUDMAN_SMTP_PORT", "25")),
                   env.get("HUVUDMAN_SMTP_USER", ""), env.get("HUVUDMAN_SMTP_PASSWORD", ""),
                   env.get("HUVUDMAN_SMTP_FROM", "huvudman@localhost"),
                   env.get("HUVUDMAN_SMTP_STARTTLS", "0") == "1")


def portal_link(path: str) -> str:
    """An address in the portal for a mail (HUVUDMAN_PUBLIC_URL, e.g. the municipality's)."""
    return os.environ.get("HUVUDMAN_PUBLIC_URL", "http://localhost:8000").rstrip("/") + path


def queue(session: Session, to: str, subject: str, body: str, kind: str, ref: str,
          now: datetime) -> Outbox:
    """Write a message to send (in the caller's transaction)."""
    message = Outbox(to_address=to, subject=subject[:200], body=body, kind=kind, ref=ref[:64],
                     created_at=now, next_try_at=now, attempts=0, last_error="")
    session.add(message)
    return message


@dataclass(frozen=True)
class Message:
    """A message to queue once: `once_key` names what it is about, so telling the same thing
    again (a second sweep, a double click, a restart) queues nothing."""

    to: str
    subject: str
    body: str
    kind: str
    ref: str
    once_key: str


def queue_once(session: Session, messages: list[Message], now: datetime) -> int:
    """Write the messages not queued before (in the caller's transaction); how many. Many at
    a time: publishing a round tells thousands of guardians."""
    fresh: dict[str, Message] = {}
    for k in range(0, len(messages), 500):
        part = messages[k:k + 500]
        known = set(session.scalars(select(Outbox.once_key).where(
            Outbox.once_key.in_([m.once_key for m in part]))))
        fresh.update((m.once_key, m) for m in part if m.once_key not in known)
    if fresh:
        session.execute(insert(Outbox), [
            {"to_address": m.to, "subject": m.subject[:200], "body": m.body, "kind": m.kind,
             "ref": m.ref[:64], "created_at": now, "next_try_at": now, "attempts": 0,
             "last_error": "", "once_key": m.once_key[:160]} for m in fresh.values()])
    return len(fresh)


def send_pending(make_session, server: MailServer | None, now: datetime) -> tuple[int, int]:
    """Send what is due in one transaction per round; (sent, failed). Without a server
    nothing is tried (messages wait)."""
    if server is None:
        return 0, 0
    with make_session.begin() as session:
        writes(session)
        due = session.scalars(select(Outbox).where(
            Outbox.sent_at.is_(None), Outbox.next_try_at <= now)
            .order_by(Outbox.id).limit(BATCH).with_for_update(skip_locked=True)).all()
        if not due:
            return 0, 0
        sent = failed = 0
        try:
            with smtplib.SMTP(server.host, server.port, timeout=10) as smtp:
                if server.starttls:
                    smtp.starttls()
                if server.user:
                    smtp.login(server.user, server.password)
                for message in due:
                    try:
                        smtp.send_message(_email(server, message))
                        message.sent_at = now
                        sent += 1
                    except smtplib.SMTPException as err:
                        _failed(message, err, now)
                        failed += 1
        except (OSError, smtplib.SMTPException) as err:  # the server away: every one waits
            for message in due:
                if message.sent_at is None:
                    _failed(message, err, now)
                    failed += 1
        return sent, failed


def _email(server: MailServer, message: Outbox) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = server.sender
    mail["To"] = message.to_address
    mail["Subject"] = message.subject
    mail["Message-ID"] = f"<huvudman-{message.id}-{message.kind}@{server.sender.split('@')[-1]}>"
    mail.set_content(message.body)
    return mail


def _failed(message: Outbox, err: Exception, now: datetime) -> None:
    message.attempts += 1
    message.last_error = f"{err.__class__.__name__}: {err}"[:1000]
    message.next_try_at = now + min(timedelta(minutes=2 ** (message.attempts - 1)),
                                    LONGEST_PAUSE)
