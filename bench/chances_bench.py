"""The portal's chances beside a list being built, for the 6,000-child demo municipality.

Generates the demo's last year (6,000 children, 60 schools) and this year's families; builds
the portal's chance service once (the cohort simulated 300 times, every child's standing at
every school); then asks it for 300 families' lists, as the portal does on every change of a
list — own chances in bands, the school the family is sure of, where "none of these" leads and,
for a risky list, the schools that lower the risk. As the peer in the same run, the exact way
(`huvudman forecast`: the family simulated inside 300 cohorts, and the sure school found by
ranking the whole cohort) for the first 10 of those families. Prints p50/p95 per question and
the ratio. The issue's goal: under 50 ms a question at p95.

Run:  .venv/bin/python bench/chances_bench.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np


def main() -> None:
    """Build the service, ask it, ask the peer; print the figures."""
    from rich.console import Console

    from huvudman.datafiles.inputs import read_instance
    from huvudman.datafiles.rules import load_rules
    from huvudman.forecast import Simulator
    from huvudman.forecast.certain import certain_school
    from huvudman.services.demo.municipality import write_municipality
    from huvudman.services.forecast.chance_service import ChanceService
    from huvudman.services.streets.distance_sources import straight_distances

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name, year in (("last", 0), ("this", 1)):
            write_municipality(tmp / name, 6000, 60, 2021, "realistic", Console(quiet=True),
                               False, year)
        config = load_rules(None)
        started = time.perf_counter()
        service = ChanceService(tmp / "last" / "schools.csv", tmp / "last" / "children.csv",
                                config, 300)
        built = time.perf_counter() - started
        families = [c for c in read_instance(tmp / "this" / "schools.csv",
                                             tmp / "this" / "children.csv").children
                    if c.choices][:300]
        times, risky = [], 0
        for family in families:
            t = time.perf_counter()
            advice = service.chances(family.lat, family.lon, list(family.choices),
                                     list(family.siblings))
            times.append(time.perf_counter() - t)
            risky += advice.warn
        peer = []
        for family in families[:10]:
            t = time.perf_counter()
            full = service.cohort.with_child(family._replace(child_id="(family)"))
            distances = straight_distances(full)
            Simulator(full, config, distances).run(300, 1)
            certain_school(full, config, distances, [full.school_index[s]
                                                     for s in family.choices])
            peer.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    exact = np.array(peer) * 1000
    print(f"service built once in {built:.1f} s (300 simulated cohorts of 6,000 children)")
    print(f"{len(ms)} questions ({risky} risky lists, with suggestions): "
          f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms, "
          f"max {ms.max():.1f} ms")
    print(f"peer, the exact forecast for 10 of them: p50 {np.percentile(exact, 50):.0f} ms, "
          f"p95 {np.percentile(exact, 95):.0f} ms")
    ratio = np.percentile(exact, 50) / np.percentile(ms, 50)
    print(f"ratio at p50: the portal's answer is {ratio:.0f}× faster than the exact forecast")


if __name__ == "__main__":
    main()
