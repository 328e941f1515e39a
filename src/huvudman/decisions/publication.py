"""When a placement run's decisions may be published, as codes (`words.decisions` says them).

A run is published only after the choice deadline, when no other run of its round has been
published (a published decision changes only by correction, child by child), and either with
an audit that passed or with a written justification of its findings approved by a second
person (the two-person rule). An override clears the justification: the findings it justified
are no longer the run's findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PUBLISHED = "published"  # this run is published already
ROUND_PUBLISHED = "round_published"  # another run of the round is: correct, do not replace
BEFORE_DEADLINE = "before_deadline"  # families may still change their lists
NOT_JUSTIFIED = "not_justified"  # the audit found something and nobody has explained it
NOT_APPROVED = "not_approved"  # explained, but no second person has approved it

# why a justification or an approval is refused
NOTHING_TO_JUSTIFY = "nothing_to_justify"
EMPTY_JUSTIFICATION = "empty_justification"
SAME_PERSON = "same_person"
NOTHING_TO_APPROVE = "nothing_to_approve"


@dataclass(frozen=True)
class RunState:
    """What publication depends on for one run."""

    published: bool
    audit_passed: bool
    justified_by: int | None = None
    approved_by: int | None = None


def blockers(run: RunState, now: datetime, choice_deadline: datetime,
             round_published: bool) -> tuple[str, ...]:
    """Every reason the run may not be published now, in the order a person fixes them
    (none: it may be)."""
    if run.published:
        return (PUBLISHED,)
    found = []
    if round_published:
        found.append(ROUND_PUBLISHED)
    if now <= choice_deadline:
        found.append(BEFORE_DEADLINE)
    if not run.audit_passed:
        if run.justified_by is None:
            found.append(NOT_JUSTIFIED)
        elif run.approved_by is None:
            found.append(NOT_APPROVED)
    return tuple(found)


def justification_refused(run: RunState, text: str) -> str | None:
    """Why `text` cannot be recorded as the run's justification (None: it can)."""
    if run.published:
        return PUBLISHED
    if run.audit_passed:
        return NOTHING_TO_JUSTIFY
    if not text.strip():
        return EMPTY_JUSTIFICATION
    return None


def approval_refused(run: RunState, approver: int) -> str | None:
    """Why `approver` cannot approve the run's justification (None: they can): the one who
    wrote it never approves it."""
    if run.published:
        return PUBLISHED
    if run.audit_passed or run.justified_by is None:
        return NOTHING_TO_APPROVE
    if approver == run.justified_by:
        return SAME_PERSON
    return None
