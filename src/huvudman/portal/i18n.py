"""The portal's words: Swedish and English ship with it; a municipality adds a language (Arabic,
Somali, Persian …) as a catalog in a folder named by $HUVUDMAN_LOCALE_PATH
(`<code>/LC_MESSAGES/portal.po`, and `words.po` for the shared words), no code changed — see
docs/translating.md. Catalogs are compiled on first use."""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

from huvudman.words.catalogs import translations as shared_words
from huvudman.words.po_files import codes_with, direction, extra_roots, find_catalog, load_po

_LOCALE = Path(__file__).with_name("locale")
#: The languages shipped with the portal.
SHIPPED = ("sv", "en")


def languages() -> tuple[str, ...]:
    """Every language the portal speaks: the shipped ones, then the added catalogs."""
    return _languages(os.environ.get("HUVUDMAN_LOCALE_PATH", ""))


@lru_cache(maxsize=4)
def _languages(_path: str) -> tuple[str, ...]:
    added = sorted(codes_with(extra_roots(), "portal") - set(SHIPPED))
    return (*SHIPPED, *added)


def text_direction(code: str) -> str:
    """"rtl" for a language written right to left, else "ltr"."""
    return direction(code)


@lru_cache(maxsize=16)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of a language (English: the message ids themselves)."""
    path = find_catalog([*extra_roots(), _LOCALE], lang.replace("-", "_"), "portal")
    if lang == "en" or path is None:
        return gettext.NullTranslations()
    catalog = load_po(path)
    catalog.add_fallback(shared_words(lang))  # rule, mechanism, check and measure names
    return catalog
