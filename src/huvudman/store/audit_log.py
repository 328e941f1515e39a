"""The append-only audit log: every read of personal data by staff, every override, every
publication. Each entry's hash covers its content and the previous entry's hash, so removing or
changing an entry breaks the chain from there on (`huvudman audit verify`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from huvudman.store.models import AuditEntry

GENESIS = "0" * 64
_LOCK = 0x6875766D616E  # "huvman": the advisory lock that serialises appends


def _stamp(at: datetime) -> str:
    """A timestamp written the same way whatever the database gives back."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry."""
    text = "\x1f".join((str(entry.id), _stamp(entry.at), entry.actor, entry.action,
                        entry.subject, entry.detail, entry.prev_hash))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(session: Session, actor: str, action: str, subject: str, detail: str = "",
           at: datetime | None = None) -> AuditEntry:
    """Append one entry (in the caller's transaction).

    Appends are serialised: on PostgreSQL a transaction-scoped advisory lock is taken before the
    last entry is read, so two transactions never take the same number; on SQLite the database
    has one writer at a time and a transaction that lost the race is run again
    (`database.is_conflict`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(id=(last.id + 1) if last else 1, at=at or datetime.now(UTC),
                       actor=actor, action=action, subject=subject, detail=detail,
                       prev_hash=last.hash if last else GENESIS)
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def id_ranges(ids) -> str:
    """Record ids as runs for an entry's detail: 1-4, 7, 9-10."""
    ordered = sorted(ids)
    if not ordered:
        return ""
    parts = []
    start = prev = ordered[0]
    for i in [*ordered[1:], None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    return ", ".join(parts)


@dataclass(frozen=True)
class Broken:
    """The first entry where the chain does not hold, and why."""

    entry_id: int
    reason: str


def verify(session: Session) -> tuple[int, Broken | None]:
    """Check the whole chain; returns (entries checked, the first break or None)."""
    prev, expected_id, n = GENESIS, 1, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        n += 1
        if entry.id != expected_id:
            return n, Broken(expected_id, f"entry {expected_id} is missing")
        if entry.prev_hash != prev:
            return n, Broken(entry.id, "it does not follow the entry before it")
        if entry.hash != entry_hash(entry):
            return n, Broken(entry.id, "its content was changed after it was written")
        prev, expected_id = entry.hash, expected_id + 1
    return n, None


def head(session: Session) -> tuple[int, str]:
    """The number and hash of the newest entry ((0, GENESIS) for an empty log): a checkpoint
    to keep outside the database."""
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (last.id, last.hash) if last else (0, GENESIS)


def against_checkpoint(session: Session, number: int, digest: str) -> Broken | None:
    """Whether the log still holds the entry a checkpoint recorded, unchanged: a log cut
    short, or rewritten whole with every hash recomputed, fails here though its chain holds."""
    if number == 0:
        return None
    entry = session.get(AuditEntry, number)
    if entry is None:
        return Broken(number, "the log ends before this checkpoint's entry: entries were "
                              "removed")
    if entry.hash != digest:
        return Broken(number, "this entry is not the one the checkpoint recorded: the log was "
                              "rewritten")
    return None
