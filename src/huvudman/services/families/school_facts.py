"""What guardians may read about a school besides its places: last year's applicants,
refusals and where the line fell, from last year's published placement."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.runs.reader import read_json, read_rows
from huvudman.store.models import PlacementRun
from huvudman.words.cutoffs import CutoffFacts, describe_cutoff


@dataclass(frozen=True)
class LastYear:
    """A school in last year's placement."""

    round: str
    places: int
    applicants: int
    refused: int
    description: str  # where the line fell, in words


@lru_cache(maxsize=8)
def _cutoffs(run_dir: str) -> dict[str, dict[str, str]]:
    return {r["school_id"]: r for r in read_rows(Path(run_dir) / "cutoffs.csv")}


def last_years_cutoff(session: Session, round_name: str, school_id: str,
                      lang: str) -> LastYear | None:
    """The school in the previous round's latest published run (None when there is none)."""
    if not round_name.isdecimal():
        return None
    previous = str(int(round_name) - 1)
    run = session.scalars(select(PlacementRun).where(
        PlacementRun.round == previous, PlacementRun.published_at.is_not(None))
        .order_by(PlacementRun.published_at.desc())).first()
    if run is None or not (Path(run.run_dir) / "cutoffs.csv").is_file():
        return None
    row = _cutoffs(run.run_dir).get(school_id)
    if row is None:
        return None
    meta = read_json(Path(run.run_dir) / "run.json")
    words = describe_cutoff(CutoffFacts.from_row(row), meta["rules"], meta["distance"], lang)
    return LastYear(previous, int(row["capacity"]), int(row["applicants"]), int(row["refused"]),
                    words)
