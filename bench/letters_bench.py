"""Letters benchmark: every PDF letter of the demo municipality, with maps, on all cores.

Prints, from one run on this machine: the time of the whole `huvudman letters --format pdf`
command for the 6,000 children (routes, HTML, WeasyPrint layout and writing of tagged PDFs) with
2 worker processes, beside the peer — WeasyPrint's `HTML(string=letter).write_pdf()` in one
process, on a sample of the same letters, untagged — measured in the same run.

Run:  .venv/bin/python bench/letters_bench.py [--workers 2]
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

from huvudman.letters.render import render_letter
from huvudman.runs.reader import read_json
from huvudman.services.demo.municipality import run_demo
from huvudman.services.letters.letter_routes import letter_routes
from huvudman.services.letters.letter_run import run_letters

SAMPLE = 30


def per_letter_peer(run_dir: Path, data: Path) -> float:
    """Seconds per letter when WeasyPrint writes each letter as its own document."""
    from weasyprint import HTML

    facts = [f for f in run_letters(run_dir) if not f.protected][:SAMPLE]
    routes = letter_routes(read_json(run_dir / "run.json"),
                           {f.child_id: f.school_id for f in facts}, data)
    pages = [render_letter(f, "sv", routes.get(f.child_id)) for f in facts]
    HTML(string=pages[0]).write_pdf()  # fonts and styles warmed, as in a long run
    t0 = time.perf_counter()
    for page in pages:
        HTML(string=page).write_pdf()
    return (time.perf_counter() - t0) / len(pages)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
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
        size_mb = sum(p.stat().st_size for p in written) / 1e6
        print(f"huvudman letters --format pdf, {args.workers} workers: {len(written):,} letters "
              f"in {ours:.1f} s ({ours / len(written) * 1000:.0f} ms per letter in all; "
              f"{size_mb:.0f} MB); goal: 6,000 in under 120 s")
        peer = per_letter_peer(run_dir, data)
        print(f"peer, WeasyPrint write_pdf per letter (one process, {SAMPLE} letters): "
              f"{peer * 1000:.0f} ms per letter, {peer * len(written):.0f} s for "
              f"{len(written):,} on one core")
        print(f"ratio peer (one core) / huvudman ({args.workers} workers): "
              f"{peer * len(written) / ours:.1f}x")


if __name__ == "__main__":
    main()
