"""A small map of one walking route, drawn as SVG from our own street data (no tile server).

Everything is in projected metres (north up); the map shows the route, the streets around it,
home and school, and a scale bar, with a text alternative for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

WIDTH, HEIGHT = 480, 300
_MARGIN_PX = 18
#: The labels' font, named so every renderer sets them alike (documents/typst_pdf.py has it)
MAP_FONT = "DejaVu Sans, Noto Sans Arabic, sans-serif"
_SCALES_M = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)


@dataclass(frozen=True)
class MapLabels:
    """The words on a map, in the letter's language."""

    title: str  # e.g. "Walking route to Norra skolan"
    description: str  # the route in words, for screen readers
    home: str
    school: str


def map_window(route: np.ndarray, aspect: float = WIDTH / HEIGHT,
               margin: float = 0.15) -> tuple[float, float, float, float]:
    """The area (x0, y0, x1, y1) in metres a route's map shows: the route with a margin, at the
    map's aspect ratio, never narrower than 300 m."""
    lo, hi = route.min(axis=0), route.max(axis=0)
    centre = (lo + hi) / 2
    w, h = max(hi[0] - lo[0], 1.0), max(hi[1] - lo[1], 1.0)
    w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
    w = max(w, h * aspect, 300.0)
    h = w / aspect
    return centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2


def route_svg(
    route: np.ndarray,
    streets: np.ndarray,
    labels: MapLabels,
    window: tuple[float, float, float, float] | None = None,
) -> str:
    """The map as an inline SVG element.

    `route` is the walk as (x, y) points from school to home; `streets` holds segments as
    (k, 2, 2) arrays of end points; segments outside the window are left out.
    """
    route = np.asarray(route, dtype=np.float64).reshape(-1, 2)
    x0, y0, x1, y1 = window or map_window(route)
    px, sx = _pixels((x0, y0, x1, y1))

    segs = np.asarray(streets, dtype=np.float64).reshape(-1, 2, 2)
    inside = ((segs[:, :, 0].max(axis=1) >= x0) & (segs[:, :, 0].min(axis=1) <= x1)
              & (segs[:, :, 1].max(axis=1) >= y0) & (segs[:, :, 1].min(axis=1) <= y1))
    street_path = " ".join(
        f"M{a[0]:g} {a[1]:g}L{b[0]:g} {b[1]:g}" for a, b in px(segs[inside]).tolist()
    )
    line = px(route)
    route_path = "M" + "L".join(f"{x:g} {y:g}" for x, y in line.tolist())
    school, home = line[0], line[-1]
    bar_m = _scale_bar_m(x1 - x0)
    bar_px = round(bar_m * sx, 1)
    bar_y = HEIGHT - 8
    bar_label = f"{bar_m:,} m".replace(",", "\u00a0")
    title, desc = escape(labels.title), escape(labels.description)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="route-map" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="map-title map-desc" font-family="{MAP_FONT}">'
        f'<title id="map-title">{title}</title><desc id="map-desc">{desc}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f7f7f4" stroke="#767676"/>'
        f'<path d="{street_path}" stroke="#b9b9b0" stroke-width="1.5" fill="none"/>'
        f'<path d="{route_path}" stroke="#1f4e79" stroke-width="4" fill="none" '
        f'stroke-linejoin="round" stroke-linecap="round"/>'
        f'<circle cx="{home[0]:g}" cy="{home[1]:g}" r="7" fill="#8a4b00" stroke="#fff" '
        f'stroke-width="2"/>'
        f'<rect x="{school[0] - 7:g}" y="{school[1] - 7:g}" width="14" height="14" '
        f'fill="#1f4e79" stroke="#fff" stroke-width="2"/>'
        f'{_labels(home, escape(labels.home), school, escape(labels.school))}'
        f'<path d="M{_MARGIN_PX} {bar_y}h{bar_px}" stroke="#1a1a1a" stroke-width="2"/>'
        f'<text x="{_MARGIN_PX + bar_px + 6:g}" y="{bar_y + 4}" font-size="11" '
        f'fill="#1a1a1a">{bar_label}</text>'
        f'<text x="{WIDTH - 16}" y="22" font-size="13" font-weight="bold" fill="#1a1a1a" '
        f'text-anchor="middle">N</text>'
        f'<path d="M{WIDTH - 16} 26v14" stroke="#1a1a1a" stroke-width="2"/>'
        "</svg>"
    )


_LINE_PX = 16  # a label's height and the gap two labels keep


