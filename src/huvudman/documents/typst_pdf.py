"""Compile a Typst template of this package with JSON data into a tagged PDF/UA-1 document.

The template reads its data as `json(bytes(sys.inputs.data))`: every word it shows comes in
the data (translated by the caller), so a template holds layout only."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import typst


def pdf(template: str, data: dict[str, Any]) -> bytes:
    """The PDF of `documents/<template>.typ` filled with `data` (accessible: PDF/UA-1)."""
    source = files("huvudman.documents") / f"{template}.typ"
    return typst.compile(str(source), sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                         pdf_standards=["ua-1"])
