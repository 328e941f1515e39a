"""Straight line against walking route: who the 2020 shortcut would have wronged.

The same children, rules and seed are placed twice — once by straight-line distance and
without the map's barriers, as the 2020 system did, once by walking distance along the street
map with the declared barriers — and every child placed differently is listed with the
walk each placement would mean, whether the straight-line placement crosses a barrier the family
did not choose to cross, and how much the child's priority positions moved. A map shows the
homes and both schools of every child placed differently (never a child with protected
identity).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.outputs import csv_columns, write_atomically
from huvudman.placement.config import BarrierRule
from huvudman.placement.engine import PlacementResult
from huvudman.services.rounds.placement_run import PlacementRequest, execute
from huvudman.services.streets.barrier_sides import barrier_sides
from huvudman.services.streets.distance_sources import open_network, walking_distances

REPORT_COLUMNS = (
    "child_id", "verdict", "school_straight", "choice_rank_straight", "rule_straight",
    "walking_m_straight", "school_walking", "choice_rank_walking", "rule_walking",
    "walking_m_walking", "extra_walk_m", "across_barrier_straight", "largest_position_change",
)
DEFAULT_BARRIERS = BarrierRule(osm=("waterway=river", "waterway=canal"))


@dataclass(frozen=True)
class Comparison:
    """The two runs and the per-child findings."""

    straight: PlacementResult
    walking: PlacementResult
    moved: np.ndarray  # child indices placed differently
    verdict: list[str]
    walk_straight: np.ndarray
    walk_walking: np.ndarray
    across: np.ndarray  # bool per child
    position_change: np.ndarray  # int per child


def _rank_key(rank: np.ndarray, school: np.ndarray) -> np.ndarray:
    return np.where(rank > 0, rank, np.where(school >= 0, 10**6, 10**7))


def compare_distances(request: PlacementRequest) -> Comparison:
    """Place by straight line and by walking route; find who is placed differently and how."""
    from dataclasses import replace

    straight, _ = execute(replace(request, distance="straight", run_dir=None, barriers=False))
    walking, _ = execute(replace(request, distance="walking", run_dir=None))
    inst = walking.instance
    walk = walking_distances(inst, open_network(request.osm), request.schools, request.children)
    s_out, w_out = straight.outcomes, walking.outcomes
    moved = np.flatnonzero(s_out.school != w_out.school)
    n = inst.n_children

    def walked(school: np.ndarray) -> np.ndarray:
        out = np.full(n, np.nan)
        ok = school >= 0
        out[ok] = walk.pairs(np.flatnonzero(ok), school[ok])
        return out

    walk_s, walk_w = walked(s_out.school), walked(w_out.school)
    key_s = _rank_key(s_out.choice_rank, s_out.school)
    key_w = _rank_key(w_out.choice_rank, w_out.school)
    verdict = np.full(n, "same", dtype=object)
    verdict[moved] = np.where(
        key_s[moved] > key_w[moved], "wronged",
        np.where(key_s[moved] < key_w[moved], "favoured",
                 np.where(walk_s[moved] > walk_w[moved], "wronged", "favoured")))
    rules = straight.config.barriers if straight.config.barriers.enabled else DEFAULT_BARRIERS
    sides = barrier_sides(inst, rules, request.osm)
    across = np.zeros(n, dtype=bool)
    if sides is not None:
        ok = s_out.school >= 0
        other = np.zeros(n, dtype=bool)
        other[ok] = sides.school[s_out.school[ok]] != sides.child[ok]
        across = other & ~sides.may_cross(inst)
    ps, pw = straight.priorities, walking.priorities
    change = np.zeros(n, dtype=np.int64)
    np.maximum.at(change, ps.child, np.abs(ps.rank - pw.rank))
    return Comparison(straight, walking, moved, verdict.tolist(), walk_s, walk_w, across, change)


def report_csv(cmp: Comparison) -> str:
    """One row per child placed differently."""
    inst = cmp.walking.instance
    ids = np.array([s.school_id for s in inst.schools] + [""], dtype=object)
    s_out, w_out = cmp.straight.outcomes, cmp.walking.outcomes
    m = cmp.moved

    def metres(values: np.ndarray) -> list[str]:
        return ["" if not np.isfinite(v) else f"{v:.0f}" for v in values.tolist()]

    def rank(values: np.ndarray) -> list[str]:
        return [str(v) if v else "" for v in values.tolist()]

    return csv_columns(REPORT_COLUMNS, (
        [inst.child_ids[i] for i in m.tolist()],
        [cmp.verdict[i] for i in m.tolist()],
        ids[s_out.school[m]].tolist(), rank(s_out.choice_rank[m]), s_out.rule[m].tolist(),
        metres(cmp.walk_straight[m]),
        ids[w_out.school[m]].tolist(), rank(w_out.choice_rank[m]), w_out.rule[m].tolist(),
        metres(cmp.walk_walking[m]),
        metres(cmp.walk_straight[m] - cmp.walk_walking[m]),
        ["true" if v else "false" for v in cmp.across[m].tolist()],
        [str(v) for v in cmp.position_change[m].tolist()],
    ))


def draw_map(cmp: Comparison, osm: Path, out: Path) -> None:
    """A PNG map: streets, barriers, schools, and each child placed differently."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    from huvudman.geo import project, project_instance
    from huvudman.streets.osm_reader import read_lines

    net = open_network(osm)
    g = net.graph
    inst = cmp.walking.instance
    fig, ax = plt.subplots(figsize=(9, 9))
    ax.add_collection(LineCollection(np.stack([g.xy[g.seg_u], g.xy[g.seg_v]], axis=1),
                                     colors="#c8c8c8", linewidths=0.5, zorder=1))
    for lat, lon in read_lines(osm, list(DEFAULT_BARRIERS.osm)):
        xy = project(lat, lon, net.crs)
        ax.plot(xy[:, 0], xy[:, 1], color="#2f6db5", linewidth=3, alpha=0.6, zorder=2)
    c_xy, s_xy = project_instance(inst, net.crs)
    show = cmp.moved[~inst.protected[cmp.moved]]
    for school, colour, label in ((cmp.straight.outcomes.school, "#c0392b", "straight line"),
                                  (cmp.walking.outcomes.school, "#1e8449", "walking route")):
        idx = show[school[show] >= 0]
        segs = np.stack([c_xy[idx], s_xy[school[idx]]], axis=1)
        ax.add_collection(LineCollection(segs, colors=colour, linewidths=0.8, alpha=0.7,
                                         zorder=3, label=f"placed by {label}"))
    wronged = [i for i in show.tolist() if cmp.verdict[i] == "wronged"]
    ax.scatter(c_xy[show, 0], c_xy[show, 1], s=6, color="#333333", zorder=4,
               label="home (child placed differently)")
    ax.scatter(c_xy[wronged, 0], c_xy[wronged, 1], s=14, facecolors="none",
               edgecolors="#c0392b", zorder=4, label="wronged by the straight line")
    ax.scatter(s_xy[:, 0], s_xy[:, 1], marker="s", s=28, color="black", zorder=5,
               label="school")
    ax.set_aspect("equal")
    ax.autoscale()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"Straight line against walking route: {len(cmp.moved)} children placed "
                 f"differently, {len(wronged)} wronged\n(children with protected identity "
                 "are not shown)", fontsize=10)
    ax.legend(loc="lower left", fontsize=8)
    ax.text(0.99, 0.01, "Streets: " + osm.name, transform=ax.transAxes, ha="right",
            fontsize=7, color="#666666")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=130, bbox_inches="tight")
    plt.close(fig)


