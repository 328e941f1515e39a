"""Appeals of published placement decisions: the one way the law gives each family, with its
last day; a guardian's appeal from the decision page with a receipt; appeals staff register
(paper, e-mail, a court asking for the municipality's statement); and the steps of each —
checked for time, changed on reconsideration, forwarded, ruled. Every step and every read of a
case is audited (`decisions.appeals` decides)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.decisions import appeals as law
from huvudman.letters.facts import ChoiceFacts, LetterFacts, appeal_route, refused_choice
from huvudman.services.families.applications import NotAllowed
from huvudman.services.rounds import portal_rounds
from huvudman.store import audit_log
from huvudman.store.models import Appeal, Child, Placement, PlacementRun, User
from huvudman.store.times import as_utc
from huvudman.words.catalogs import translations
from huvudman.words.comparison import rule_name
from huvudman.words.cutoffs import CutoffFacts, describe_cutoff
from huvudman.words.decisions import APPEAL_REFUSALS, STATEMENT
from huvudman.words.formatting import metres, number
from huvudman.words.vocabulary import DISTANCE_KINDS
from huvudman.workdays import swedish_date, swedish_holidays

#: Where an appeal came from.
CHANNELS = ("portal", "paper", "email", "court")


def parse_day(text: str) -> date:
    """A day typed as 2027-03-15 (years 2000–2100)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise NotAllowed(APPEAL_REFUSALS["bad_day"]) from None
    if not 2000 <= day.year <= 2100:
        raise NotAllowed(APPEAL_REFUSALS["bad_day"])
    return day


def _days_off(day: date):
    return swedish_holidays(range(day.year - 1, day.year + 2))


@dataclass(frozen=True)
class AppealWay:
    """How a family may appeal its decision, and by when."""

    route: str  # decisions.appeals: ADMINISTRATIVE, LEGALITY or NO_APPEAL
    refused: ChoiceFacts | None  # the family's highest choice that was refused
    starts_on: date | None  # the day the time limit counts from (None: not yet known)
    last_day: date | None


def way_to_appeal(run: PlacementRun, child: Child, placement: Placement) -> AppealWay:
    """The one way this child's refusal is appealed: förvaltningsbesvär counted from the day
    a guardian received the decision (first read it here), laglighetsprövning from the day it
    was announced on the notice board (the day it was published)."""
    facts = portal_rounds.letter_facts_for(run, child)
    refused = refused_choice(facts)
    route = appeal_route(facts) if facts is not None else law.NO_APPEAL
    if route == law.LEGALITY:
        start: date | None = swedish_date(as_utc(run.published_at))
    elif route == law.ADMINISTRATIVE and placement.notified_at is not None:
        start = swedish_date(as_utc(placement.notified_at))
    else:
        start = None
    last = law.last_day(start, _days_off(start)) if start else None
    return AppealWay(route, refused, start, last)


def note_received(placement: Placement, now: datetime) -> None:
    """Record the first time a guardian reads the published decision: the day they received
    it, from which an administrative appeal's three weeks count."""
    if placement.notified_at is None:
        placement.notified_at = now


def appeals_of(session: Session, child: Child) -> list[Appeal]:
    """A child's appeals, newest first."""
    return list(session.scalars(select(Appeal).where(Appeal.child_id == child.id)
                                .order_by(Appeal.id.desc())))


def submit(session: Session, guardian: User, child: Child, run: PlacementRun,
           placement: Placement, text: str, now: datetime) -> Appeal:
    """A guardian's appeal from the decision page (förvaltningsbesvär only: a legality review
    goes to the court). Received today; whether it came in time is checked by staff."""
    way = way_to_appeal(run, child, placement)
    if way.route != law.ADMINISTRATIVE:
        raise NotAllowed(APPEAL_REFUSALS["not_this_way"])
    if not text.strip():
        raise NotAllowed(APPEAL_REFUSALS["text_needed"])
    note_received(placement, now)
    appeal = Appeal(child_id=child.id, run_id=run.id, route=law.ADMINISTRATIVE,
                    school_id=way.refused.school_id if way.refused else None,
                    channel="portal", text=text.strip()[:8000], received_on=swedish_date(now),
                    starts_on=way.starts_on or swedish_date(now), state=law.RECEIVED,
                    guardian_id=guardian.id, created_at=now)
    session.add(appeal)
    session.flush()
    audit_log.record(session, guardian.email, "submit_appeal", f"child:{child.child_id}",
                     f"appeal {appeal.id}")
    return appeal


