"""The placement use case: files in, placements and run record out, a summary on screen."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance, read_priorities
from huvudman.datafiles.outputs import write_atomically
from huvudman.datafiles.rules import load_rules
from huvudman.placement import Instance, MissingPriority, place
from huvudman.placement.engine import PlacementResult
from huvudman.placement.mechanisms.registry import mechanism
from huvudman.runs.record import RunExists, placements_csv, run_files, write_run
from huvudman.services.rounds.summary import print_summary
from huvudman.services.streets.barrier_sides import barrier_sides
from huvudman.services.streets.distance_sources import distance_source, open_network

EXIT_OK, EXIT_AUDIT, EXIT_INPUT = 0, 1, 2
STEPS = ("reading", "streets", "priorities", "matching", "fallback", "cutoffs", "statistics",
         "audit", "writing")

#: Checks that fail for want of places near home, not for a wrong placement: reported, and the
#: run may still be published.
CAPACITY_CHECKS = {"guaranteed_distance"}


@dataclass(frozen=True)
class PlacementRequest:
    """What the officer asked for."""

    schools: Path
    children: Path
    out: Path | None = None  # placements.csv; None when the result is only looked at
    priorities: Path | None = None
    rules: str | None = None
    mechanism: str | None = None
    fallback: str | None = None
    seed: int = 0
    run_dir: Path | None = None
    osm: Path | None = None
    distance: str | None = None
    barriers: bool = True  # False: ignore declared barriers (to show what a map-less run does)
    snap_limit_m: float = 500.0  # farthest a home or school may lie from a walkable way
    ferries: bool = False  # walk onto ferries


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a run.

    A national cohort allocates millions of small objects and no reference cycles; left on, the
    collector re-scans them over and over and costs about a third of the run.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def execute(request: PlacementRequest, step=lambda _name: None,
            instance: Instance | None = None) -> tuple[PlacementResult, dict]:
    """Run a placement request to a result and the run files, writing nothing.

    `instance`, when given, is placed instead of reading the request's files again (the portal
    builds it from the store and wrote exactly it as those files). Raises `InputError` for any
    problem with the inputs.
    """
    with _collector_paused():
        return _execute(request, step, instance)


def _execute(request: PlacementRequest, step, instance: Instance | None
             ) -> tuple[PlacementResult, dict]:
    step("reading")
    config = load_rules(request.rules)
    try:
        config = config.with_overrides(mechanism=request.mechanism, fallback=request.fallback)
    except ValueError as err:
        raise InputError(request.rules or "command line", str(err)) from None
    if instance is None:
        instance = read_instance(request.schools, request.children)
    explicit = None
    if request.priorities is not None:
        explicit = read_priorities(request.priorities, instance, request.children)
    step("streets")
    distances = distance_source(instance, request.osm, request.distance, request.schools,
                                request.children, snap_limit_m=request.snap_limit_m,
                                ferries=request.ferries)
    sides = None
    if request.barriers and config.barriers.enabled:
        network = (open_network(request.osm, request.ferries)
                   if distances.kind == "walking" and request.osm is not None else None)
        sides = barrier_sides(instance, config.barriers, request.osm, network)
    try:
        result = place(instance, config, distances, request.seed, explicit, progress=step,
                       sides=sides)
    except MissingPriority as err:  # pragma: no cover - read_priorities checks this first
        raise InputError(request.priorities or "", str(err)) from None
    step("writing")
    inputs = {"schools": request.schools, "children": request.children,
              "priorities": request.priorities, "osm": request.osm}
    walking = {"ferries": request.ferries, "snap_limit_m": request.snap_limit_m}
    files = run_files(result, inputs, walking) if request.run_dir else {
        "placements.csv": placements_csv(result)
    }
    return result, files


def run_placement(request: PlacementRequest, console: Console, quiet: bool = False) -> int:
    """Run the request, write its outputs and print a summary; returns the exit code."""
    if request.out is None:
        raise ValueError("a placement run that writes its result needs `out`")
    progress = Progress(
        TextColumn("[bold]{task.description:<11}"), BarColumn(), TextColumn("{task.fields[step]}"),
        TimeElapsedColumn(), console=console, transient=True, disable=quiet,
    )
    task = progress.add_task("placement", total=len(STEPS), step="")

    def step(name: str) -> None:
        progress.update(task, completed=STEPS.index(name), step=name)

    try:
        with progress:
            result, files = execute(request, step)
            if request.run_dir is not None:
                write_run(request.run_dir, files)
            write_atomically(request.out, files["placements.csv"])
            progress.update(task, completed=len(STEPS))
    except (InputError, RunExists) as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        console.print("nothing was written", style="dim")
        return EXIT_INPUT
    return report_result(result, request, console, quiet)


def report_result(
    result: PlacementResult, request: PlacementRequest, console: Console, quiet: bool = False
) -> int:
    """Print the summary of a written run and judge its audit; returns the exit code."""
    if not quiet:
        print_summary(result, console, request.out, request.run_dir)
    failed = {c.name for c in result.audit.checks if not c.passed}
    serious = failed - mechanism(result.config.mechanism).not_promised - CAPACITY_CHECKS
    if serious:
        console.print(f"[bold red]audit failed:[/] {', '.join(sorted(serious))} — do not publish "
                      "this run")
        return EXIT_AUDIT
    return EXIT_OK
