"""A family's round on its child's page: choices open → deadline → decision → last day to
appeal → first school day, with the decision's and the appeal's real days once they exist."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from huvudman.decisions import appeals as law
from huvudman.decisions.timeline import RoundDates, Step, timeline
from huvudman.services.decisions.appeals import way_to_appeal
from huvudman.services.rounds import portal_rounds
from huvudman.store.models import Child
from huvudman.store.times import as_utc
from huvudman.workdays import swedish_date


def family_timeline(session: Session, dates: RoundDates, child: Child, round_name: str,
                    now: datetime) -> list[Step]:
    """The child's steps; once its decision is published, the day it was and the last day to
    appeal (no appeal step when the decision gives nothing to appeal)."""
    found = portal_rounds.published_placement(session, child, round_name)
    if found is None:
        return timeline(dates, swedish_date(now))
    run, placement = found
    way = way_to_appeal(run, child, placement)
    steps = timeline(dates, swedish_date(now), swedish_date(as_utc(run.published_at)),
                     way.last_day)
    if way.route == law.NO_APPEAL:
        steps = [s for s in steps if s.code != "appeal_last_day"]
    return steps
