"""Letters benchmark: every PDF/UA letter of the demo municipality, with maps, on two cores.

Prints, from one run on this machine:
- ours, end to end: `huvudman letters --format pdf --workers 2` for the demo's 6,000 children
  (run record read, walking routes, letters composed, Typst PDF/UA-1 documents written to disk);
- the same letters, one core each way: the same composed letters (a sample, with maps) laid out
  by Typst (`letters.pdf.letter_pdf`) and by the peer, WeasyPrint
  (`HTML(string=letter_html(letter)).write_pdf(pdf_tags=True)`), one document per letter;
- the ratios. Goal: 6,000 in under 60 s and at least 5x WeasyPrint.

Run:  .venv/bin/python bench/letters_bench.py [--workers 2] [--sample 60]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from huvudman.letters.compose import compose_letter
from huvudman.letters.pdf import letter_pdf
from huvudman.letters.render import letter_html
from huvudman.runs.reader import read_json
from huvudman.services.demo.municipality import run_demo
from huvudman.services.letters.letter_routes import letter_routes
from huvudman.services.letters.letter_run import run_letters


def per_letter(run_dir: Path, data: Path, sample: int) -> tuple[float, float]:
    """Seconds per letter on one core, Typst and WeasyPrint, on the same composed letters."""
    from weasyprint import HTML

    facts = [f for f in run_letters(run_dir) if not f.protected][:sample]
    routes = letter_routes(read_json(run_dir / "run.json"),
                           {f.child_id: f.school_id for f in facts}, data)
    letters = [compose_letter(f, "sv", routes.get(f.child_id)) for f in facts]
    pages = [letter_html(x) for x in letters]
    letter_pdf(letters[0])  # each warmed once (fonts read), as in a long run
    HTML(string=pages[0]).write_pdf(pdf_tags=True)
    t0 = time.perf_counter()
    for letter in letters:
        letter_pdf(letter)
    typst = (time.perf_counter() - t0) / len(letters)
    t0 = time.perf_counter()
    for page in pages:
        HTML(string=page).write_pdf(pdf_tags=True)
    weasy = (time.perf_counter() - t0) / len(pages)
    return typst, weasy


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=60)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run_demo(out / "demo", 2021, Console(quiet=True))
        run_dir = next((out / "demo" / "runs").iterdir())
        data = out / "demo" / "data"
        exe = Path(sys.executable).with_name("huvudman")
        cmd = [str(exe), "letters", "--run-dir", str(run_dir), "--lang", "sv", "--format",
               "pdf", "--out", str(out / "pdf"), "--inputs", str(data), "--workers",
               str(args.workers)]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        ours = time.perf_counter() - t0
        written = list((out / "pdf").glob("*.pdf"))
        n = len(written)
        size_mb = sum(p.stat().st_size for p in written) / 1e6
        print(f"huvudman letters --format pdf (Typst, PDF/UA-1), {args.workers} workers: "
              f"{n:,} letters in {ours:.1f} s end to end ({size_mb:.0f} MB on disk); "
              f"goal: under 60 s")
        typst, weasy = per_letter(run_dir, data, args.sample)
        print(f"one core, the same {args.sample} letters with maps: Typst {typst * 1000:.1f} ms "
              f"per letter, WeasyPrint (peer, tagged) {weasy * 1000:.1f} ms per letter: "
              f"{weasy / typst:.1f}x")
        print(f"WeasyPrint for all {n:,} on {args.workers} workers would take about "
              f"{weasy * n / args.workers:.0f} s for the layout alone; ours end to end "
              f"{ours:.1f} s: {weasy * n / args.workers / ours:.1f}x (goal: at least 5x)")


if __name__ == "__main__":
    main()
