"""What a letter says, already in words, before any layout: one model rendered two ways.

`letters.compose` builds a `Letter` from a child's facts and the catalogs; `letters.render`
lays it out as HTML (the portal, a browser) and `letters.pdf` as a PDF/UA document (Typst).
Both renderings walk the same sections and blocks, so they say the same thing word for word
(tests compare their texts). Each block may carry `marks`: facts for machines (the school's id,
a distance in metres) that the HTML carries as `data-*` attributes and a PDF leaves out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

Marks = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `style` is one of "", "decision" (the decision itself, set off), "note"
    (a warning), "small" (a side remark) or "strong" (a date the family must keep)."""

    text: str
    style: str = ""
    marks: Marks = ()
    kind: str = "paragraph"


@dataclass(frozen=True)
class Part:
    """A titled part of a section: one refused school, with its paragraphs."""

    heading: str
    paragraphs: tuple[Paragraph, ...]
    marks: Marks = ()
    kind: str = "part"


@dataclass(frozen=True)
class Row:
    """One row of a table, its cells in column order."""

    cells: tuple[str, ...]
    marks: Marks = ()


@dataclass(frozen=True)
class Table:
    """A table with a caption and column headers (read out as headers by screen readers)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    kind: str = "table"


@dataclass(frozen=True)
class Figure:
    """A picture (SVG) with its text alternative and a caption; `alt` names it, `description`
    says what it shows for those who cannot see it."""

    svg: str
    alt: str
    description: str
    caption: str
    marks: Marks = ()
    kind: str = "figure"


Block = Paragraph | Part | Table | Figure


@dataclass(frozen=True)
class Section:
    """A section of the letter under its own heading; `name` is its anchor."""

    name: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Letter:
    """One child's letter in one language, every word in place."""

    lang: str  # BCP 47 tag
    direction: str  # "ltr" | "rtl"
    title: str  # the document's title (the PDF's and the HTML page's)
    heading: str
    sender: str  # the municipality, at the top
    header: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    footer: tuple[str, ...] = ()

    def as_data(self) -> dict[str, Any]:
        """The letter as plain JSON-ready data (for the Typst template)."""
        return asdict(self)

    def texts(self) -> list[str]:
        """Every text a reader reads, in reading order (the map as its caption): what both
        renderings must show."""
        return [self.sender, self.heading, *(p.text for p in self.header),
                *self.body_texts(), *self.footer]

    def body_texts(self) -> list[str]:
        """The texts of the letter's sections: what readability is measured on (the header's
        names and the footer's fingerprints are not prose)."""
        return [t for s in self.sections
                for t in (s.heading, *(t for b in s.blocks for t in _block_texts(b)))]


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Part):
        return [block.heading, *(p.text for p in block.paragraphs)]
    if isinstance(block, Table):
        return [block.caption, *block.header, *(c for row in block.rows for c in row.cells)]
    return [block.caption]
