"""Streets for the demo municipality: a jittered street grid cut by the river, a few bridges.

The network is returned as plain nodes and ways (SWEREF 99 TM metres) and written as OSM XML by
the adapter, so the demo goes through the same reader as real OpenStreetMap data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.demo.generator import RIVER_HALF_WIDTH, Municipality, river_y

BLOCK_M = 150.0
JITTER_M = 20.0
DROP_SHARE = 0.08


@dataclass(frozen=True)
class StreetMap:
    """Nodes (id → x, y) and ways (id, node ids, tags) of a generated street network."""

    node_ids: np.ndarray
    xy: np.ndarray
    ways: list[tuple[int, list[int], dict[str, str]]]


def generate_streets(m: Municipality, seed: int | None = None) -> StreetMap:
    """A street network covering the municipality; same municipality and seed, same streets."""
    rng = np.random.default_rng(m.seed if seed is None else seed)
    (x_min, y_min), (x_max, y_max) = m.bounds
    xs = np.arange(x_min - BLOCK_M, x_max + 2 * BLOCK_M, BLOCK_M)
    ys = np.arange(y_min - BLOCK_M, y_max + 2 * BLOCK_M, BLOCK_M)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    xy = np.column_stack([gx.ravel(), gy.ravel()]) + rng.uniform(-JITTER_M, JITTER_M,
                                                                 (gx.size, 2))
    side = xy[:, 1] > river_y(xy[:, 0], m.half_width)
    dry = np.abs(xy[:, 1] - river_y(xy[:, 0], m.half_width)) > RIVER_HALF_WIDTH + 10
    index = np.arange(gx.size).reshape(gx.shape)
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    ids = 1_000_000 + np.arange(gx.size)

    def street(a: int, b: int, tags: dict[str, str]) -> None:
        ways.append((len(ways) + 1, [int(ids[a]), int(ids[b])], tags))

    pairs = [(index[:-1, :], index[1:, :], "x"), (index[:, :-1], index[:, 1:], "y")]
    for a_grid, b_grid, axis in pairs:
        for a, b in zip(a_grid.ravel().tolist(), b_grid.ravel().tolist(), strict=True):
            if not (dry[a] and dry[b]) or side[a] != side[b] or rng.random() < DROP_SHARE:
                continue
            line = (a // len(ys)) if axis == "y" else (a % len(ys))
            kind = "tertiary" if line % 6 == 0 else "residential"
            if rng.random() < 0.05:
                kind = "footway"
            street(a, b, {"highway": kind})
    for bx, _ in m.bridges_xy.tolist():
        col = int(np.argmin(np.abs(xs - bx)))
        column = index[col, :]
        north = [i for i in column.tolist() if dry[i] and side[i]]
        south = [i for i in column.tolist() if dry[i] and not side[i]]
        if north and south:
            a = min(north, key=lambda i: xy[i, 1])
            b = max(south, key=lambda i: xy[i, 1])
            street(a, b, {"highway": "tertiary", "bridge": "yes", "name": "Bron"})
    used = sorted({n for _, refs, _ in ways for n in refs})
    keep = np.asarray(used, dtype=np.int64) - 1_000_000
    river_ids = list(range(2_000_000, 2_000_000 + len(m.river_xy)))
    node_ids = np.concatenate([ids[keep], np.asarray(river_ids, dtype=np.int64)])
    node_xy = np.vstack([xy[keep], m.river_xy])
    ways.append((len(ways) + 1, river_ids, {"waterway": "river", "name": "Älven"}))
    return StreetMap(node_ids=node_ids, xy=node_xy, ways=ways)
