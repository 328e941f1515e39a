"""`huvudman governance sweep`: escalate overdue deviations now (for a scheduler, or when the
portal is not running)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from huvudman.services.database_work import on_database
from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.store.database import sessions


def sweep_database(console: Console) -> int:
    """Escalate every overdue deviation in $DATABASE_URL one level; 0 done, 2 not possible."""
    escalated = on_database(console, lambda engine: sweep_now(sessions(engine),
                                                              datetime.now(UTC)),
                            "nothing escalated")
    if escalated is None:
        return 2
    console.print(f"{escalated} overdue deviation(s) escalated one level up the chain of "
                  "command (each recorded with the case and in the audit log)", highlight=False)
    return 0
