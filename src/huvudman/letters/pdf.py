"""Letters as PDF (WeasyPrint).

Laying out and writing a PDF has a large fixed cost (styles, fonts) that a single letter would
pay every time. So a batch of letters is laid out as one document, each letter starting on a
new page, written once, and then split into one PDF per letter (pypdf).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence

_BODY = re.compile(r"<body>(.*)</body>", re.S)
_HEAD = re.compile(r"(<!DOCTYPE html>.*?<head>.*?</head>)", re.S)
_ROOT = re.compile(r'<html lang="([^"]*)" dir="([^"]*)">')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ANCHOR = "huvudman-letter-"


def combine(pages: Sequence[str]) -> str:
    """One HTML document holding every letter of `pages`, each starting a new page."""
    if not pages:
        raise ValueError("no letters to combine")
    head = _HEAD.search(pages[0])
    if head is None:
        raise ValueError("a letter has no <head>")
    parts = [head.group(1), "<body>"]
    for k, page in enumerate(pages):
        body, root = _BODY.search(page), _ROOT.search(page)
        if body is None or root is None:
            raise ValueError(f"letter {k} is not a huvudman letter page")
        parts.append(f'<div class="letter" lang="{root.group(1)}" dir="{root.group(2)}" '
                     f'style="break-before: page"><div id="{_ANCHOR}{k}"></div>'
                     f'{body.group(1)}</div>')
    parts.append("</body></html>")
    return "".join(parts)


def letters_to_pdf(pages: Sequence[str]) -> list[bytes]:
    """Each letter page (HTML from `render_letter`) as its own PDF, in the same order."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject
    from weasyprint import HTML

    document = HTML(string=combine(pages)).render()
    starts = [i for i, page in enumerate(document.pages)
              if any(a.startswith(_ANCHOR) for a in page.anchors)]
    if len(starts) != len(pages):
        raise RuntimeError(f"laid out {len(starts)} letters, expected {len(pages)}")
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    ends = [*starts[1:], len(document.pages)]
    out: list[bytes] = []
    for page, start, end in zip(pages, starts, ends, strict=True):
        writer = PdfWriter()
        for i in range(start, end):
            writer.add_page(reader.pages[i])
        title = _TITLE.search(page)
        root = _ROOT.search(page)
        writer.add_metadata({"/Title": html.unescape(title.group(1).strip()) if title else "",
                             "/Creator": "huvudman"})
        if root is not None:
            writer.root_object[NameObject("/Lang")] = TextStringObject(root.group(1))
        buf = io.BytesIO()
        writer.write(buf)
        out.append(buf.getvalue())
    return out

