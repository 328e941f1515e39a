"""Small builders for placement tests: instances from preference and priority lists."""

from __future__ import annotations

import numpy as np

from huvudman.placement import Child, Instance, RuleConfig, School, StraightLineDistances, place
from huvudman.placement.engine import PlacementResult


def explicit_instance(
    prefs: dict[str, list[str]], priority: dict[str, list[str]], capacity: dict[str, int]
) -> tuple[Instance, dict[tuple[int, int], int], StraightLineDistances]:
    """An instance whose children rank `prefs` and whose schools rank children by `priority`.

    Every child and school sits at the same spot, so distances play no part.
    """
    schools = tuple(School(s, s, 59.3, 18.0, capacity[s]) for s in capacity)
    children = tuple(Child(c, 59.3, 18.0, tuple(p)) for c, p in prefs.items())
    inst = Instance.build(schools, children)
    explicit = {
        (inst.school_index[s], inst.child_index[c]): r + 1
        for s, order in priority.items()
        for r, c in enumerate(order)
    }
    dist = StraightLineDistances(np.zeros((len(children), 2)), np.zeros((len(schools), 2)))
    return inst, explicit, dist


def run_explicit(
    prefs: dict[str, list[str]],
    priority: dict[str, list[str]],
    capacity: dict[str, int],
    mechanism: str = "deferred-acceptance",
    fallback: str = "none",
    seed: int = 1,
) -> PlacementResult:
    """Place an explicit-priority instance."""
    inst, explicit, dist = explicit_instance(prefs, priority, capacity)
    config = RuleConfig(mechanism=mechanism, fallback=fallback)
    return place(inst, config, dist, seed, explicit)


def assignment(result: PlacementResult) -> dict[str, str | None]:
    """child id → school id (None when unplaced)."""
    inst = result.instance
    return {
        inst.children[o.child].child_id: inst.schools[o.school].school_id if o.school >= 0 else None
        for o in result.outcomes
    }


def geo_instance(
    schools: list[tuple[str, float, float, int]],
    children: list[Child],
) -> tuple[Instance, StraightLineDistances]:
    """An instance on a flat plane: schools as (id, x, y, capacity), children with x/y in lat/lon.

    Children's `lat`/`lon` fields carry plane coordinates in metres (y, x) for these tests.
    """
    sch = tuple(School(sid, sid, 59.3, 18.0, cap) for sid, _, _, cap in schools)
    inst = Instance.build(sch, children)
    s_xy = np.array([[x, y] for _, x, y, _ in schools], dtype=float)
    c_xy = np.array([[c.lon, c.lat] for c in children], dtype=float)
    return inst, StraightLineDistances(c_xy, s_xy)


def hv(*args, env: dict[str, str] | None = None):
    """Run the `huvudman` command line as a user would (a fresh process, plain environment)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "huvudman", *map(str, args)],
                          capture_output=True, text=True, env={"COLUMNS": "200", **(env or {})})


#: How many generated cases each fuzzing test ran (printed at the end of the run).
CASES: dict[str, int] = {}


def count_case(name: str) -> None:
    """Count one generated case of the fuzzing test `name`."""
    CASES[name] = CASES.get(name, 0) + 1
