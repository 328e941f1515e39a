"""Placement benchmark: deferred acceptance against the `matching` package, and a national cohort.

Prints, from one run on this machine:
1. an easy instance (6,000 children, 150 schools, 5 random choices, random priorities) and a
   hard one (seats only 2% above demand, choices crowding popular schools, rule-chain
   priorities): huvudman's deferred acceptance against `matching`'s HospitalResident solver on
   the same lists, with a check that both give the identical child-optimal matching;
2. the whole `huvudman place` command on national-size cohorts (120,000 children, 5,000
   schools, rule-chain priorities, straight-line distance) of two shapes — the realistic one
   (a quarter with an older sibling, about 8 % needing a fallback school) and a crowded one
   (seats 2 % above demand, families crowding popular schools: over 40 % need a fallback
   school) —: wall time, peak memory and where the time goes.

Run:  .venv/bin/python bench/placement_bench.py   (needs the test extra for `matching`)
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from huvudman.demo import generate_municipality
from huvudman.placement import Child, Instance, RuleConfig, School
from huvudman.placement.mechanisms.deferred_acceptance import deferred_acceptance
from huvudman.placement.priorities import compute_priorities
from huvudman.services.demo.municipality import municipality_files
from huvudman.services.streets.distance_sources import straight_distances

Lists = tuple[list[int], list[int], list[int], list[int]]


def easy_instance(seed: int = 1) -> Lists:
    """6,000 children, 150 schools of 44 seats, 5 uniformly random choices, random priorities."""
    rng = random.Random(seed)
    n, m = 6000, 150
    schools: list[int] = []
    offsets = [0]
    for _ in range(n):
        schools.extend(rng.sample(range(m), 5))
        offsets.append(len(schools))
    ranks = [0] * len(schools)
    by_school: list[list[int]] = [[] for _ in range(m)]
    for p, s in enumerate(schools):
        by_school[s].append(p)
    for apps in by_school:
        rng.shuffle(apps)
        for r, p in enumerate(apps):
            ranks[p] = r
    return schools, ranks, offsets, [44] * m


def hard_instance(seed: int = 7) -> Lists:
    """6,000 children, 150 schools, seats 2% above demand, choices crowding popular schools."""
    m = generate_municipality(6000, 150, seed, "hard")
    return _rule_chain_lists(m)


def _rule_chain_lists(m) -> Lists:
    inst = _instance(m)
    table = compute_priorities(inst, RuleConfig(), straight_distances(inst), seed=1)
    return (table.school.tolist(), table.rank.tolist(), table.offsets.tolist(),
            inst.capacities)


def _instance(m) -> Instance:
    from huvudman.geo import to_wgs84

    s_lat, s_lon = to_wgs84(m.school_xy)
    c_lat, c_lon = to_wgs84(m.child_xy)
    ids = m.school_ids
    schools = tuple(School(ids[i], m.school_names[i], float(s_lat[i]), float(s_lon[i]),
                           int(m.school_capacity[i])) for i in range(len(ids)))
    children = tuple(Child(m.child_ids[i], float(c_lat[i]), float(c_lon[i]),
                           tuple(ids[j] for j in m.choices[i]),
                           tuple(ids[j] for j in m.siblings[i])) for i in range(len(m.child_ids)))
    return Instance.build(schools, children)


def time_ours(lists: Lists, repeat: int = 7) -> tuple[float, list[int]]:
    """Best-of-`repeat` seconds of huvudman's deferred acceptance, and its result."""
    best = float("inf")
    result: list[int] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = deferred_acceptance(*lists)
        best = min(best, time.perf_counter() - t0)
    return best, result


def time_matching(lists: Lists) -> tuple[float, float, list[int]]:
    """Seconds to build and to solve with `matching`, and its result as application indices."""
    from matching.games import HospitalResident

    schools, ranks, offsets, capacity = lists
    n = len(offsets) - 1
    resident_prefs = {c: [schools[p] for p in range(offsets[c], offsets[c + 1])]
                      for c in range(n)}
    applicants: dict[int, list[tuple[int, int]]] = {s: [] for s in range(len(capacity))}
    for c in range(n):
        for p in range(offsets[c], offsets[c + 1]):
            applicants[schools[p]].append((ranks[p], c))
    hospital_prefs = {s: [c for _, c in sorted(a)] for s, a in applicants.items()}
    caps = dict(enumerate(capacity))
    sys.setrecursionlimit(1_000_000)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, caps,
                                                         clean=True)
        t1 = time.perf_counter()
        solution = game.solve(optimal="resident")
    t2 = time.perf_counter()
    school_of = [-1] * n
    for hospital, residents in solution.items():
        for r in residents:
            school_of[r.name] = hospital.name
    placed = []
    for c in range(n):
        s = school_of[c]
        placed.append(next(p for p in range(offsets[c], offsets[c + 1]) if schools[p] == s)
                      if s >= 0 else -1)
    return t1 - t0, t2 - t1, placed


