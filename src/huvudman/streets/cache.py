"""A disk cache of distance matrices, keyed by the network's and the points' fingerprints."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np


def cache_dir() -> Path:
    """Where matrices are kept: `$HUVUDMAN_CACHE`, else `~/.cache/huvudman`."""
    root = os.environ.get("HUVUDMAN_CACHE") or Path.home() / ".cache" / "huvudman"
    return Path(root) / "distances"


def fingerprint(*parts: bytes | str) -> str:
    """One hex digest over several byte strings (arrays: pass `.tobytes()`)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cached(key: str, compute: Callable[[], np.ndarray]) -> tuple[np.ndarray, bool]:
    """The matrix stored under `key`, computing and storing it when absent; (matrix, was hit)."""
    folder = cache_dir()
    path = folder / f"{key}.npy"
    if path.is_file():
        try:
            return np.load(path, allow_pickle=False), True
        except (OSError, ValueError):
            path.unlink(missing_ok=True)  # a damaged entry is recomputed
    matrix = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".npy.tmp")
        with os.fdopen(fd, "wb") as fh:
            np.save(fh, matrix, allow_pickle=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home is no reason to fail a placement
    return matrix, False
