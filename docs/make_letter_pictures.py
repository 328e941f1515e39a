"""Render PDF letters of the demo municipality as PNG pictures for the README.

Run after `./scripts/run-demo` (which writes demo-run/), with the test extra installed:
    .venv/bin/python docs/make_letter_pictures.py [demo-run]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium

from huvudman.letters.compose import compose_letter
from huvudman.letters.pdf import letters_to_pdf
from huvudman.runs.reader import read_json
from huvudman.services.letters.letter_routes import letter_routes
from huvudman.services.letters.letter_run import run_letters

HERE = Path(__file__).parent


def main() -> None:
    """Write docs/letter-*.png: one refused-then-placed letter in three languages, and the
    letter of a child with protected personal data."""
    demo = Path(sys.argv[1] if len(sys.argv) > 1 else "demo-run")
    run_dir = next(p for p in sorted((demo / "runs").iterdir()) if p.name.startswith("deferred"))
    facts = list(run_letters(run_dir))
    shown = next(f for f in facts if not f.protected and f.choice_rank == 2)
    protected = next(f for f in facts if f.protected)
    routes = letter_routes(read_json(run_dir / "run.json"), {shown.child_id: shown.school_id},
                           demo / "data")
    wanted = [("sv", shown), ("en", shown), ("sv-easy", shown), ("sv", protected)]
    letters = [compose_letter(f, lang, routes.get(f.child_id)) for lang, f in wanted]
    for (lang, f), pdf in zip(wanted, letters_to_pdf(letters), strict=True):
        name = f"letter-{lang}{'-protected' if f.protected else ''}"
        doc = pdfium.PdfDocument(pdf)
        for i in range(len(doc)):
            doc[i].render(scale=1.25).to_pil().save(HERE / f"{name}-p{i + 1}.png")
        print(f"{name}: {len(doc)} pages")


if __name__ == "__main__":
    main()
