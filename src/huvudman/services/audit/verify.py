"""`huvudman audit verify`: is the audit log's hash chain intact?"""

from __future__ import annotations

from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from huvudman.store import audit_log
from huvudman.store.database import database_url, make_engine, sessions


def verify_audit_log(console: Console) -> int:
    """0 when every entry follows the one before and is unchanged; 1 naming the first break;
    2 when the database cannot be read."""
    url = database_url()
    engine = make_engine(url)
    try:
        with sessions(engine)() as session:
            n, broken = audit_log.verify(session)
    except SQLAlchemyError as err:
        console.print(f"[bold red]error:[/] cannot read the audit log at {engine.url!r}: "
                      f"{err.__class__.__name__}: {str(err).splitlines()[0]}", highlight=False)
        return 2
    finally:
        engine.dispose()
    if broken is not None:
        console.print(f"[bold red]broken[/] at entry {broken.entry_id}: {broken.reason} "
                      f"({n} entries read)", highlight=False)
        return 1
    console.print(f"intact: {n} entries, each following the one before", highlight=False)
    return 0
