"""Compile a Typst template with JSON data into a tagged PDF/UA-1 document.

A template reads its data as `json(bytes(sys.inputs.data))`: every word it shows comes in the
data (translated by the caller), so a template holds layout only. One compiler is kept per
template and process — it has read the template and the fonts once, and its caches carry over
from one document to the next — and is used by one thread at a time.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import typst

#: The fonts documents are set in, from Debian's packages (scripts/debian.sh installs them):
#: fonts-dejavu-core (DejaVu Sans: Latin, Greek, Cyrillic) and fonts-noto-core (Noto Sans
#: Arabic and the other Noto families, for letters in right-to-left languages and beyond).
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto")


class _Compiler:
    """A Typst compiler for one template, safe to share between threads."""

    def __init__(self, source: str) -> None:
        folders = [f for f in FONT_FOLDERS if Path(f).is_dir()]
        # without the packages' folders, whatever fonts the system has
        self._typst = typst.Compiler(source, font_paths=folders,
                                     ignore_system_fonts=bool(folders))
        self._lock = threading.Lock()

    def pdf(self, data: dict[str, Any]) -> bytes:
        payload = json.dumps(data, ensure_ascii=False)
        with self._lock:
            out = self._typst.compile(format="pdf", sys_inputs={"data": payload},
                                      pdf_standards=["ua-1"])
        assert isinstance(out, bytes)
        return out


@lru_cache(maxsize=8)
def _compiler(source: str) -> _Compiler:
    return _Compiler(source)


def typst_pdf(source: Path | str, data: dict[str, Any]) -> bytes:
    """The PDF (accessible: PDF/UA-1) of the Typst template at `source` filled with `data`."""
    return _compiler(str(source)).pdf(data)


def pdf(template: str, data: dict[str, Any]) -> bytes:
    """The PDF of `documents/<template>.typ` filled with `data`."""
    return typst_pdf(files("huvudman.documents") / f"{template}.typ", data)
