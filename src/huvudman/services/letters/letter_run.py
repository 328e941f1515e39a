"""The letters use case: a run directory in, one letter per child out (HTML or PDF)."""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.outputs import (
    publish_folder,
    staging_folder,
    write_atomically,
    write_bytes_atomically,
)
from huvudman.letters.catalogs import available
from huvudman.letters.compose import compose_letter
from huvudman.letters.content import Letter
from huvudman.letters.facts import LetterFacts, letter_facts
from huvudman.letters.pdf import letters_to_pdf
from huvudman.letters.readability import lix
from huvudman.letters.render import letter_html
from huvudman.runs.reader import read_json, read_rows
from huvudman.runs.record import RUN_FORMAT
from huvudman.services.letters.letter_routes import LetterRoute, letter_routes


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


FORMATS = ("html", "pdf")
_PDF_BATCH = 20  # letters per task given to a worker process


def write_letters(
    run_dir: Path,
    lang: str,
    fmt: str,
    out: Path,
    console: Console,
    inputs: Path | None = None,
    workers: int | None = None,
    only: Sequence[str] = (),
) -> int:
    """Write one letter per child into `out` (or only for the children in `only`); returns
    the exit code.

    With `inputs` (the folder holding the run's own input files) letters of walking runs show a
    map of the walk to the school; PDFs are made by `workers` processes (default: all cores).
    """
    if lang not in available():
        console.print(f"[bold red]error:[/] no letters in {lang!r}; available: "
                      f"{', '.join(available())}")
        return 2
    if fmt not in FORMATS:
        console.print(f"[bold red]error:[/] format {fmt!r} is not known; use html or pdf")
        return 2
    try:
        facts = _chosen(list(run_letters(run_dir)), only, run_dir)
        routes = _routes(run_dir, inputs, facts, console)
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    scores: list[float] = []
    composed: list[Letter] = []
    final, out = out, staging_folder(out)  # the batch appears whole, or not at all
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"letters ({lang})", total=len(facts))
        for f in facts:
            letter = compose_letter(f, lang, routes.get(f.child_id))
            scores.append(lix(" ".join(letter.body_texts())))
            if fmt == "html":
                write_atomically(out / f"{f.child_id}.{lang}.html", letter_html(letter))
                progress.advance(task)
            else:
                composed.append(letter)
        if fmt == "pdf":
            progress.reset(task, description=f"PDF letters ({lang})")
            for start, pdfs in _pdf_batches(composed, workers):
                for f, pdf in zip(facts[start:start + len(pdfs)], pdfs, strict=True):
                    write_bytes_atomically(out / f"{f.child_id}.{lang}.pdf", pdf)
                progress.advance(task, len(pdfs))
    publish_folder(out, final)
    out = final
    protected = sum(f.protected for f in facts)
    maps = sum(1 for f in facts if f.child_id in routes)
    console.print(f"wrote {len(facts)} letters ({fmt}) to {out}: {maps} with a map of the walk, "
                  f"{protected} with protected personal data (no address, route or map, for "
                  "the secure channel only)")
    if lang.startswith("sv") and scores:
        mean = sum(scores) / len(scores)
        console.print(f"readability (LIX, under 30 is very easy): mean {mean:.1f}, highest "
                      f"{max(scores):.1f}", highlight=False)
    return 0


def _chosen(facts: list[LetterFacts], only: Sequence[str], run_dir: Path) -> list[LetterFacts]:
    """The letters asked for: all, or the named children (each must be in the run)."""
    if not only:
        return facts
    known = {f.child_id for f in facts}
    missing = [c for c in only if c not in known]
    if missing:
        raise InputError(Path(run_dir) / "placements.csv",
                         f"no child {missing[0]!r} in this run")
    wanted = set(only)
    return [f for f in facts if f.child_id in wanted]


def _routes(
    run_dir: Path, inputs: Path | None, facts: list[LetterFacts], console: Console
) -> dict[str, LetterRoute]:
    """The walks to draw, when the run measured walks and its input files are at hand."""
    run = read_json(Path(run_dir) / "run.json")
    if run.get("distance") != "walking":
        return {}
    if inputs is None:
        console.print("[dim]no maps: give --inputs DIR (the folder with this run's schools.csv, "
                      "children.csv and street map) to draw each child's walk[/]")
        return {}
    placements = {f.child_id: f.school_id for f in facts if f.school_id and not f.protected}
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("routes", total=len(placements))
        return letter_routes(run, placements, inputs, lambda k: progress.advance(task, k))


def _pdf_batches(letters: list[Letter],
                 workers: int | None) -> Iterator[tuple[int, list[bytes]]]:
    """PDFs of the letters in batches, in order, with (first index, PDFs) per batch."""
    starts = list(range(0, len(letters), _PDF_BATCH))
    batches = [letters[s:s + _PDF_BATCH] for s in starts]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(batches) == 1:
        for s, b in zip(starts, batches, strict=True):
            yield s, letters_to_pdf(b)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from zip(starts, pool.map(letters_to_pdf, batches), strict=True)


def letter_text(page: str) -> str:
    """The readable text of a letter: the body without markup, footer or styles."""
    body = re.sub(r"<style>.*?</style>|<footer.*?</footer>", "", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
