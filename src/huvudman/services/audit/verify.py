"""`huvudman audit verify` and `checkpoint`: is the audit log's hash chain intact, and does it
still hold every entry a checkpoint kept outside the database recorded?

A chain only shows that no entry was changed or removed *in the middle*: deleting the newest
entries, or rewriting the whole log with every hash recomputed, leaves a chain that holds. The
checkpoints — the newest entry's number and hash, appended to a file the database does not
hold (best kept elsewhere, or published) — catch both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from huvudman.store import audit_log
from huvudman.store.database import database_url, make_engine, sessions

T = TypeVar("T")


def _reading(console: Console, read: Callable[[Session], T]) -> T | None:
    """What `read` finds in the database's audit log; None (said why) when it cannot be read."""
    engine = make_engine(database_url())
    try:
        with sessions(engine)() as session:
            return read(session)
    except SQLAlchemyError as err:
        console.print(f"[bold red]error:[/] cannot read the audit log at {engine.url!r}: "
                      f"{err.__class__.__name__}: {str(err).splitlines()[0]}", highlight=False)
        return None
    finally:
        engine.dispose()


def read_checkpoints(path: Path) -> list[tuple[int, str]]:
    """(entry number, hash) of every line of a checkpoint file ("time number hash")."""
    out = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if len(parts) != 3 or not parts[1].isdecimal() or len(parts[2]) != 64:
            raise ValueError(f"{path}, line {k}: expected 'time number hash'")
        out.append((int(parts[1]), parts[2]))
    return out


def verify_audit_log(console: Console, checkpoints: Path | None = None) -> int:
    """0 when every entry follows the one before, is unchanged, and every checkpoint's entry is
    still there as recorded; 1 naming the first break; 2 when something cannot be read."""
    try:
        kept = read_checkpoints(checkpoints) if checkpoints is not None else []
    except (OSError, ValueError) as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    def check(session: Session) -> tuple[int, audit_log.Broken | None]:
        n, broken = audit_log.verify(session)
        if broken is None:
            broken = next((b for number, digest in kept
                           if (b := audit_log.against_checkpoint(session, number, digest))),
                          None)
        return n, broken

    found = _reading(console, check)
    if found is None:
        return 2
    n, broken = found
    if broken is not None:
        console.print(f"[bold red]broken[/] at entry {broken.entry_id}: {broken.reason} "
                      f"({n} entries read)", highlight=False)
        return 1
    also = f"; all {len(kept)} checkpoints hold" if kept else ""
    console.print(f"intact: {n} entries, each following the one before{also}",
                  highlight=False)
    return 0


def checkpoint_audit_log(console: Console, out: Path) -> int:
    """Append the newest entry's number and hash to `out` (a file outside the database)."""
    found = _reading(console, audit_log.head)
    if found is None:
        return 2
    number, digest = found
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as fh:
        fh.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {number} {digest}\n")
    console.print(f"checkpoint: entry {number} ({digest[:12]}…) appended to {out}",
                  highlight=False)
    return 0
