"""The portal's words in Swedish and English: gettext catalogs compiled on first use."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from huvudman.words.po_files import load_po

LANGUAGES = ("sv", "en")
_LOCALE = Path(__file__).with_name("locale")


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of a language (English: the message ids themselves)."""
    path = _LOCALE / lang / "LC_MESSAGES" / "portal.po"
    if lang == "en" or not path.is_file():
        return gettext.NullTranslations()
    return load_po(path)
