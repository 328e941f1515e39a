"""One letter, two renderings: the HTML page and the PDF/UA document say the same words, for
every letter of a run; the PDF's structure is what screen readers need; Arabic is set right to
left in a Noto font."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from letter_helpers import LOCALE

from huvudman.letters.compose import compose_letter
from huvudman.letters.content import Figure, Letter
from huvudman.letters.pdf import letter_pdf
from huvudman.letters.render import letter_html
from huvudman.runs.reader import read_json
from huvudman.services.letters.letter_routes import letter_routes
from huvudman.services.letters.letter_run import run_letters


def words(text: str) -> list[str]:
    return text.replace("\u00a0", " ").split()


class _Text(HTMLParser):
    """The text a reader reads in an HTML letter: the body, without styles or the map's SVG."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.inside_body = False
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.inside_body = True
        if tag in ("svg", "style", "script"):
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in ("svg", "style", "script"):
            self.skipping -= 1

    def handle_data(self, data):
        if self.inside_body and not self.skipping:
            self.parts.append(data)


def html_words(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return words(" ".join(parser.parts))


def pdf_words(pdf: bytes, letter: Letter) -> list[str]:
    """The words of the PDF without the page footers (the sender and "page / pages")."""
    doc = pdfium.PdfDocument(pdf)
    pages = len(doc)
    found = words(" ".join(doc[i].get_textpage().get_text_range() for i in range(pages)))
    for page in range(1, pages + 1):
        footer = [*words(letter.sender), str(page), "/", str(pages)]
        at = next(i for i in range(len(found)) if found[i:i + len(footer)] == footer)
        del found[at:at + len(footer)]
    return found


def expected_pdf_words(letter: Letter) -> tuple[list[str], list[tuple[int, int]]]:
    """The letter's words as the PDF shows them, and where a map's labels are: they are text
    in the drawing, read before its caption in whatever order the drawing holds them."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for text in letter.texts():
        for s in letter.sections:
            for b in s.blocks:
                if isinstance(b, Figure) and b.caption == text:
                    labels = re.findall(r'<text (?![^>]*aria-hidden)[^>]*>([^<]*)</text>', b.svg)
                    start = len(out)
                    out += [w for label in labels for w in words(label)]
                    spans.append((start, len(out)))
        out += words(text)
    return out, spans


def same_words(found: list[str], letter: Letter) -> bool:
    """The PDF's words are the letter's, in order (a map's labels in any order)."""
    expected, spans = expected_pdf_words(letter)
    found = list(found)
    for start, end in spans:
        found[start:end] = sorted(found[start:end])
        expected[start:end] = sorted(expected[start:end])
    return found == expected


@pytest.fixture(scope="module")
def letters(run_dir: Path) -> dict[str, list[Letter]]:
    """Every letter of the run in Swedish and English (with maps); easy-read Swedish is the
    same layout with other words (its catalog is checked complete elsewhere)."""
    facts = list(run_letters(run_dir))
    routes = letter_routes(read_json(run_dir / "run.json"),
                           {f.child_id: f.school_id for f in facts if not f.protected},
                           run_dir.parent / "data")
    return {lang: [compose_letter(f, lang, routes.get(f.child_id) if lang == "en" else None)
                   for f in facts] for lang in ("sv", "en")}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_html_and_pdf_say_the_same_words_in_every_letter(letters, lang: str) -> None:
    checked = maps = 0
    protected = sum(any(s.name == "protected" for s in x.sections) for x in letters[lang])
    for letter in letters[lang]:
        said = [w for t in letter.texts() for w in words(t)]
        assert html_words(letter_html(letter)) == said, letter.title
        assert same_words(pdf_words(letter_pdf(letter), letter), letter), letter.title
        checked += 1
        maps += any(isinstance(b, Figure) for s in letter.sections for b in s.blocks)
    assert checked == 700
    assert protected >= 1 and maps == (700 - protected if lang == "en" else 0)


def _structure(node, found: list[tuple[str, str]]) -> None:
    """(structure type, alternative text) of every element below `node`, depth first."""
    node = node.get_object()
    if "/S" in node:
        found.append((str(node["/S"]), str(node.get("/Alt", ""))))
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and ("/S" in kid or "/K" in kid):
            _structure(kid, found)


def test_a_pdf_letter_is_tagged_for_pdf_ua(letters) -> None:
    """Tagged, marked as PDF/UA-1, with its title shown, its language, headings in order, a
    table with header cells, and the map as a figure with its text alternative."""
    from pypdf import PdfReader

    letter = next(x for x in letters["en"]
                  if any(isinstance(b, Figure) for s in x.sections for b in s.blocks)
                  and any(s.name == "why" for s in x.sections))
    reader = PdfReader(io.BytesIO(letter_pdf(letter)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == letter.title
    assert b"pdfuaid:part>1<" in root["/Metadata"].get_object().get_data()
    found: list[tuple[str, str]] = []
    _structure(root["/StructTreeRoot"], found)
    kinds = [k for k, _ in found]
    assert [k for k in kinds if re.fullmatch(r"/H\d", k)][:4] == ["/H1", "/H2", "/H2", "/H3"]
    assert "/Table" in kinds and kinds.count("/TH") == 4 and "/TD" in kinds
    figure = next(b for s in letter.sections for b in s.blocks if isinstance(b, Figure))
    assert ("/Figure", f"{figure.alt}. {figure.description}") in found


def test_an_arabic_letter_is_set_right_to_left_in_noto(run_dir: Path, tmp_path: Path) -> None:
    """A translator's Arabic catalog (from outside the package): the PDF carries lang "ar",
    the Arabic words as text, the Noto Sans Arabic font, and lines that start at the right."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with (LOCALE / "sv" / "LC_MESSAGES" / "letters.po").open("rb") as fh:
        source = read_po(fh)
    arabic = Catalog(locale="ar")
    title = "قرار بشأن الالتحاق بالمدرسة"
    for m in source:
        if m.id:
            arabic.add(m.id, title if m.id == "Decision on school placement"
                       else "نص عربي " + m.id)
    (tmp_path / "ar" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "ar" / "LC_MESSAGES" / "letters.po").open("wb") as fh:
        write_po(fh, arabic)
    child = next(iter(run_letters(run_dir))).child_id
    out = tmp_path / "letters"
    proc = subprocess.run([sys.executable, "-m", "huvudman", "letters", "--run-dir", str(run_dir),
                           "--lang", "ar", "--format", "pdf", "--out", str(out), "--child",
                           child], capture_output=True, text=True,
                          env={"COLUMNS": "200", "HUVUDMAN_LOCALE_PATH": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    pdf = (out / f"{child}.ar.pdf").read_bytes()
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("NotoSansArabic" in f for f in fonts), fonts
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    everything = text.get_text_range()
    word = "بالمدرسة"  # the heading's last word (pdfium spells lam-alef ligatures apart)
    at = max(everything.find(word), everything.find(word[::-1]))
    assert at >= 0, everything[:300]
    boxes = [text.get_charbox(i) for i in range(everything.rfind("\n", 0, at) + 1,
                                                everything.find("\n", at))
             if not everything[i].isspace()]
    # set right to left: the heading ends at the right margin (18 mm ≈ 51 pt) and starts
    # far from the left one, where a left-to-right heading would start
    assert max(b[2] for b in boxes) > page.get_width() - 60
    assert min(b[0] for b in boxes) > 100
