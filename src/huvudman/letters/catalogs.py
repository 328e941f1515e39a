"""Translation catalogs: gettext `.po` files read with Babel, compiled in memory.

Message ids are the English text. Swedish (`sv`) and easy-read Swedish (`sv-easy`, lättläst)
ship complete; a translator adds a language by adding `locale/<code>/LC_MESSAGES/letters.po`,
or, without touching the package, a folder named in `$HUVUDMAN_LOCALE_PATH` (folders separated
by the path separator) that holds `<code>/LC_MESSAGES/letters.po`.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable

from huvudman.words.po_files import codes_with, direction, extra_roots, find_catalog, load_po

#: Language code → (folder of its catalog, BCP 47 tag for HTML, writing direction)
LANGUAGES = {
    "sv": ("sv", "sv", "ltr"),
    "en": ("en", "en", "ltr"),
    "sv-easy": ("sv_easy", "sv", "ltr"),
}


def _roots() -> list[Traversable]:
    return [*extra_roots(), resources.files("huvudman.letters") / "locale"]


def _catalog_file(folder: str) -> Traversable | None:
    return find_catalog(_roots(), folder, "letters")


def available() -> list[str]:
    """Language codes with a catalog (English needs none: it is the source)."""
    return sorted(codes_with(_roots(), "letters") | {"en"})


def language(code: str) -> tuple[str, str, str]:
    """(catalog folder, HTML language tag, direction) for a language code."""
    if code in LANGUAGES:
        return LANGUAGES[code]
    return code.replace("-", "_"), code, direction(code)


@lru_cache(maxsize=16)
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog for a language (English: the message ids themselves)."""
    if code == "en":
        return gettext.NullTranslations()
    path = _catalog_file(language(code)[0])
    if path is None:
        raise LookupError(f"no catalog for language {code!r}; available: {', '.join(available())}")
    return load_po(path)
