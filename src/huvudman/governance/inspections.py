"""Inspection decisions (Skolinspektionen): the findings a decision names, the corrective
actions taken for each, and the countdown to the date the organizer must report.

Pure: kinds, areas, and the status of a finding from its actions and the day; the use cases
store them and the words live in the catalogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

#: What a decision can be, mildest first (anmärkning, föreläggande, föreläggande med vite,
#: statliga åtgärder för rättelse).
KINDS = ("remark", "injunction", "injunction_with_fine", "state_corrective_action")
#: The areas the inspectorate reviews findings under.
AREAS = ("teaching", "support", "safety_and_calm", "degrading_treatment", "grading",
         "leadership", "pupil_health", "quality_work", "other")
#: Days before the report is due when an unfinished finding turns urgent.
DUE_SOON_DAYS = 30

#: The status of a finding on the countdown board, most urgent first.
OVERDUE, DUE_SOON, ON_TRACK, READY, REPORTED = (
    "overdue", "due_soon", "on_track", "ready", "reported")
STATUSES = (OVERDUE, DUE_SOON, ON_TRACK, READY, REPORTED)


@dataclass(frozen=True)
class Action:
    """A corrective action for a finding: done or not, and whether evidence shows it."""

    due_on: date
    done_on: date | None = None
    evidence: bool = False

    @property
    def complete(self) -> bool:
        """Done, with evidence to show the inspectorate."""
        return self.done_on is not None and self.evidence


def finding_status(report_by: date, actions: Sequence[Action], today: date,
                   reported_on: date | None = None) -> str:
    """Where a finding stands: reported; ready to report (every action complete, at least
    one); or — not ready — overdue, due soon, on track by the days left to `report_by`."""
    if reported_on is not None:
        return REPORTED
    if actions and all(a.complete for a in actions):
        return READY
    left = (report_by - today).days
    if left < 0:
        return OVERDUE
    return DUE_SOON if left <= DUE_SOON_DAYS else ON_TRACK


def days_left(report_by: date, today: date) -> int:
    """Calendar days to the report date (negative once passed)."""
    return (report_by - today).days


def late_actions(actions: Sequence[Action], today: date) -> int:
    """Actions past their own date and not done."""
    return sum(1 for a in actions if a.done_on is None and a.due_on < today)


def decision_status(statuses: Sequence[str]) -> str:
    """A decision stands where its most urgent finding stands."""
    return min(statuses, key=STATUSES.index) if statuses else ON_TRACK
