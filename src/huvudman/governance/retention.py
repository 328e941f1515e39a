"""Retention (gallring): how long each kind of record is kept after the event that ends its
use, as the municipality's records plan (dokumenthanteringsplan) decides.

Pure: kinds, days and the moment a record falls due; the use case removes and logs. Decisions
(placements of a published run), run records, children and the audit log are archive records
and are not removed here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Rule:
    """One kind of record: kept `days` after `counted_from` (a code the use case knows)."""

    kind: str
    days: int
    counted_from: str


#: The defaults (days), each counted from the event named; a plan file may change the days.
DEFAULT_RULES = (
    Rule("web_session", 30, "ended_or_expired"),
    Rule("reminder", 365, "sent"),
    Rule("notice", 365, "ended"),
    Rule("feedback", 730, "answered"),
    Rule("draft_run", 90, "round_published"),
)
KINDS = tuple(rule.kind for rule in DEFAULT_RULES)
#: Kept whatever the plan says: the records a decision rests on, and the log of who did what.
ARCHIVED = ("placement_decision", "run_record", "child", "audit_log")
LONGEST_DAYS = 36_500


class PlanError(ValueError):
    """A records plan that cannot be applied; the message says what is wrong."""


def plan(days: Mapping[str, object] | None = None) -> tuple[Rule, ...]:
    """The rules with the plan's days (`{kind: days}`) in place of the defaults."""
    days = dict(days or {})
    unknown = sorted(set(days) - set(KINDS))
    if unknown:
        raise PlanError(f"unknown kind(s) {', '.join(unknown)}; the kinds are "
                        f"{', '.join(KINDS)}")
    rules = []
    for rule in DEFAULT_RULES:
        value = days.get(rule.kind, rule.days)
        if isinstance(value, bool) or not isinstance(value, int) or \
                not 0 <= value <= LONGEST_DAYS:
            raise PlanError(f"{rule.kind}: days must be a whole number from 0 to "
                            f"{LONGEST_DAYS}, got {value!r}")
        rules.append(Rule(rule.kind, value, rule.counted_from))
    return tuple(rules)


def due_before(rule: Rule, now: datetime) -> datetime:
    """Records whose event came before this moment are due for removal."""
    return now - timedelta(days=rule.days)
