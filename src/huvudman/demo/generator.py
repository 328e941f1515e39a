"""A seeded synthetic municipality: districts, a river with few bridges, schools and a cohort.

Made to behave like a Swedish town at school-choice time: children cluster in districts; schools
sit where the children are, with capacities that leave some of them oversubscribed; families
prefer near and popular schools and seldom cross the river; about a quarter of the children have
an older sibling at a school; a few have approved special reasons or protected identity.
Coordinates are produced in SWEREF 99 TM metres; the adapter converts them for the CSV files.
Everything is synthetic: no real person or school is described.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pykdtree.kdtree import KDTree

# Centre of the synthetic town in SWEREF 99 TM (a plausible west-Swedish location).
ORIGIN = (320_000.0, 6_400_000.0)
BASE_CHILDREN = 6000
BASE_HALF_WIDTH = 6_500.0  # metres, for 6,000 children
RIVER_AMPLITUDE = 900.0
RIVER_WAVELENGTH = 7_000.0
RIVER_HALF_WIDTH = 60.0
#: How strongly families are drawn to popular schools, against distance (metres per utility unit).
POPULARITY_SD = {"realistic": 0.25, "hard": 1.4}
DISTANCE_SCALE = {"realistic": 600.0, "hard": 4000.0}

DISTRICT_NAMES = (
    "Centrum", "Norra Älvstranden", "Södra Älvstranden", "Österberga", "Västerhöjden",
    "Lillsjö", "Kvarnbacken", "Ängsdal", "Tallmo", "Bergsjöhed", "Ekeby", "Granlunda",
)
NAME_STEMS = (
    "Ek", "Björk", "Lind", "Tall", "Gran", "Sol", "Äng", "Berg", "Sjö", "Dal", "Rönn", "Al",
    "Hassel", "Ros", "Vass", "Strand", "Kvarn", "Mölle", "Lunn", "Hög", "Sand", "Mos", "Ljung",
    "Lönn", "Asp", "Vide", "Bäck", "Kull", "Torp", "Hag", "Lid", "Näs", "Udd", "Vik", "Ås",
)
NAME_ENDS = (
    "backens skola", "skolan", "gårdens skola", "dalsskolan", "ängsskolan", "hagaskolan",
    "lidens skola", "torpsskolan", "vikens skola", "åsens skola", "byskolan", "bergsskolan",
)


@dataclass(frozen=True)
class Municipality:
    """A generated municipality, in SWEREF 99 TM metres."""

    name: str
    seed: int
    half_width: float  # metres from the centre to the edge of the area
    district_names: list[str]
    district_xy: np.ndarray  # (d, 2)
    river_xy: np.ndarray  # (k, 2) polyline west → east
    bridges_xy: np.ndarray  # (b, 2)
    school_ids: list[str]
    school_names: list[str]
    school_xy: np.ndarray
    school_capacity: np.ndarray
    school_district: list[str]
    child_ids: list[str]
    child_xy: np.ndarray
    child_district: list[str]
    choices: list[list[int]]
    siblings: list[list[int]]
    special_reasons: list[list[int]]
    protected: np.ndarray

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(south-west, north-east) corners of the area, metres."""
        x0, y0 = ORIGIN
        h = self.half_width
        return (x0 - h, y0 - h), (x0 + h, y0 + h)


def river_y(x: np.ndarray, half_width: float) -> np.ndarray:
    """Northing of the river's centre line at easting x."""
    x0, y0 = ORIGIN
    scale = half_width / BASE_HALF_WIDTH
    return y0 + RIVER_AMPLITUDE * scale * np.sin(2 * np.pi * (x - x0) / (RIVER_WAVELENGTH * scale))