def _labels(home: np.ndarray, home_text: str, school: np.ndarray, school_text: str) -> str:
    """The labels of home and school, never on top of each other: when the two markers are
    close, the home label moves a line away from the school's."""
    school_y = _label_y(school)
    home_y = _label_y(home)
    if abs(home_y - school_y) < _LINE_PX and abs(home[0] - school[0]) < WIDTH / 2:
        home_y = school_y + _LINE_PX if home[1] >= school[1] else school_y - _LINE_PX
        if not 14 <= home_y <= HEIGHT - 20:  # no room on that side: the other side
            home_y = school_y - _LINE_PX if home_y > school_y else school_y + _LINE_PX
    return _label(home, home_y, home_text) + _label(school, school_y, school_text)


def _label_y(at: np.ndarray) -> float:
    """Where a marker's label sits vertically, kept inside the map."""
    return float(min(max(at[1] + 4, 14), HEIGHT - 20))


def _label(at: np.ndarray, y: float, text: str) -> str:
    """A text label beside a marker, at height `y`."""
    right = at[0] < WIDTH * 0.7
    x = at[0] + 11 if right else at[0] - 11
    anchor = "start" if right else "end"
    attrs = f'x="{x:g}" y="{y:g}" font-size="12" font-weight="bold" text-anchor="{anchor}"'
    # a white halo drawn first keeps the label readable over streets (no paint-order needed)
    return (f'<text {attrs} fill="#ffffff" stroke="#ffffff" stroke-width="4" '
            f'aria-hidden="true">{text}</text><text {attrs} fill="#1a1a1a">{text}</text>')


def _pixels(window: tuple[float, float, float, float]):
    """The map's drawing scale for a window: a function from metres (x, y, north up) to the
    map's pixels, and the pixels per metre."""
    x0, y0, x1, _y1 = window
    sx = (WIDTH - 2 * _MARGIN_PX) / (x1 - x0)

    def px(points: np.ndarray) -> np.ndarray:
        out = np.empty_like(points)
        out[..., 0] = _MARGIN_PX + (points[..., 0] - x0) * sx
        out[..., 1] = HEIGHT - _MARGIN_PX - (points[..., 1] - y0) * sx
        return np.round(out, 1)

    return px, sx


def _scale_bar_m(width_m: float) -> int:
    """The longest round length that fits in a quarter of the map's width."""
    fitting = [s for s in _SCALES_M if s <= width_m / 4]
    return fitting[-1] if fitting else _SCALES_M[0]


def places_svg(home: np.ndarray, places: np.ndarray, streets: np.ndarray, title: str,
               description: str, home_label: str) -> str:
    """A map of a home and numbered places around it (the nearest schools), north up, over
    the streets; the numbers are those of the list beside the map, `description` says in
    words what it shows."""
    points = np.vstack([np.asarray(home, float).reshape(1, 2),
                        np.asarray(places, float).reshape(-1, 2)])
    window = map_window(points, margin=0.08)
    px, sx = _pixels(window)
    x0, x1 = window[0], window[2]

    segs = np.asarray(streets, dtype=np.float64).reshape(-1, 2, 2)
    street_path = " ".join(f"M{a[0]:g} {a[1]:g}L{b[0]:g} {b[1]:g}"
                           for a, b in px(segs).tolist())
    at = px(points)
    marks = "".join(
        f'<circle cx="{x:g}" cy="{y:g}" r="9" fill="#1f4e79" stroke="#fff" stroke-width="2"/>'
        f'<text x="{x:g}" y="{y + 4:g}" font-size="11" font-weight="bold" fill="#ffffff" '
        f'text-anchor="middle">{k}</text>'
        for k, (x, y) in enumerate(at[1:].tolist(), start=1))
    hx, hy = at[0]
    bar_m = _scale_bar_m(x1 - x0)
    bar_px = round(bar_m * sx, 1)
    bar_label = f"{bar_m:,} m".replace(",", "\u00a0")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="route-map" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="places-title places-desc" font-family="{MAP_FONT}">'
        f'<title id="places-title">{escape(title)}</title>'
        f'<desc id="places-desc">{escape(description)}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f7f7f4" stroke="#767676"/>'
        f'<path d="{street_path}" stroke="#b9b9b0" stroke-width="1.2" fill="none"/>'
        f'<circle cx="{hx:g}" cy="{hy:g}" r="8" fill="#8a4b00" stroke="#fff" stroke-width="2"/>'
        f'{_label(at[0], _label_y(at[0]), escape(home_label))}{marks}'
        f'<path d="M{_MARGIN_PX} {HEIGHT - 8}h{bar_px}" stroke="#1a1a1a" stroke-width="2"/>'
        f'<text x="{_MARGIN_PX + bar_px + 6:g}" y="{HEIGHT - 4}" font-size="11" '
        f'fill="#1a1a1a">{bar_label}</text>'
        f'<text x="{WIDTH - 16}" y="22" font-size="13" font-weight="bold" fill="#1a1a1a" '
        f'text-anchor="middle">N</text>'
        f'<path d="M{WIDTH - 16} 26v14" stroke="#1a1a1a" stroke-width="2"/>'
        "</svg>"
    )
