"""Calibration: forecasts made from year T-1 for children of year T, against year T's placement."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.outputs import csv_text, write_atomically
from huvudman.datafiles.rules import load_rules
from huvudman.forecast.calibration import brier_score, reliability
from huvudman.forecast.many import family_lists, family_outcomes, simulate_cutoffs
from huvudman.forecast.simulation import Simulator
from huvudman.placement.engine import place
from huvudman.placement.model import Instance
from huvudman.services.streets.distance_sources import distance_source

CALIBRATION_COLUMNS = ("child_id", "choice_rank", "school_id", "forecast", "happened")


@dataclass(frozen=True)
class CalibrationRequest:
    """Two consecutive years of one municipality."""

    schools: Path
    last_year: Path  # children.csv of year T-1 (the cohort the forecast resamples)
    this_year: Path  # children.csv of year T (whose children were forecast, then placed)
    sample: int = 500
    simulations: int = 300
    seed: int = 0
    rules: str | None = None
    osm: Path | None = None


@dataclass(frozen=True)
class Calibration:
    """Forecast against outcome for every (sampled child, listed school) pair."""

    child_ids: list[str]
    choice_rank: np.ndarray
    school_ids: list[str]
    forecast: np.ndarray
    happened: np.ndarray
    any_forecast: np.ndarray  # per child: chance of any listed school
    any_happened: np.ndarray


def calibrate(request: CalibrationRequest, console: Console) -> Calibration:
    """Forecast a sample of this year's children from last year's cohort, then place this year
    and compare."""
    config = load_rules(request.rules)
    last = read_instance(request.schools, request.last_year)
    now = read_instance(request.schools, request.this_year)
    rng = np.random.default_rng(request.seed)
    chose = np.flatnonzero(now.choices.lengths > 0)
    if len(chose) == 0:
        raise InputError(request.this_year, "no child of this year chose a school")
    picked = np.sort(rng.choice(chose, size=min(request.sample, len(chose)), replace=False))
    records = now.children
    families = [records[c]._replace(child_id=f"next:{records[c].child_id}")
                for c in picked.tolist()]
    asked: Instance = last.with_children(families)
    with console.status(f"simulating {request.simulations} cohorts like {request.last_year.name}"):
        distances = distance_source(asked, request.osm, None, request.schools, request.last_year)
        simulator = Simulator(asked, config, distances, families=len(families))
        cutoffs = simulate_cutoffs(simulator, request.simulations, request.seed)
        lists, standing = family_lists(simulator)
        got = family_outcomes(cutoffs, lists, standing)
    with console.status(f"placing {request.this_year.name} as it happened"):
        actual = place(now, config, distance_source(now, request.osm, None, request.schools,
                                                    request.this_year), request.seed)
    rank_now = actual.outcomes.choice_rank[picked]
    ids, ranks, school_ids, forecast, happened = [], [], [], [], []
    for k, c in enumerate(picked.tolist()):
        for j, s in enumerate(lists[k].tolist()):
            if s < 0:
                break
            ids.append(now.child_ids[c])
            ranks.append(j + 1)
            school_ids.append(now.schools[s].school_id)
            forecast.append(float(np.mean(got[:, k] == j)))
            happened.append(bool(rank_now[k] == j + 1))
    return Calibration(ids, np.array(ranks), school_ids, np.array(forecast),
                       np.array(happened), np.mean(got >= 0, axis=0), rank_now > 0)


def calibration_csv(cal: Calibration) -> str:
    """calibration.csv: one row per sampled child and listed school."""
    rows = [(c, r, s, f"{p:.4f}", "1" if h else "0") for c, r, s, p, h in zip(
        cal.child_ids, cal.choice_rank.tolist(), cal.school_ids, cal.forecast.tolist(),
        cal.happened.tolist(), strict=True)]
    return csv_text(CALIBRATION_COLUMNS, rows)


def reliability_plot(cal: Calibration, path: Path) -> None:
    """The reliability diagram: forecast probability against observed frequency."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rel = reliability(cal.forecast, cal.happened)
    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=110)
    ax.plot([0, 1], [0, 1], color="#767676", lw=1, label="perfectly calibrated")
    ok = rel.count > 0
    ax.scatter(rel.mean_forecast[ok], rel.observed[ok], s=20 + 200 * rel.count[ok] /
               max(rel.count.max(), 1), color="#1f4e79", zorder=3,
               label="forecasts in a bin (size: how many)")
    ax.plot(rel.mean_forecast[ok], rel.observed[ok], color="#1f4e79", lw=1)
    ax.set_xlabel("forecast probability of a place at the listed school")
    ax.set_ylabel("share that got a place there")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(f"Reliability: {len(set(cal.child_ids))} children, "
                 f"Brier {brier_score(cal.forecast, cal.happened):.3f}")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def run_calibration(request: CalibrationRequest, out_dir: Path, console: Console) -> int:
    """The calibrate command; returns the exit code."""
    try:
        cal = calibrate(request, console)
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    write_atomically(out_dir / "calibration.csv", calibration_csv(cal))
    reliability_plot(cal, out_dir / "reliability.png")
    base = np.full(len(cal.happened), cal.happened.mean())
    console.print(f"{len(set(cal.child_ids))} children of {request.this_year} forecast from "
                  f"{request.last_year} ({request.simulations} simulated cohorts):",
                  highlight=False)
    first = cal.choice_rank == 1
    every = brier_score(cal.forecast, cal.happened)
    console.print(f"  Brier score, every listed school: {every:.4f} (one base rate for all: "
                  f"{brier_score(base, cal.happened):.4f})")
    console.print(f"  Brier score, first choice: "
                  f"{brier_score(cal.forecast[first], cal.happened[first]):.4f}")
    console.print(f"  Brier score, any listed school: "
                  f"{brier_score(cal.any_forecast, cal.any_happened):.4f}")
    console.print(f"wrote {out_dir / 'calibration.csv'} and {out_dir / 'reliability.png'}")
    return 0
