"""Letters as PDF/UA-1 documents, laid out by Typst from the composed letter: tagged, so screen
readers find the headings, the reading order, the table's headers and the map's text
alternative; the title and language come from the letter."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

from huvudman.documents.typst_pdf import typst_pdf
from huvudman.letters.content import Letter

_TEMPLATE = files("huvudman.letters") / "templates" / "letter.typ"


def letter_pdf(letter: Letter) -> bytes:
    """One composed letter as a PDF/UA-1 document."""
    return typst_pdf(str(_TEMPLATE), letter.as_data())


def letters_to_pdf(letters: Sequence[Letter]) -> list[bytes]:
    """Several letters, each its own PDF, in the same order (one compiler per process)."""
    return [letter_pdf(letter) for letter in letters]