def national(tmp: Path, children: int, schools: int, shape: str) -> None:
    """Generate a national-size cohort and time the whole `huvudman place` command."""
    t0 = time.perf_counter()
    m = generate_municipality(children, schools, 2024, shape)
    for name, text in municipality_files(m, streets=False).items():
        (tmp / name).write_text(text, encoding="utf-8")
    print(f"  generated {children:,} children / {schools:,} schools in "
          f"{time.perf_counter() - t0:.1f} s")
    exe = Path(sys.executable).with_name("huvudman")
    cmd = [str(exe), "place", "--schools", str(tmp / "schools.csv"), "--children",
           str(tmp / "children.csv"), "--seed", "1", "--out", str(tmp / "placements.csv"),
           "--quiet"]
    walls = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        walls.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rules = [line.split(",")[3] for line in
             (tmp / "placements.csv").read_text(encoding="utf-8").splitlines()[1:]]
    siblings = sum(1 for s in m.siblings if s) / len(m.siblings)
    print(f"  {shape}: {siblings:.0%} with an older sibling, "
          f"{rules.count('fallback') / len(rules):.1%} placed by the fallback, "
          f"{rules.count('sibling') / len(rules):.1%} admitted by sibling priority")
    print(f"  huvudman place (whole command, priorities included): best {min(walls):.2f} s, "
          f"runs {', '.join(f'{w:.2f}' for w in walls)} s; peak memory {peak_mb:.0f} MB")
    _phases(tmp)


def _phases(tmp: Path) -> None:
    """Where the time of one in-process run goes."""
    from huvudman.services.rounds.placement_run import PlacementRequest, execute

    marks: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    execute(PlacementRequest(schools=tmp / "schools.csv", children=tmp / "children.csv",
                             out=tmp / "x.csv", seed=1),
            lambda name: marks.append((name, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    parts = [f"{a} {b_t - a_t:.2f}" for (a, a_t), (_, b_t) in itertools.pairwise(marks)]
    print(f"  in-process phases (s): {', '.join(parts)}; total {marks[-1][1] - t0:.2f}")
    _fallback_peer(tmp)


def _fallback_peer(tmp: Path) -> None:
    """The fallback as deferred acceptance with one priority order, against serving the
    children one by one (its definition, and the code before): same children, same seats."""
    from huvudman.datafiles.inputs import read_instance
    from huvudman.placement import RuleConfig, place
    from huvudman.placement.fallback import nearest_free_school, one_by_one
    from huvudman.services.streets.distance_sources import straight_distances

    instance = read_instance(tmp / "schools.csv", tmp / "children.csv")
    distances = straight_distances(instance)
    result = place(instance, RuleConfig(fallback="none"), distances, 1)
    left = np.flatnonzero(result.outcomes.school < 0).tolist()
    load = np.bincount(result.outcomes.school[result.outcomes.school >= 0],
                       minlength=len(instance.schools)).tolist()
    lottery = result.priorities.lottery_child
    timed = {}
    for name, fallback in (("one by one", one_by_one), ("deferred acceptance",
                                                         nearest_free_school)):
        t0 = time.perf_counter()
        timed[name] = fallback(left, lottery, distances, instance.capacities, list(load))
        timed[name + " s"] = time.perf_counter() - t0
    print(f"  fallback for {len(left):,} children: one by one {timed['one by one s']:.2f} s, "
          f"as deferred acceptance {timed['deferred acceptance s']:.2f} s "
          f"({timed['one by one s'] / timed['deferred acceptance s']:.1f}x); identical: "
          f"{timed['one by one'] == timed['deferred acceptance']}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national-children", type=int, default=120_000)
    parser.add_argument("--national-schools", type=int, default=5_000)
    parser.add_argument("--skip-matching", action="store_true")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    for label, make in (("easy", easy_instance), ("hard", hard_instance)):
        lists = make()
        n, apps = len(lists[2]) - 1, len(lists[0])
        ours_s, ours = time_ours(lists)
        rejected = apps and sum(1 for c in range(n) if ours[c] != lists[2][c])
        print(f"{label}: {n:,} children, {len(lists[3])} schools, {apps:,} applications, "
              f"{sum(lists[3]):,} seats; {rejected:,} children not at their first choice")
        print(f"  huvudman deferred acceptance: {ours_s * 1000:.1f} ms (best of 7)")
        if args.skip_matching:
            continue
        build_s, solve_s, theirs = time_matching(lists)
        same = theirs == ours
        total_s = build_s + solve_s
        print(f"  matching HospitalResident: {total_s:.2f} s in all (build the game "
              f"{build_s:.2f} s + solve {solve_s:.2f} s)")
        print(f"  ratio matching / huvudman: {total_s / ours_s:,.0f}x in all, "
              f"{solve_s / ours_s:,.0f}x solve only; identical matchings: {same}")
    for shape in ("realistic", "hard"):
        print(f"national cohort, {shape}:")
        with tempfile.TemporaryDirectory() as tmp:
            national(Path(tmp), args.national_children, args.national_schools, shape)


if __name__ == "__main__":
    main()
