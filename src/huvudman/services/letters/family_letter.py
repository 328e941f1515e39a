"""A family's own decision letter in the portal: composed once, shown as a page or kept as a
PDF/UA document — the same words either way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from huvudman.letters.compose import compose_letter
from huvudman.letters.content import Letter
from huvudman.letters.facts import LetterFacts
from huvudman.letters.pdf import letter_pdf
from huvudman.letters.render import letter_html
from huvudman.services.families.applications import list_did_not_count
from huvudman.services.letters.letter_languages import letter_languages
from huvudman.services.registers.schools import school_by_id
from huvudman.services.rounds.portal_rounds import Sender, family_letter_facts
from huvudman.services.streets.walking_service import Walk, WalkingService
from huvudman.store.models import Child, PlacementRun


def family_letter(session: Session, run: PlacementRun, child: Child, sender: Sender,
                  school_start: date, code: str, appeal_last_day: date | None,
                  walking: WalkingService | None = None) -> Letter | None:
    """The child's letter in language `code`, with what the portal knows beside the run
    record (names, the decision's date and reference, the round's first school day, the last
    day to appeal) and, with `walking`, the map of the walk the run measured; None when the
    run record holds no letter for the child."""
    facts = family_facts(session, run, child, sender, school_start)
    if facts is None:
        return None
    walk = _walk(session, child, facts, walking)
    # a language the portal speaks but the letters do not yet: the decision in Swedish
    return compose_letter(facts, code if code in letter_languages() else "sv", walk,
                          appeal_last_day=appeal_last_day)


def family_facts(session: Session, run: PlacementRun, child: Child, sender: Sender,
                 school_start: date) -> LetterFacts | None:
    """Everything a family's letter says: the run record's facts with the register's and the
    portal's (names, personnummer, the decision's date and reference, who decided, the
    office, the round's first school day, and whether a saved list never counted)."""
    facts = family_letter_facts(session, run, child, sender)
    if facts is None:
        return None
    return replace(facts, start_date=facts.start_date or school_start.isoformat(),
                   list_not_counted=not facts.choices
                   and list_did_not_count(session, child, run.round))


def _walk(session: Session, child: Child, facts: LetterFacts,
          walking: WalkingService | None) -> Walk | None:
    """The walk to the school as the run measured it (never for a protected child; none when
    the street map gives another length than the letter says)."""
    if walking is None or child.protected or facts.distance_kind != "walking" \
            or facts.distance_m is None:
        return None
    school = school_by_id(session, facts.school_id)
    if school is None:
        return None
    walk = walking.walk(child.lat, child.lon, (school.school_id, school.lat, school.lon))
    if walk is None or abs(walk.length_m - facts.distance_m) > 1.0:
        return None
    return walk


def as_page(letter: Letter) -> str:
    """The letter as an HTML page."""
    return letter_html(letter)


def as_pdf(letter: Letter) -> bytes:
    """The letter as a PDF/UA-1 document."""
    return letter_pdf(letter)