def register(session: Session, staff: User, child: Child, round_name: str, route: str,
             channel: str, text: str, received_on: date, starts_on: date,
             now: datetime) -> Appeal:
    """An appeal that came on paper or by e-mail, or a court's request for the municipality's
    statement on a legality review, registered by staff against the child's published
    decision."""
    if route not in (law.ADMINISTRATIVE, law.LEGALITY) or channel not in CHANNELS[1:]:
        raise NotAllowed(APPEAL_REFUSALS["unknown_way"])
    if not text.strip():
        raise NotAllowed(APPEAL_REFUSALS["text_needed"])
    if received_on < starts_on or received_on > swedish_date(now):
        raise NotAllowed(APPEAL_REFUSALS["bad_dates"])
    found = portal_rounds.published_placement(session, child, round_name)
    if found is None:
        raise NotAllowed(APPEAL_REFUSALS["no_decision"])
    run, _placement = found
    refused = refused_choice(portal_rounds.letter_facts_for(run, child))
    appeal = Appeal(child_id=child.id, run_id=run.id, route=route, channel=channel,
                    school_id=refused.school_id if refused else None,
                    text=text.strip()[:8000], received_on=received_on, starts_on=starts_on,
                    state=law.RECEIVED, registered_by=staff.id, created_at=now)
    session.add(appeal)
    session.flush()
    audit_log.record(session, staff.email, "register_appeal", f"child:{child.child_id}",
                     f"appeal {appeal.id}: {route} by {channel}, received {received_on}")
    return appeal


@dataclass(frozen=True)
class AppealCase:
    """One appeal as staff handle it: the case file's facts and what may be done now."""

    appeal: Appeal
    child: Child
    timely: bool
    last_day: date
    forward_by: date
    steps: tuple[str, ...]
    facts: LetterFacts | None  # the run's facts for this child (rule, cutoffs, distances)
    decided_on: date  # the day the appealed decision was published


def case(session: Session, reader: User, appeal: Appeal) -> AppealCase:
    """The appeal with its time check and the run's facts for the child; the read is
    audited."""
    child = session.get(Child, appeal.child_id)
    run = session.get(PlacementRun, appeal.run_id)
    days_off = _days_off(appeal.starts_on)
    timely = law.in_time(appeal.received_on, appeal.starts_on, days_off)
    audit_log.record(session, reader.email, "read_appeal", f"child:{child.child_id}",
                     f"appeal {appeal.id}")
    return AppealCase(appeal, child, timely, law.last_day(appeal.starts_on, days_off),
                      law.forward_by(appeal.received_on),
                      law.steps(appeal.route, appeal.state, timely),
                      portal_rounds.letter_facts_for(run, child),
                      swedish_date(as_utc(run.published_at)))


