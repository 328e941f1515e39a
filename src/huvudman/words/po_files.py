"""Gettext catalogs straight from their .po files (compiled in memory: no build step, and a
translator's edited .po works at once)."""

from __future__ import annotations

import gettext
import io
import os
from importlib.abc import Traversable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: Languages written right to left (by their base code).
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"}


def extra_roots() -> list[Path]:
    """Folders of catalogs a municipality adds without touching the package:
    $HUVUDMAN_LOCALE_PATH (separated by the path separator), each holding
    `<code>/LC_MESSAGES/<domain>.po` (letters.po, words.po, portal.po)."""
    return [Path(p) for p in os.environ.get("HUVUDMAN_LOCALE_PATH", "").split(os.pathsep) if p]


def find_catalog(roots: list[Path | Traversable], folder: str, domain: str
                 ) -> Path | Traversable | None:
    """The first `<root>/<folder>/LC_MESSAGES/<domain>.po` that exists."""
    for root in roots:
        path = root / folder / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            return path
    return None


def codes_with(roots: list[Path | Traversable], domain: str) -> set[str]:
    """The language codes that have a `<domain>.po` in these roots (folder sv_easy → code
    sv-easy)."""
    return {p.name.replace("_", "-") for root in roots if root.is_dir() for p in root.iterdir()
            if p.is_dir() and (p / "LC_MESSAGES" / f"{domain}.po").is_file()}


def direction(code: str) -> str:
    """"rtl" for a language written right to left, else "ltr"."""
    return "rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr"


def load_po(path: Path | Traversable) -> gettext.GNUTranslations:
    """The translations of one .po file (a path, or a file inside the installed package)."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
