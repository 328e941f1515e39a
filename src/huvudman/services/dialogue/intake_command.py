"""`huvudman feedback receive`: one e-mail (as a mail server pipes it, or a file) received as
feedback in $DATABASE_URL — the sender gets the receipt by mail, the handlers are told."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from huvudman.services.database_work import on_database
from huvudman.services.dialogue.feedback import receive_email
from huvudman.services.families.applications import NotAllowed
from huvudman.store.database import sessions, writes
from huvudman.words.catalogs import translations

#: The largest message taken in (a bigger one is refused, not cut).
LARGEST = 2_000_000


def receive(console: Console, raw: bytes) -> int:
    """0 received (its number printed), 2 refused or the database failed."""
    if len(raw) > LARGEST:
        console.print(f"the message is larger than {LARGEST:,} bytes; nothing was received")
        return 2

    def work(engine) -> int:
        with sessions(engine).begin() as session:
            writes(session)
            return receive_email(session, raw, datetime.now(UTC)).feedback.id

    try:
        number = on_database(console, work, "nothing was received")
    except NotAllowed as err:
        console.print(f"{translations('en').gettext(str(err))}; nothing was received",
                      highlight=False)
        return 2
    if number is None:
        return 2
    console.print(f"received as feedback number {number}", highlight=False)
    return 0
