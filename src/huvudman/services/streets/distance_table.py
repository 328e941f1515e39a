"""The distances use case: every child × school pair, walking and straight, as CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import Progress

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.outputs import csv_columns, write_atomically
from huvudman.services.streets.distance_sources import (
    open_network,
    straight_distances,
    walking_distances,
)

DISTANCE_COLUMNS = ("child_id", "school_id", "walking_m", "straight_m")


def distances_csv(child_ids: list[str], school_ids: list[str], walking: np.ndarray,
                  straight: np.ndarray) -> str:
    """distances.csv text: one row per child and school, in input order."""
    n, m = walking.shape

    def fmt(values: np.ndarray) -> list[str]:
        return ["" if not np.isfinite(v) else f"{v:.1f}" for v in values.ravel().tolist()]

    return csv_columns(DISTANCE_COLUMNS, (
        [c for c in child_ids for _ in range(m)],
        school_ids * n,
        fmt(walking),
        fmt(straight),
    ))


def write_distances(osm: Path, schools: Path, children: Path, out: Path,
                    console: Console, snap_limit_m: float = 500.0, ferries: bool = False) -> int:
    """Compute and write distances.csv; returns the exit code."""
    try:
        instance = read_instance(schools, children)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("reading the street network", total=None)
            network = open_network(osm, ferries)
            report = network.graph.report
            progress.update(task, description="walking distances", total=len(instance.schools))
            walk = walking_distances(instance, network, schools, children,
                                     lambda done, _total: progress.update(task, completed=done),
                                     snap_limit_m)
        straight = straight_distances(instance)
        n, m = instance.n_children, len(instance.schools)
        child = np.repeat(np.arange(n), m)
        school = np.tile(np.arange(m), n)
        text = distances_csv(instance.child_ids, [s.school_id for s in instance.schools],
                             walk.matrix, straight.pairs(child, school).reshape(n, m))
        write_atomically(out, text)
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        console.print("nothing was written", style="dim")
        return 2
    console.print(
        f"street network: {report.kept_nodes:,} nodes and {report.kept_segments:,} segments kept "
        f"of {report.nodes:,} and {report.segments:,} ({report.components - 1} smaller parts "
        f"dropped); {report.routing_nodes:,} routing nodes after merging chains",
        highlight=False)
    console.print(f"wrote {out}: {n * m:,} distances ({n:,} children × {m:,} schools)")
    return 0
