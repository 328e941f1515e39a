"""`huvudman governance sweep`: escalate overdue deviations now (for a scheduler, or when the
portal is not running); `huvudman governance categories`: the kinds of deviation in force."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from huvudman.governance.deviations import BUILT_IN
from huvudman.services.database_work import on_database
from huvudman.services.dialogue.feedback import sweep_now as feedback_sweep_now
from huvudman.services.governance.categories_file import (
    CategoriesRefused,
    check_kinds_in_use,
    install_from_environment,
    read_categories,
)
from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.services.governance.inspection_reminders import remind_now
from huvudman.store.database import sessions
from huvudman.words.governance import category_words


def sweep_database(console: Console) -> int:
    """Escalate every overdue deviation in $DATABASE_URL one level; 0 done, 2 not possible."""
    try:
        install_from_environment()  # escalation follows the kinds the portal uses
    except CategoriesRefused as err:
        console.print(f"[red]{escape(str(err))}[/]")
        return 2
    def sweep(engine) -> int:
        with sessions(engine)() as session:
            check_kinds_in_use(session)
        escalated = sweep_now(sessions(engine), datetime.now(UTC))
        remind_now(sessions(engine), datetime.now(UTC))  # the inspection countdown too
        feedback_sweep_now(sessions(engine), datetime.now(UTC))  # and feedback deadlines
        return escalated

    try:
        escalated = on_database(console, sweep, "nothing escalated")
    except CategoriesRefused as err:
        console.print(f"[red]{escape(str(err))}[/]")
        return 2
    if escalated is None:
        return 2
    console.print(f"{escalated} overdue deviation(s) escalated one level up the chain of "
                  "command (each recorded with the case and in the audit log)", highlight=False)
    return 0


def show_categories(console: Console, path: Path | None) -> int:
    """Print the kinds of deviation in force (with `path`, or $HUVUDMAN_CATEGORIES): code,
    name, chain, times, law; 0, or 2 with the reason when the file cannot be used."""
    try:
        configured = read_categories(path) if path else install_from_environment()
    except CategoriesRefused as err:
        console.print(f"[red]{escape(str(err))}[/]")
        return 2
    kinds = configured.categories if configured else BUILT_IN
    table = Table("code", "name", "chain", "respond", "resolve", "law", "sensitive")
    for code, kind in kinds.items():
        table.add_row(code, category_words(code, "sv")[0] if code in BUILT_IN else
                      configured.names[code]["sv"][0], " → ".join(kind.chain),
                      _time(kind.respond), _time(kind.resolve), kind.legal or "–",
                      "yes" if kind.sensitive else "no")
    console.print(table)
    return 0


def _time(deadline) -> str:
    return f"{deadline.amount} {deadline.unit.replace('_', ' ')}"
