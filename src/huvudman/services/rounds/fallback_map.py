"""Where the children given a fallback school live, as a map for staff: homes counted in grid
squares (never single homes; squares with fewer than three children are left blank, children
with protected personal data are never counted), with every school marked and the
oversubscribed ones picked out."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np

from huvudman.geo import project
from huvudman.placement.statistics import SMALL_CELL
from huvudman.runs.reader import read_rows

CELL_M = 500.0
MIN_SHOWN = SMALL_CELL
WIDTH = 640
_MARGIN = 12
_SHADES = ("#fde0c5", "#f9b27a", "#e0773a", "#a8460f", "#6b2a05")


@dataclass(frozen=True)
class FallbackMap:
    """Counts of fallback homes per grid square, and the schools, in projected metres."""

    cells: list[tuple[float, float, int]]  # south-west corner x, y; children
    schools: list[tuple[float, float, str, bool]]  # x, y, name, oversubscribed
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1
    hidden: int  # fallback children in squares with too few to show
    total: int  # fallback children without protected personal data


def fallback_map(run_dir: Path, inputs_dir: Path, cell_m: float = CELL_M,
                 min_shown: int = MIN_SHOWN) -> FallbackMap | None:
    """The map of one run (None when the run's input files are not at hand)."""
    if not (inputs_dir / "children.csv").is_file():
        return None
    homes = {r["child_id"]: r for r in read_rows(inputs_dir / "children.csv")}
    fallback = [homes[r["child_id"]] for r in read_rows(run_dir / "placements.csv")
                if r["rule"] == "fallback" and homes[r["child_id"]]["protected"] != "true"]
    schools = read_rows(inputs_dir / "schools.csv")
    refused = {r["school_id"]: int(r["refused"]) > 0 for r in read_rows(run_dir / "cutoffs.csv")}
    school_xy = project(np.array([float(s["lat"]) for s in schools]),
                        np.array([float(s["lon"]) for s in schools]))
    all_homes = project(np.array([float(h["lat"]) for h in homes.values()]),
                        np.array([float(h["lon"]) for h in homes.values()]))
    lo = np.minimum(all_homes.min(axis=0), school_xy.min(axis=0))
    hi = np.maximum(all_homes.max(axis=0), school_xy.max(axis=0))
    cells: list[tuple[float, float, int]] = []
    hidden = 0
    if fallback:
        xy = project(np.array([float(h["lat"]) for h in fallback]),
                     np.array([float(h["lon"]) for h in fallback]))
        keys, counts = np.unique(np.floor((xy - lo) / cell_m).astype(np.int64), axis=0,
                                 return_counts=True)
        for (i, j), n in zip(keys.tolist(), counts.tolist(), strict=True):
            if n >= min_shown:
                cells.append((lo[0] + i * cell_m, lo[1] + j * cell_m, n))
            else:
                hidden += n
    marks = [(float(x), float(y), s["name"], refused.get(s["school_id"], False))
             for (x, y), s in zip(school_xy.tolist(), schools, strict=True)]
    return FallbackMap(cells, marks, (float(lo[0]), float(lo[1]), float(hi[0] + cell_m),
                                      float(hi[1] + cell_m)), hidden, len(fallback))


def fallback_map_svg(m: FallbackMap, title: str, legend: tuple[str, str, str],
                     cell_m: float = CELL_M) -> str:
    """The map as inline SVG: shaded squares, schools as dots (oversubscribed ones ringed),
    a legend and a scale; `legend` is (children per square, school, oversubscribed school)."""
    x0, y0, x1, y1 = m.bounds
    scale = (WIDTH - 2 * _MARGIN) / max(x1 - x0, 1.0)
    height = int((y1 - y0) * scale + 2 * _MARGIN + 40)

    def px(x: float, y: float) -> tuple[float, float]:
        return _MARGIN + (x - x0) * scale, height - 40 - _MARGIN - (y - y0) * scale

    top = max((n for _, _, n in m.cells), default=1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="fallback-map" '
             f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'aria-labelledby="fbmap-title"><title id="fbmap-title">{escape(title)}</title>'
             f'<rect width="{WIDTH}" height="{height}" fill="#f7f7f4" stroke="#767676"/>']
    side = cell_m * scale
    for x, y, n in m.cells:
        shade = _SHADES[min(len(_SHADES) - 1, int((len(_SHADES) - 1) * n / top))]
        cx, cy = px(x, y + cell_m)
        parts.append(f'<rect x="{cx:.1f}" y="{cy:.1f}" width="{side:.1f}" height="{side:.1f}" '
                     f'fill="{shade}"><title>{n}</title></rect>')
    for x, y, name, full in m.schools:
        cx, cy = px(x, y)
        ring = ' stroke="#8b0000" stroke-width="2.5"' if full else ' stroke="#fff"'
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#1f4e79"{ring}>'
                     f'<title>{escape(name)}</title></circle>')
    ly = height - 22
    parts.append(f'<rect x="{_MARGIN}" y="{ly - 9}" width="12" height="12" fill="{_SHADES[2]}"/>'
                 f'<text x="{_MARGIN + 18}" y="{ly + 1}" font-size="12">{escape(legend[0])}'
                 f'</text>')
    parts.append(f'<circle cx="{_MARGIN + 236}" cy="{ly - 3}" r="4" fill="#1f4e79"/>'
                 f'<text x="{_MARGIN + 246}" y="{ly + 1}" font-size="12">{escape(legend[1])}'
                 f'</text>')
    parts.append(f'<circle cx="{_MARGIN + 356}" cy="{ly - 3}" r="4" fill="#1f4e79" '
                 f'stroke="#8b0000" stroke-width="2.5"/><text x="{_MARGIN + 366}" y="{ly + 1}" '
                 f'font-size="12">{escape(legend[2])}</text>')
    bar_m = 2000 if x1 - x0 > 8000 else 1000
    parts.append(f'<path d="M{_MARGIN} {height - 6}h{bar_m * scale:.1f}" stroke="#1a1a1a" '
                 f'stroke-width="2"/><text x="{_MARGIN + bar_m * scale + 6:.1f}" '
                 f'y="{height - 3}" font-size="11">{bar_m // 1000} km</text></svg>')
    return "".join(parts)
