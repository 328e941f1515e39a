"""The forecast use case: last year's cohort and one family's list in, chances out."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.outputs import csv_text, write_atomically
from huvudman.datafiles.rules import load_rules
from huvudman.forecast.certain import Certainty, certain_school
from huvudman.forecast.chances import Chances, summarise
from huvudman.forecast.risk import HIGH_RISK, Suggestion, suggest_schools
from huvudman.forecast.simulation import SimulationResult, Simulator
from huvudman.geo import SWEREF_BOUNDS
from huvudman.placement.model import Child, Instance
from huvudman.runs.reader import read_json, read_rows
from huvudman.services.streets.distance_sources import distance_source
from huvudman.words.cutoffs import CutoffFacts, describe_cutoff
from huvudman.words.forecast import ranking_advice, what_is_modelled

FORECAST_COLUMNS = ("school_id", "probability", "low", "high")
FAMILY_ID = "(your child)"
_CHUNK = 50  # simulations per task given to a worker


@dataclass(frozen=True)
class ForecastRequest:
    """What a family (or an officer on its behalf) asks."""

    schools: Path
    children: Path  # last year's cohort, with its choices
    lat: float
    lon: float
    choices: Sequence[str]
    siblings: Sequence[str] = ()
    simulations: int = 1000
    seed: int = 0
    rules: str | None = None
    osm: Path | None = None
    distance: str | None = None
    history: Sequence[Path] = field(default_factory=tuple)
    workers: int | None = None
    suggest: bool = True
    backend: str = "local"  # or "ray": a local Ray cluster, or the one at ray_address
    ray_address: str | None = None


@dataclass(frozen=True)
class Forecast:
    """The answer: chances, the worst case that is certain, and what would lower the risk."""

    instance: Instance
    choices: list[int]
    chances: Chances
    certain: Certainty | None
    suggestions: list[Suggestion]
    mechanism: str
    distances_m: list[float]
    distance_kind: str


def split_ids(text: str) -> list[str]:
    """School ids from the command line: `;` or `,` separated."""
    return [s.strip() for s in text.replace(",", ";").split(";") if s.strip()]


class FamilyInstance(NamedTuple):
    """Last year's cohort, the family's child, both together, and the listed schools."""

    cohort: Instance
    family: Child
    full: Instance  # the cohort with the family's child last
    choices: list[int]  # the listed schools by position


def family_instance(request: ForecastRequest) -> FamilyInstance:
    """Last year's cohort with the family's child appended, checked."""
    cohort = read_instance(request.schools, request.children)
    south, west, north, east = SWEREF_BOUNDS
    if not (south <= request.lat <= north and west <= request.lon <= east):
        raise InputError("--lat/--lon", f"({request.lat}, {request.lon}) is outside the map: "
                         f"latitude {south}–{north}, longitude {west}–{east}")
    if not request.choices:
        raise InputError("--choices", "list at least one school, best first")
    for option, ids in (("--choices", request.choices), ("--siblings", request.siblings)):
        unknown = [s for s in ids if s not in cohort.school_index]
        if unknown:
            raise InputError(option, f"unknown school id {unknown[0]!r} (not in "
                             f"{request.schools.name})")
    if len(set(request.choices)) != len(request.choices):
        raise InputError("--choices", "a school is listed twice")
    family = Child(FAMILY_ID, request.lat, request.lon, tuple(request.choices),
                   tuple(request.siblings))
    full = cohort.with_child(family)
    return FamilyInstance(cohort, family, full, [full.school_index[s] for s in request.choices])


_SIMULATOR: Simulator | None = None  # shared with forked workers


def _run_chunk(args: tuple[int, int, int]) -> SimulationResult:
    first, count, seed = args
    assert _SIMULATOR is not None
    return _SIMULATOR.run(count, seed, first)


def simulate(simulator: Simulator, n: int, seed: int, workers: int | None,
             progress: Progress | None = None, backend: str = "local",
             ray_address: str | None = None) -> SimulationResult:
    """n simulations, split over worker processes (or a Ray cluster); identical numbers
    however they are split."""
    global _SIMULATOR
    chunks = [(first, min(_CHUNK, n - first), seed) for first in range(0, n, _CHUNK)]
    task = progress.add_task("simulating placements", total=n) if progress else None
    if backend == "ray":
        from huvudman.services.forecast.ray_backend import run_on_ray

        parts = run_on_ray(simulator, chunks, workers, ray_address,
                           lambda k: progress.advance(task, k) if progress and task is not None
                           else None)
        return _joined(parts, seed)
    if backend != "local":
        raise InputError("--backend", f"must be local or ray, not {backend!r}")
    workers = min(workers or os.cpu_count() or 1, len(chunks))
    parts: list[SimulationResult] = []
    if workers <= 1:
        for chunk in chunks:
            parts.append(simulator.run(chunk[1], seed, chunk[0]))
            if progress is not None and task is not None:
                progress.advance(task, chunk[1])
    else:
        import multiprocessing

        _SIMULATOR = simulator
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) \
                    as pool:
                for part in pool.map(_run_chunk, chunks):
                    parts.append(part)
                    if progress is not None and task is not None:
                        progress.advance(task, len(part.school))
        finally:
            _SIMULATOR = None
    return _joined(parts, seed)


def _joined(parts: list[SimulationResult], seed: int) -> SimulationResult:
    return SimulationResult(np.concatenate([p.school for p in parts]),
                            np.concatenate([p.choice_rank for p in parts]), seed)


def make_forecast(request: ForecastRequest, console: Console) -> Forecast:
    """Run the whole forecast for one family."""
    config = load_rules(request.rules)
    cohort, family_child, full, choices = family_instance(request)
    try:
        distances = distance_source(full, request.osm, request.distance, request.schools,
                                    request.children)
    except InputError as err:
        if FAMILY_ID not in str(err):
            raise
        far = re.search(r"is (\d+) m from the nearest walkable way", str(err))
        metres = f"{far.group(1)} m" if far else "too far"
        raise InputError("--lat/--lon", f"the home ({request.lat}, {request.lon}) is {metres} "
                         f"from the nearest walkable way of {request.osm.name}: is it outside "
                         "the map?") from None
    family = full.n_children - 1
    with Progress(console=console, transient=True) as progress:
        simulator = Simulator(full, config, distances)
        result = simulate(simulator, request.simulations, request.seed, request.workers,
                          progress, request.backend, request.ray_address)
    chances = summarise(result, choices)
    certain = certain_school(full, config, distances, choices)
    suggestions: list[Suggestion] = []
    if request.suggest and chances.none_of_listed > HIGH_RISK:
        suggestions = suggest_schools(cohort, family_child, config, distances,
                                      min(request.simulations, 200), request.seed)
    row = distances.row(family)
    return Forecast(full, choices, chances, certain, suggestions, config.mechanism,
                    [float(row[s]) for s in choices], distances.kind)


def chances_csv(forecast: Forecast) -> str:
    """chances.csv: the listed schools in order, then fallback schools, then no place."""
    schools = forecast.instance.schools
    ch = forecast.chances
    rows = []
    for c in [*ch.listed, *ch.fallback, *([ch.unplaced] if ch.unplaced.hits else [])]:
        low, high = c.interval
        sid = schools[c.school].school_id if c.school >= 0 else ""
        rows.append((sid, f"{c.probability:.4f}", f"{low:.4f}", f"{high:.4f}"))
    return csv_text(FORECAST_COLUMNS, rows)


def run_forecast(request: ForecastRequest, out: Path, console: Console) -> int:
    """The forecast command: compute, print in words, write chances.csv; returns exit code."""
    try:
        forecast = make_forecast(request, console)
        history = read_history(request.history)
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    write_atomically(out, chances_csv(forecast))
    report(forecast, history, console)
    console.print(f"chances: {out}")
    return 0


def read_history(run_dirs: Sequence[Path]) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Earlier years' cutoffs by school id: (run name, cutoffs.csv row) in the order given."""
    out: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for run_dir in run_dirs:
        path = Path(run_dir) / "cutoffs.csv"
        if not path.is_file():
            raise InputError(run_dir, "not a run directory (no cutoffs.csv)")
        meta = read_json(Path(run_dir) / "run.json")
        for row in read_rows(path):
            sentence = describe_cutoff(CutoffFacts.from_row(row), meta["rules"],
                                       meta["distance"], "en")
            out.setdefault(row["school_id"], []).append((Path(run_dir).name,
                                                         {**row, "sentence": sentence}))
    return out


