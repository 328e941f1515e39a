"""Translation catalogs: gettext `.po` files read with Babel, compiled in memory.

Message ids are the English text. Swedish (`sv`) and easy-read Swedish (`sv-easy`, lättläst)
ship complete; a translator adds a language by adding `locale/<code>/LC_MESSAGES/letters.po`,
or, without touching the package, a folder named in `$HUVUDMAN_LOCALE_PATH` (folders separated
by the path separator) that holds `<code>/LC_MESSAGES/letters.po`.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from huvudman.words.po_files import load_po

#: Language code → (folder of its catalog, BCP 47 tag for HTML, writing direction)
LANGUAGES = {
    "sv": ("sv", "sv", "ltr"),
    "en": ("en", "en", "ltr"),
    "sv-easy": ("sv_easy", "sv", "ltr"),
}
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb"}


def _roots() -> list[Traversable]:
    extra = [Path(p) for p in os.environ.get("HUVUDMAN_LOCALE_PATH", "").split(os.pathsep) if p]
    return [*extra, resources.files("huvudman.letters") / "locale"]


def _catalog_file(folder: str) -> Traversable | None:
    for root in _roots():
        path = root / folder / "LC_MESSAGES" / "letters.po"
        if path.is_file():
            return path
    return None


def available() -> list[str]:
    """Language codes with a catalog (English needs none: it is the source)."""
    found = {p.name.replace("_", "-") for root in _roots() if root.is_dir()
             for p in root.iterdir() if p.is_dir()}
    return sorted(found | {"en"})


def language(code: str) -> tuple[str, str, str]:
    """(catalog folder, HTML language tag, direction) for a language code."""
    if code in LANGUAGES:
        return LANGUAGES[code]
    base = code.split("-")[0]
    return code.replace("-", "_"), code, "rtl" if base in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=16)
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog for a language (English: the message ids themselves)."""
    if code == "en":
        return gettext.NullTranslations()
    path = _catalog_file(language(code)[0])
    if path is None:
        raise LookupError(f"no catalog for language {code!r}; available: {', '.join(available())}")
    return load_po(path)
