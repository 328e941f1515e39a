"""The flat application columns as plain lists, for the mechanisms written in Python."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def as_lists(*columns: Sequence[int] | np.ndarray) -> list[list[int]]:
    """Each column (list or array) as a list of Python ints: fast to index one at a time."""
    return [np.asarray(c, dtype=np.int64).tolist() for c in columns]
