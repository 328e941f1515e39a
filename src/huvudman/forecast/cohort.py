"""Next year's cohort, resampled from last year's: the same number of children in each
district, each drawn (with replacement) from that district's children of last year, with their
home, choices and siblings as they were."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class DistrictBootstrap:
    """Draws cohorts like last year's, district by district."""

    def __init__(self, districts: Sequence[str]) -> None:
        codes: dict[str, int] = {}
        district = np.fromiter((codes.setdefault(d, len(codes)) for d in districts),
                               dtype=np.int64, count=len(districts))
        self.members = np.argsort(district, kind="stable")
        sizes = np.bincount(district, minlength=len(codes))
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        slot_district = district[self.members]
        self._start = starts[slot_district]
        self._size = sizes[slot_district]

    @property
    def size(self) -> int:
        """Children per drawn cohort (as last year)."""
        return len(self.members)

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """One cohort: for each of last year's children, a child of the same district."""
        pick = self._start + np.floor(rng.random(self.size) * self._size).astype(np.int64)
        return self.members[pick]
