"""Letters as PDF (WeasyPrint): tagged, so screen readers find the headings, the reading order
and the map's text alternative; the title and language come from the letter's HTML."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=1)
def _fonts():
    """One font configuration per process, shared by every letter it lays out (building it
    anew for each letter costs about a tenth of the letter's time)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def letter_pdf(page: str) -> bytes:
    """One letter page (HTML from `render_letter`) as a tagged PDF."""
    from weasyprint import HTML

    return HTML(string=page).write_pdf(pdf_tags=True, font_config=_fonts())


def letters_to_pdf(pages: Sequence[str]) -> list[bytes]:
    """Several letters, each its own PDF, in the same order."""
    return [letter_pdf(page) for page in pages]
