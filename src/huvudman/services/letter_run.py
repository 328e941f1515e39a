"""The letters use case: a run directory in, one letter per child out (HTML)."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.outputs import write_atomically
from huvudman.letters.catalogs import available
from huvudman.letters.facts import LetterFacts, letter_facts
from huvudman.letters.readability import lix
from huvudman.letters.render import render_letter
from huvudman.runs.reader import read_json, read_rows
from huvudman.runs.record import RUN_FORMAT


def run_letters(run_dir: Path) -> Iterator[LetterFacts]:
    """The facts of every child's letter, in the order of the run."""
    run_dir = Path(run_dir)
    if not (run_dir / "run.json").is_file():
        raise InputError(run_dir, "not a run directory (write one with place --run-dir)")
    run = read_json(run_dir / "run.json")
    config = read_json(run_dir / "config.json")
    if run.get("format") != RUN_FORMAT:
        raise InputError(run_dir / "run.json", f"unknown run format {run.get('format')!r}")
    cutoffs = {r["school_id"]: r for r in read_rows(run_dir / "cutoffs.csv")}
    names = {sid: r["name"] for sid, r in cutoffs.items()}
    explanations = {r["child_id"]: r for r in read_rows(run_dir / "explanations.csv")}
    applications: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in read_rows(run_dir / "applications.csv"):
        applications[r["child_id"]].append(r)
    for p in read_rows(run_dir / "placements.csv"):
        cid = p["child_id"]
        yield letter_facts(cid, p, explanations[cid], applications.get(cid, []), cutoffs, names,
                           run, config)


def write_letters(run_dir: Path, lang: str, fmt: str, out: Path, console: Console) -> int:
    """Write one letter per child into `out`; returns the exit code."""
    if lang not in available():
        console.print(f"[bold red]error:[/] no letters in {lang!r}; available: "
                      f"{', '.join(available())}")
        return 2
    if fmt != "html":
        console.print(f"[bold red]error:[/] format {fmt!r} is not available yet; use html")
        return 2
    try:
        facts = list(run_letters(run_dir))
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    scores: list[float] = []
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"letters ({lang})", total=len(facts))
        for f in facts:
            page = render_letter(f, lang)
            write_atomically(out / f"{f.child_id}.{lang}.html", page)
            scores.append(lix(letter_text(page)))
            progress.advance(task)
    protected = sum(f.protected for f in facts)
    console.print(f"wrote {len(facts)} letters to {out} ({protected} with protected personal "
                  "data: no address, route or map, for the secure channel only)")
    if lang.startswith("sv") and scores:
        mean = sum(scores) / len(scores)
        console.print(f"readability (LIX, under 30 is very easy): mean {mean:.1f}, highest "
                      f"{max(scores):.1f}", highlight=False)
    return 0


def letter_text(page: str) -> str:
    """The readable text of a letter: the body without markup, footer or styles."""
    body = re.sub(r"<style>.*?</style>|<footer.*?</footer>", "", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
