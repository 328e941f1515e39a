"""The outlook use case: next year's shortages and children at risk, and what-if changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.outputs import csv_text, write_atomically
from huvudman.datafiles.rules import load_rules
from huvudman.forecast.outlook import Outlook, outlook
from huvudman.forecast.simulation import Simulator
from huvudman.geo import SWEREF_BOUNDS
from huvudman.placement.model import Instance, School
from huvudman.services.streets.distance_sources import distance_source

OUTLOOK_COLUMNS = ("school_id", "name", "capacity", "expected_applicants",
                   "expected_first_choice", "expected_admitted", "expected_refused",
                   "oversubscribed_share")
RISK_COLUMNS = ("child_id", "district", "drawn", "no_listed_school_share")


@dataclass(frozen=True)
class OutlookRequest:
    """What the administration asks about next year."""

    schools: Path
    children: Path  # last year's cohort
    simulations: int = 300
    seed: int = 0
    rules: str | None = None
    osm: Path | None = None
    add_places: Sequence[str] = field(default_factory=tuple)  # "SCHOOL_ID=N"
    open_schools: Sequence[str] = field(default_factory=tuple)  # "ID;NAME;LAT;LON;PLACES"


def what_if(instance: Instance, add_places: Sequence[str], open_schools: Sequence[str]
            ) -> Instance:
    """The instance with places added at schools and new schools opened."""
    schools = list(instance.schools)
    for item in add_places:
        sid, _, n = item.partition("=")
        if sid.strip() not in instance.school_index:
            raise InputError("--add-places", f"unknown school id {sid.strip()!r}")
        try:
            extra = int(n)
        except ValueError:
            raise InputError("--add-places", f"{item!r}: write SCHOOL_ID=PLACES") from None
        i = instance.school_index[sid.strip()]
        if schools[i].capacity + extra < 0:
            raise InputError("--add-places", f"{item!r} would leave a negative capacity")
        schools[i] = schools[i]._replace(capacity=schools[i].capacity + extra)
    for item in open_schools:
        parts = [p.strip() for p in item.split(";")]
        try:
            sid, name, lat, lon, cap = parts[0], parts[1], float(parts[2]), float(parts[3]), \
                int(parts[4])
        except (IndexError, ValueError):
            raise InputError("--open-school", f"{item!r}: write ID;NAME;LAT;LON;PLACES") from None
        south, west, north, east = SWEREF_BOUNDS
        if not (south <= lat <= north and west <= lon <= east) or cap < 0:
            raise InputError("--open-school", f"{item!r}: outside the map or negative places")
        if sid in instance.school_index or any(s.school_id == sid for s in schools):
            raise InputError("--open-school", f"school id {sid!r} exists already")
        schools.append(School(sid, name, lat, lon, cap))
    return replace(instance, schools=tuple(schools))


def run_outlook(request: OutlookRequest, out_dir: Path, console: Console) -> int:
    """The outlook command: baseline, and the what-if when asked; returns the exit code."""
    try:
        config = load_rules(request.rules)
        base = read_instance(request.schools, request.children)
        changed = (what_if(base, request.add_places, request.open_schools)
                   if request.add_places or request.open_schools else None)
        results = []
        for inst in filter(None, (base, changed)):
            with console.status(f"simulating {request.simulations} cohorts"):
                distances = distance_source(inst, request.osm, None, request.schools,
                                            request.children)
                sim = Simulator(inst, config, distances, families=0)
                results.append((inst, outlook(sim, request.simulations, request.seed)))
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    inst, base_outlook = results[0]
    write_atomically(out_dir / "outlook.csv", outlook_csv(inst, base_outlook))
    write_atomically(out_dir / "at_risk.csv", risk_csv(inst, base_outlook))
    _print(inst, base_outlook, console, "Next year, if it looks like last year")
    if changed is not None:
        inst2, what = results[1]
        write_atomically(out_dir / "whatif_outlook.csv", outlook_csv(inst2, what))
        _print(inst2, what, console, "With the changes")
        console.print(f"Children with none of their listed schools, per cohort: "
                      f"{base_outlook.expected_without_choice:.1f} now → "
                      f"{what.expected_without_choice:.1f} with the changes "
                      "(the same simulated cohorts; families do not list a new school, since "
                      "last year's lists are resampled: it takes fallbacks only).",
                      highlight=False)
    console.print(f"wrote {', '.join(sorted(p.name for p in out_dir.glob('*.csv')))} to "
                  f"{out_dir}", highlight=False)
    return 0


def outlook_csv(instance: Instance, o: Outlook) -> str:
    """outlook.csv: one row per school."""
    rows = [(s.school_id, s.name, s.capacity, f"{o.applicants[i]:.1f}",
             f"{o.first_choice[i]:.1f}", f"{o.admitted[i]:.1f}", f"{o.refused[i]:.1f}",
             f"{o.oversubscribed[i]:.3f}") for i, s in enumerate(instance.schools)]
    return csv_text(OUTLOOK_COLUMNS, rows)


def risk_csv(instance: Instance, o: Outlook) -> str:
    """at_risk.csv: last year's children whose like would most often get none of their
    listed schools, most at risk first (children never drawn or with no list left out)."""
    risk = o.risk
    seen = np.flatnonzero(o.drawn > 0)
    order = seen[np.lexsort((seen, -risk[seen]))]
    rows = [(instance.child_ids[c], instance.district[c], int(o.drawn[c]), f"{risk[c]:.3f}")
            for c in order.tolist() if risk[c] > 0]
    return csv_text(RISK_COLUMNS, rows)


def _print(instance: Instance, o: Outlook, console: Console, title: str) -> None:
    table = Table(title=f"{title}: {o.simulations} simulated cohorts")
    for col in ("school", "places", "first choices", "refused", "oversubscribed"):
        table.add_column(col)
    order = np.argsort(-o.refused, kind="stable")[:10]
    for i in order.tolist():
        table.add_row(instance.schools[i].name, str(instance.schools[i].capacity),
                      f"{o.first_choice[i]:.0f}", f"{o.refused[i]:.0f}",
                      f"{o.oversubscribed[i]:.0%}")
    console.print(table)
    at_risk = int((o.risk > 0.5).sum())
    console.print(f"{at_risk} of last year's children would more often than not get none of "
                  "their listed schools (at_risk.csv lists everyone at risk).", highlight=False)
