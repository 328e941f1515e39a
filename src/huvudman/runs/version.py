"""Which code made a run: the package version and a hash of its own source files."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import huvudman


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """SHA-256 over every .py, .c and .toml file of the installed huvudman package, by path."""
    root = Path(huvudman.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".c", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def code_version() -> dict[str, str]:
    """The version record written into every run."""
    return {"package": "huvudman", "version": huvudman.__version__,
            "source_sha256": source_fingerprint()}
