"""Forecast benchmark: 1,000 simulated placements of the demo municipality for one family.

Prints, from one run on this machine: the forecast (1,000 simulations of the 6,000-child demo
municipality, the family's child added, on all cores) beside the plain placement engine —
`placement.engine.place`, priorities to audit — timed on the same cohort and scaled to 1,000
runs, which is what a forecast built by calling the engine would cost.

Run:  .venv/bin/python bench/forecast_bench.py [--simulations 1000] [--engine-runs 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from huvudman.datafiles.rules import load_rules
from huvudman.forecast import Simulator, summarise
from huvudman.placement.engine import place
from huvudman.services.demo.municipality import write_municipality
from huvudman.services.forecast.forecast_run import ForecastRequest, family_instance, simulate
from huvudman.services.streets.distance_sources import straight_distances


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulations", type=int, default=1000)
    parser.add_argument("--engine-runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        write_municipality(data, 6000, 60, 2021, "realistic", Console(quiet=True),
                           streets=False)
        first = (data / "children.csv").read_text().splitlines()[1].split(",")
        request = ForecastRequest(schools=data / "schools.csv", children=data / "children.csv",
                                  lat=float(first[1]), lon=float(first[2]),
                                  choices=first[3].split(";"), simulations=args.simulations)
        _, _, full, choices = family_instance(request)
        config = load_rules(None)
        distances = straight_distances(full)
        t0 = time.perf_counter()
        simulator = Simulator(full, config, distances)
        result = simulate(simulator, args.simulations, 1, args.workers)
        ours = time.perf_counter() - t0
        chances = summarise(result, choices)
        print(f"forecast: {args.simulations:,} simulated placements of {full.n_children - 1:,} "
              f"children + 1 family, {args.workers} workers: {ours:.2f} s "
              f"({ours / args.simulations * 1000:.1f} ms each); first choice "
              f"{chances.listed[0].probability:.1%}; goal: under 10 s")
        t0 = time.perf_counter()
        for seed in range(args.engine_runs):
            place(full, config, distances, seed)
        engine = (time.perf_counter() - t0) / args.engine_runs
        print(f"plain engine (place: priorities, matching, fallback, cutoffs, statistics, audit), "
              f"one process: {engine * 1000:.0f} ms per run (mean of {args.engine_runs}), "
              f"{engine * args.simulations:.0f} s for {args.simulations:,} runs")
        print(f"ratio engine x {args.simulations:,} / forecast: "
              f"{engine * args.simulations / ours:.0f}x")


if __name__ == "__main__":
    main()
