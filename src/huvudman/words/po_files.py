"""Gettext catalogs straight from their .po files (compiled in memory: no build step, and a
translator's edited .po works at once)."""

from __future__ import annotations

import gettext
import io
from importlib.abc import Traversable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def load_po(path: Path | Traversable) -> gettext.GNUTranslations:
    """The translations of one .po file (a path, or a file inside the installed package)."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