def run_report(request: PlacementRequest, out_dir: Path, console: Console) -> int:
    """Write the CSV and the map and print the summary; returns the exit code."""
    if request.osm is None:
        console.print("[bold red]error:[/] the comparison needs a street map: --osm FILE")
        return 2
    try:
        with console.status("placing by straight line and by walking route"):
            cmp = compare_distances(request)
            write_atomically(out_dir / "straight-vs-walking.csv", report_csv(cmp))
            draw_map(cmp, request.osm, out_dir / "straight-vs-walking.png")
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        return 2
    wronged = sum(1 for i in cmp.moved.tolist() if cmp.verdict[i] == "wronged")
    across = int(cmp.across.sum())
    s_stats = cmp.straight.statistics["overall"]
    w_stats = cmp.walking.statistics["overall"]
    console.print(
        f"{len(cmp.moved)} of {cmp.walking.instance.n_children} children would be placed "
        f"differently by straight-line distance without a map; {wronged} of them worse (a "
        f"lower choice or a "
        f"longer walk); {across} placed across a barrier their family did not choose to cross.\n"
        f"first choice: straight {100 * s_stats['first_choice_share']:.1f} %, walking "
        f"{100 * w_stats['first_choice_share']:.1f} %; median walk to the school placed: "
        f"straight {np.nanmedian(cmp.walk_straight):.0f} m, walking "
        f"{np.nanmedian(cmp.walk_walking):.0f} m\n"
        f"wrote {out_dir / 'straight-vs-walking.csv'} and {out_dir / 'straight-vs-walking.png'}",
        highlight=False)
    return 0
