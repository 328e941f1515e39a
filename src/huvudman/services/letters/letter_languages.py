"""The languages decision letters can be written in."""

from __future__ import annotations

from huvudman.letters.catalogs import available


def letter_languages() -> list[str]:
    """Language codes with a letters catalog (Swedish first: the authority's language)."""
    return sorted(available(), key=lambda code: (code != "sv", code))
