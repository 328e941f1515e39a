"""`huvudman governance sweep`: escalate overdue deviations now (for a scheduler, or when the
portal is not running)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.store.database import database_url, make_engine, sessions


def sweep_database(console: Console) -> int:
    """Escalate every overdue deviation in $DATABASE_URL one level; 0 done, 2 not possible."""
    engine = make_engine(database_url())
    try:
        escalated = sweep_now(sessions(engine), datetime.now(UTC))
    except SQLAlchemyError as err:
        console.print(f"[bold red]error:[/] {str(err).splitlines()[0]}; nothing escalated",
                      highlight=False)
        return 2
    finally:
        engine.dispose()
    console.print(f"{escalated} overdue deviation(s) escalated one level up the chain of "
                  "command (each recorded with the case and in the audit log)", highlight=False)
    return 0
