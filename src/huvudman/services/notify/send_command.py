"""`huvudman outbox send`: send the outbox's due mail now (for a scheduler, or when the portal
is not running)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console
from sqlalchemy import func, select

from huvudman.services.database_work import on_database
from huvudman.services.notify.outbox import MailServer, send_pending
from huvudman.store.database import sessions
from huvudman.store.models import Outbox


def send_outbox(console: Console) -> int:
    """Send what is due from $DATABASE_URL's outbox through HUVUDMAN_SMTP_*; 0 done (or
    nothing configured: said so), 1 some could not be sent (they wait), 2 not possible."""
    server = MailServer.from_environment()

    def send(engine) -> tuple[int, int, int]:
        sent, failed = send_pending(sessions(engine), server, datetime.now(UTC))
        with sessions(engine)() as session:
            return sent, failed, session.scalar(select(func.count()).select_from(Outbox)
                                                .where(Outbox.sent_at.is_(None)))

    done = on_database(console, send, "nothing more was sent")
    if done is None:
        return 2
    sent, failed, waiting = done
    if server is None:
        console.print(f"no mail server configured (HUVUDMAN_SMTP_HOST): {waiting} message(s) "
                      "wait in the outbox", highlight=False)
        return 0
    console.print(f"{sent} sent, {failed} to try again later; {waiting} waiting in all",
                  highlight=False)
    return 1 if failed else 0
