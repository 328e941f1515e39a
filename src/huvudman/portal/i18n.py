"""The portal's words in Swedish and English: gettext catalogs compiled on first use."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from huvudman.words.catalogs import translations as shared_words
from huvudman.words.po_files import load_po

LANGUAGES = ("sv", "en")
_LOCALE = Path(__file__).with_name("locale")


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of a language (English: the message ids themselves)."""
    path = _LOCALE / lang / "LC_MESSAGES" / "portal.po"
    if lang == "en" or not path.is_file():
        return gettext.NullTranslations()
    catalog = load_po(path)
    catalog.add_fallback(shared_words(lang))  # rule, mechanism, check and measure names
    return catalog