def statement_draft(case: AppealCase, lang: str) -> list[str]:
    """A draft of the municipality's statement (yttrande) for the appeal, paragraph by
    paragraph in `lang`, from the run's facts for the child; the officer edits it."""
    t = translations(lang)
    words = {k: t.gettext(v) for k, v in STATEMENT.items()}
    facts, child = case.facts, case.child
    name = child.name or child.child_id
    out = [words["heading"] % {"child": name}]
    if facts is None:
        return out
    how = (words["choice"] % {"n": facts.choice_rank} if facts.choice_rank
           else rule_name(facts.rule, lang))
    if facts.school_name:
        out.append(words["decision"] % {"date": case.decided_on.isoformat(), "child": name,
                                        "school": facts.school_name, "how": how})
    else:
        out.append(words["no_place"] % {"date": case.decided_on.isoformat(), "child": name})
    refused = refused_choice(facts)
    if refused is not None:
        line = describe_cutoff(CutoffFacts(
            refused.capacity, refused.applicants,
            min(refused.capacity, refused.applicants - refused.refused),
            refused.refused, refused.in_priority_order, refused.decided_by,
            refused.cutoff_group, _or_nan(refused.cutoff_proximity_m),
            _or_nan(refused.cutoff_distance_m), _or_nan(refused.cutoff_lottery),
            refused.cutoff_explicit_rank or 0, refused.admitted_by_group),
            facts.rules, facts.distance_kind, lang)
        out.append(words["refused"] % {"school": refused.name, "rank": refused.rank,
                                       "line": line})
        if refused.distance_m is not None:
            out.append(words["child_there"] % {"school": refused.name,
                                               "metres": metres(refused.distance_m, lang),
                                               "position": refused.position,
                                               "kind": t.gettext(DISTANCE_KINDS.get(
                                                   facts.distance_kind, facts.distance_kind))})
        if facts.lottery is not None:
            out.append(words["lottery"] % {"number": number(facts.lottery, lang, 4),
                                           "seed": facts.seed})
        key = ("conclusion_legality" if case.appeal.route == law.LEGALITY
               else "conclusion_administrative")
        out.append(words[key] % {"school": refused.name})
    return out


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def act(session: Session, staff: User, appeal: Appeal, step: str, note: str,
        outcome: str, now: datetime) -> None:
    """Take a step on the appeal (dismiss as late, change on reconsideration, forward, record
    the ruling); refused when the law does not allow it now."""
    days_off = _days_off(appeal.starts_on)
    timely = law.in_time(appeal.received_on, appeal.starts_on, days_off)
    if step not in law.steps(appeal.route, appeal.state, timely):
        raise NotAllowed(APPEAL_REFUSALS["not_now"])
    if step == law.RULE and outcome not in (law.UPHELD, law.OVERTURNED):
        raise NotAllowed(APPEAL_REFUSALS["outcome_needed"])
    if step in (law.DISMISS, law.CHANGE) and not note.strip():
        raise NotAllowed(APPEAL_REFUSALS["note_needed"])
    appeal.state = law.after(appeal.state, step)
    today = swedish_date(now)
    if step == law.FORWARD:
        appeal.forwarded_on = today
    if step == law.RULE:
        appeal.outcome, appeal.ruled_on = outcome, today
    if note.strip():
        appeal.note = note.strip()[:4000]
    child = session.get(Child, appeal.child_id)
    audit_log.record(session, staff.email, f"appeal_{step}", f"child:{child.child_id}",
                     f"appeal {appeal.id}" + (f": {outcome}" if step == law.RULE else ""))


def all_appeals(session: Session) -> list[tuple[Appeal, Child]]:
    """Every appeal with its child, open ones first, newest first."""
    rows = session.execute(select(Appeal, Child).join(Child, Child.id == Appeal.child_id)
                           .order_by(Appeal.id.desc())).all()
    closed = (law.DISMISSED, law.CHANGED, law.RULED)
    return sorted(((a, c) for a, c in rows), key=lambda r: r[0].state in closed)


def appeal_by_id(session: Session, appeal_id: int) -> Appeal | None:
    """One appeal (None when there is none)."""
    return session.get(Appeal, appeal_id)


#: Fewer appeals than this at a school are not shown by school (one family's appeal must not
#: be told apart).
SMALL_CELL = 3


@dataclass(frozen=True)
class RoundAppeals:
    """A round's appeals counted: in all, by way and by how they ended, against the round
    before, and by the school whose refusal was appealed (schools with fewer than
    SMALL_CELL appeals left out, counted in `other_schools`)."""

    round: str
    total: int
    by_route: dict[str, int]
    by_result: dict[str, int]
    change: float | None
    by_school: list[tuple[str, int, int]]  # (school id, appeals, changed or overturned)
    other_schools: int


def appeal_statistics(session: Session) -> list[RoundAppeals]:
    """Appeals by round (newest first), way, result and school, year over year."""
    rows = session.execute(select(PlacementRun.round, Appeal.route, Appeal.state,
                                  Appeal.outcome, Appeal.school_id)
                           .join(PlacementRun, PlacementRun.id == Appeal.run_id)).all()
    rounds: dict[str, list] = {}
    for row in rows:
        rounds.setdefault(row[0], []).append(row[1:])
    out, before = [], None
    for name in sorted(rounds):
        items = rounds[name]
        results = [law.result_of(state, outcome) for _r, state, outcome, _s in items]
        schools: dict[str, list[int]] = {}
        for (_r, _st, _o, school), result in zip(items, results, strict=True):
            counts = schools.setdefault(school or "", [0, 0])
            counts[0] += 1
            counts[1] += result in (law.CHANGED, law.OVERTURNED)
        shown = sorted(((s, n, won) for s, (n, won) in schools.items()
                        if s and n >= SMALL_CELL), key=lambda r: (-r[1], r[0]))
        out.append(RoundAppeals(
            name, len(items),
            {route: sum(1 for r, *_ in items if r == route)
             for route in (law.ADMINISTRATIVE, law.LEGALITY)},
            {result: results.count(result) for result in law.RESULTS},
            law.change_share(before, len(items)) if before is not None else None,
            shown, len(items) - sum(n for _s, n, _w in shown)))
        before = len(items)
    return list(reversed(out))
