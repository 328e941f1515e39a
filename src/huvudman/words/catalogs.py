"""The shared catalog (`words.po`): rule, mechanism, audit-check and measure names, cutoff
sentences — the words every face shows. English is the message ids themselves; a language is
added with `words/locale/<code>/LC_MESSAGES/words.po`."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from huvudman.words.po_files import extra_roots, find_catalog, load_po

_LOCALE = Path(__file__).with_name("locale")


def _(text: str) -> str:
    """Marks a message id for extraction; the catalogs translate it where it is shown."""
    return text


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The shared catalog of a language (English, and languages without one: the ids)."""
    folder = "sv" if lang == "sv-easy" else lang.replace("-", "_")
    path = find_catalog([*extra_roots(), _LOCALE], folder, "words")
    if lang == "en" or path is None:
        return gettext.NullTranslations()
    return load_po(path)
