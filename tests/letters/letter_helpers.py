"""Shared by the letters tests: running the command line and reading its files back."""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "huvudman" / "letters" / "locale"


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "huvudman", *map(str, args)],
                          capture_output=True, text=True,
                          env={"COLUMNS": "200", "HUVUDMAN_CACHE": "/tmp/hvc"})


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def text_of(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def make_run(tmp: Path) -> Path:
    """A placed run of 700 children on walking distance, its letters in sv, en (with maps)
    and sv-easy in tmp/letters; the first child has protected personal data."""
    assert run("generate", "--out", tmp / "data", "--children", "700", "--schools", "9",
               "--seed", "13").returncode == 0
    children = tmp / "data" / "children.csv"
    lines = children.read_text().splitlines()
    lines[1] = re.sub(r",(true|false),", ",true,", lines[1])  # the first child is protected
    children.write_text("\n".join(lines) + "\n")
    proc = run("place", "--schools", tmp / "data" / "schools.csv", "--children", children,
               "--osm", tmp / "data" / "streets.osm", "--seed", "5", "--out", tmp / "p.csv",
               "--run-dir", tmp / "run")
    assert proc.returncode == 0, proc.stderr
    for lang in ("sv", "en", "sv-easy"):
        maps = ("--inputs", tmp / "data") if lang == "en" else ()
        proc = run("letters", "--run-dir", tmp / "run", "--lang", lang, "--out", tmp / "letters",
                   *maps)
        assert proc.returncode == 0, proc.stderr
    return tmp / "run"