def generate_municipality(
    children: int = BASE_CHILDREN,
    schools: int = 60,
    seed: int = 2021,
    difficulty: str = "realistic",
    year: int = 0,
) -> Municipality:
    """Generate a municipality; same arguments, same municipality.

    `year` > 0 gives a later year group of the same municipality (same districts, schools,
    places, popularity and river; new children drawn the same way), for forecasts and their
    calibration across years.

    `difficulty="hard"` leaves only 2% more seats than children and makes families crowd the
    popular schools, so matching needs many rejections (for benchmarks).
    """
    if children < 1 or schools < 1:
        raise ValueError("a municipality needs at least one child and one school")
    if difficulty not in ("realistic", "hard"):
        raise ValueError("difficulty must be 'realistic' or 'hard'")
    rng = np.random.default_rng(seed)
    half = BASE_HALF_WIDTH * np.sqrt(children / BASE_CHILDREN)
    x0, y0 = ORIGIN
    n_districts = int(np.clip(round(8 * np.sqrt(children / BASE_CHILDREN)), 4, 400))
    d_xy = np.column_stack([
        rng.uniform(x0 - 0.8 * half, x0 + 0.8 * half, n_districts),
        rng.uniform(y0 - 0.8 * half, y0 + 0.8 * half, n_districts),
    ])
    d_xy = _off_river(d_xy, half, 600.0)
    d_names = [
        DISTRICT_NAMES[i] if i < len(DISTRICT_NAMES) else f"Distrikt {i + 1}"
        for i in range(n_districts)
    ]
    weight = rng.lognormal(0.0, 0.5, n_districts)
    weight /= weight.sum()
    spread = rng.uniform(0.10, 0.22, n_districts) * half

    c_xy = _cluster_points(rng, children, d_xy, weight, spread, half)
    s_xy = _cluster_points(rng, schools, d_xy, weight, spread * 0.9, half)
    c_district = KDTree(d_xy).query(c_xy)[1].astype(np.int64)
    s_district = KDTree(d_xy).query(s_xy)[1].astype(np.int64)

    tree = KDTree(s_xy)
    nearest = tree.query(c_xy)[1].astype(np.int64).reshape(-1)
    demand = np.bincount(nearest, minlength=schools).astype(float)
    surplus = 1.02 if difficulty == "hard" else 1.10
    capacity = _capacities(rng, demand, children, surplus)

    popularity = rng.normal(0.0, POPULARITY_SD[difficulty], schools)
    distance_scale = DISTANCE_SCALE[difficulty]
    choices = _choices(rng, c_xy, s_xy, tree, popularity, distance_scale, half, difficulty)
    siblings = _siblings(rng, choices, nearest)
    special = [
        [ch[0]] if ch and rng.random() < 0.006 else [] for ch in choices
    ]
    protected = rng.random(children) < 0.003
    if year > 0:
        later = np.random.default_rng([seed, year])
        c_xy = _cluster_points(later, children, d_xy, weight, spread, half)
        c_district = KDTree(d_xy).query(c_xy)[1].astype(np.int64)
        nearest = tree.query(c_xy)[1].astype(np.int64).reshape(-1)
        choices = _choices(later, c_xy, s_xy, tree, popularity, distance_scale, half,
                           difficulty)
        siblings = _siblings(later, choices, nearest)
        special = [[ch[0]] if ch and later.random() < 0.006 else [] for ch in choices]
        protected = later.random(children) < 0.003

    river_x = np.linspace(x0 - half * 1.2, x0 + half * 1.2, 121)
    river = np.column_stack([river_x, river_y(river_x, half)])
    n_bridges = max(2, round(3 * np.sqrt(children / BASE_CHILDREN)))
    bridge_x = np.sort(rng.uniform(x0 - 0.7 * half, x0 + 0.7 * half, n_bridges))
    bridges = np.column_stack([bridge_x, river_y(bridge_x, half)])

    return Municipality(
        name="Älvstad (demo)",
        seed=seed,
        half_width=half,
        district_names=d_names,
        district_xy=d_xy,
        river_xy=river,
        bridges_xy=bridges,
        school_ids=[f"99{i + 1:06d}" for i in range(schools)],
        school_names=_school_names(rng, schools),
        school_xy=s_xy,
        school_capacity=capacity,
        school_district=[d_names[i] for i in s_district],
        child_ids=[f"b{i + 1:06d}" if year == 0 else f"y{year}b{i + 1:06d}"
                   for i in range(children)],
        child_xy=c_xy,
        child_district=[d_names[i] for i in c_district],
        choices=choices,
        siblings=siblings,
        special_reasons=special,
        protected=protected,
    )


