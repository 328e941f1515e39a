"""A family's own decision letter in the portal: composed once, shown as a page or kept as a
PDF/UA document — the same words either way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from huvudman.letters.compose import compose_letter
from huvudman.letters.content import Letter
from huvudman.letters.pdf import letter_pdf
from huvudman.letters.render import letter_html
from huvudman.services.letters.letter_languages import letter_languages
from huvudman.services.rounds.portal_rounds import Sender, family_letter_facts
from huvudman.store.models import Child, PlacementRun


def family_letter(session: Session, run: PlacementRun, child: Child, sender: Sender,
                  school_start: date, code: str, appeal_last_day: date | None) -> Letter | None:
    """The child's letter in language `code`, with what the portal knows beside the run
    record (names, the decision's date and reference, the round's first school day, the last
    day to appeal); None when the run record holds no letter for the child."""
    facts = family_letter_facts(session, run, child, sender)
    if facts is None:
        return None
    facts = replace(facts, start_date=facts.start_date or school_start.isoformat())
    # a language the portal speaks but the letters do not yet: the decision in Swedish
    return compose_letter(facts, code if code in letter_languages() else "sv",
                          appeal_last_day=appeal_last_day)


def as_page(letter: Letter) -> str:
    """The letter as an HTML page."""
    return letter_html(letter)


def as_pdf(letter: Letter) -> bytes:
    """The letter as a PDF/UA-1 document."""
    return letter_pdf(letter)
