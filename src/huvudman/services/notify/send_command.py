"""`huvudman outbox send`: send the outbox's due mail now (for a scheduler, or when the portal
is not running)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from huvudman.services.notify.outbox import MailServer, send_pending
from huvudman.store.database import database_url, make_engine, sessions
from huvudman.store.models import Outbox


def send_outbox(console: Console) -> int:
    """Send what is due from $DATABASE_URL's outbox through HUVUDMAN_SMTP_*; 0 done (or
    nothing configured: said so), 1 some could not be sent (they wait), 2 not possible."""
    server = MailServer.from_environment()
    engine = make_engine(database_url())
    try:
        sent, failed = send_pending(sessions(engine), server, datetime.now(UTC))
        with sessions(engine)() as session:
            waiting = session.scalar(select(func.count()).select_from(Outbox)
                                     .where(Outbox.sent_at.is_(None)))
    except SQLAlchemyError as err:
        console.print(f"[bold red]error:[/] {str(err).splitlines()[0]}", highlight=False)
        return 2
    finally:
        engine.dispose()
    if server is None:
        console.print(f"no mail server configured (HUVUDMAN_SMTP_HOST): {waiting} message(s) "
                      "wait in the outbox", highlight=False)
        return 0
    console.print(f"{sent} sent, {failed} to try again later; {waiting} waiting in all",
                  highlight=False)
    return 1 if failed else 0