def _off_river(xy: np.ndarray, half: float, clearance: float) -> np.ndarray:
    """Move points that fall in or right beside the river to its nearer bank."""
    ry = river_y(xy[:, 0], half)
    off = xy[:, 1] - ry
    close = np.abs(off) < clearance
    side = np.where(off >= 0, 1.0, -1.0)
    xy = xy.copy()
    xy[close, 1] = ry[close] + side[close] * clearance
    return xy


def _cluster_points(
    rng: np.random.Generator, n: int, centres: np.ndarray, weight: np.ndarray,
    spread: np.ndarray, half: float,
) -> np.ndarray:
    which = rng.choice(len(centres), size=n, p=weight)
    xy = centres[which] + rng.normal(0.0, 1.0, (n, 2)) * spread[which, None]
    x0, y0 = ORIGIN
    xy[:, 0] = np.clip(xy[:, 0], x0 - half, x0 + half)
    xy[:, 1] = np.clip(xy[:, 1], y0 - half, y0 + half)
    return _off_river(xy, half, RIVER_HALF_WIDTH + 20.0)


def _capacities(
    rng: np.random.Generator, demand: np.ndarray, children: int, surplus: float
) -> np.ndarray:
    """Seats near the local demand, some schools short of it; the total `surplus` × children."""
    raw = np.maximum(demand, children / len(demand) * 0.3) * rng.uniform(0.75, 1.3, len(demand))
    raw *= surplus * children / raw.sum()
    cap = np.maximum(np.round(raw).astype(np.int64), 1)
    target = round(surplus * children)
    diff = target - int(cap.sum())
    order = np.argsort(-raw)
    i = 0
    while diff != 0 and len(cap):
        j = order[i % len(cap)]
        if diff > 0:
            cap[j] += 1
            diff -= 1
        elif cap[j] > 1:
            cap[j] -= 1
            diff += 1
        i += 1
    return cap


def _choices(
    rng: np.random.Generator, c_xy: np.ndarray, s_xy: np.ndarray, tree: KDTree,
    popularity: np.ndarray, distance_scale: float, half: float, difficulty: str,
) -> list[list[int]]:
    """Ranked choices: near and popular schools, rarely across the river, 1–5 of them."""
    n = len(c_xy)
    k = min(15, len(s_xy))
    dist, idx = tree.query(c_xy, k=k)
    dist = np.asarray(dist).reshape(n, k)
    idx = np.asarray(idx, dtype=np.int64).reshape(n, k)
    c_side = c_xy[:, 1] > river_y(c_xy[:, 0], half)
    s_side = s_xy[:, 1] > river_y(s_xy[:, 0], half)
    across = s_side[idx] != c_side[:, None]
    utility = -dist / distance_scale + popularity[idx] - 1.5 * across
    utility += rng.gumbel(0.0, 0.35, (n, k))
    order = np.argsort(-utility, axis=1)
    ranked = np.take_along_axis(idx, order, axis=1)
    hard = difficulty == "hard"
    lengths = rng.choice([0, 1, 2, 3, 4, 5], size=n,
                         p=[0.0, 0.0, 0.05, 0.15, 0.2, 0.6] if hard
                         else [0.02, 0.12, 0.16, 0.30, 0.12, 0.28])
    lengths = np.minimum(lengths, k)
    return [ranked[i, : lengths[i]].tolist() for i in range(n)]


def _siblings(
    rng: np.random.Generator, choices: list[list[int]], nearest: np.ndarray
) -> list[list[int]]:
    """About a quarter of children have an older sibling, mostly at their first choice."""
    out: list[list[int]] = []
    draws = rng.random((len(choices), 2))
    for i, ch in enumerate(choices):
        if draws[i, 0] >= 0.25:
            out.append([])
        elif ch and draws[i, 1] < 0.8:
            out.append([ch[0]])
        elif len(ch) > 1:
            out.append([ch[1]])
        else:
            out.append([int(nearest[i])])
    return out


def _school_names(rng: np.random.Generator, n: int) -> list[str]:
    names: list[str] = []
    used: set[str] = set()
    combos = [a + b for a in NAME_STEMS for b in NAME_ENDS]
    rng.shuffle(combos)
    for i in range(n):
        base = combos[i % len(combos)]
        name = base if base not in used else f"{base} {i // len(combos) + 1}"
        used.add(name)
        names.append(name[0].upper() + name[1:])
    return names