def report(forecast: Forecast, history: dict[str, list[tuple[str, dict[str, str]]]],
           console: Console) -> None:
    """The forecast in words and a table."""
    schools = forecast.instance.schools
    ch = forecast.chances
    table = Table(title=f"Chances from {ch.simulations:,} simulated placements")
    for col in ("", "school", forecast.distance_kind + " distance", "chance", "95 % interval"):
        table.add_column(col)
    for c, metres in zip(ch.listed, forecast.distances_m, strict=True):
        low, high = c.interval
        table.add_row(f"choice {c.choice_rank}", schools[c.school].name, f"{metres:,.0f} m",
                      f"{c.probability:.1%}", f"{low:.1%}–{high:.1%}")
    for c in ch.fallback[:5]:
        low, high = c.interval
        table.add_row("fallback", schools[c.school].name, "", f"{c.probability:.1%}",
                      f"{low:.1%}–{high:.1%}")
    if ch.unplaced.hits:
        table.add_row("no place", "", "", f"{ch.unplaced.probability:.1%}", "")
    console.print(table)
    low, high = ch.none_of_listed_interval
    console.print(f"Chance of none of your schools: {ch.none_of_listed:.1%} "
                  f"({low:.1%}–{high:.1%}).", highlight=False)
    if forecast.certain is not None:
        c = forecast.certain
        why = ("it is your guarantee school" if c.by == "guarantee" else
               f"only {c.could_outrank} children of last year's cohort could rank above yours "
               f"there, and it has {c.capacity} places")
        console.print(f"Worst case (exact under these rules): your child gets "
                      f"{schools[c.school].name} (choice {c.choice_rank}) or a school you ranked "
                      f"higher, because {why}.", highlight=False)
    else:
        console.print("No school on your list is certain; if none of them works out, your child "
                      "gets the nearest school with a free place.", highlight=False)
    if forecast.suggestions:
        console.print(f"[bold]Warning:[/] the chance of none of your schools is above "
                      f"{HIGH_RISK:.0%}. Adding one of these at the end of your list would lower "
                      "it, without lowering your chances above:")
        for s in forecast.suggestions[:3]:
            console.print(f"  {schools[s.school].name}: none of your schools "
                          f"{s.risk_before:.0%} → {s.risk_after:.0%}; chance there "
                          f"{s.chance_there:.0%}", highlight=False)
    for c in ch.listed:
        past = history.get(schools[c.school].school_id, [])
        for name, row in past:
            console.print(f"  {schools[c.school].name}, {name}: {row.get('applicants')} "
                          f"applied for {row.get('capacity')} places; "
                          f"{row['sentence']}",
                          highlight=False)
    console.print(ranking_advice(forecast.mechanism), highlight=False)
    modelled, not_modelled = what_is_modelled("en")
    console.print(f"[dim]{modelled} {not_modelled}[/]", highlight=False)
