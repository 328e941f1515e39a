"""Reading a run directory back, for comparisons (and later letters and the portal)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from huvudman.datafiles.errors import InputError
from huvudman.placement.compare import Application, Placed, RunView
from huvudman.runs.record import RUN_FORMAT


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file of a run directory."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError(path, "missing from the run directory") from None


def read_json(path: Path) -> dict:
    """A JSON file of a run directory."""
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(path, "missing from the run directory") from None
    except json.JSONDecodeError as err:
        raise InputError(path, f"not valid JSON: {err}", line=err.lineno) from None


def read_run(run_dir: Path, label: str, with_applications: bool = True) -> RunView:
    """Load what a comparison needs from a run directory written by `huvudman place`; a
    damaged record (a file cut short, a field missing or unreadable) is an `InputError`."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise InputError(run_dir, "not a run directory (write one with place --run-dir)")
    try:
        return _read_run(run_dir, label, with_applications)
    except KeyError as err:
        raise InputError(run_dir, f"damaged run record: the field {err} is missing") from None
    except (ValueError, TypeError, AttributeError, IndexError, csv.Error) as err:
        raise InputError(run_dir, f"damaged run record: {err}") from None


def _read_run(run_dir: Path, label: str, with_applications: bool) -> RunView:
    meta = read_json(run_dir / "run.json")
    if meta.get("format") != RUN_FORMAT:
        raise InputError(run_dir / "run.json", f"unknown run format {meta.get('format')!r}")
    explain = {r["child_id"]: r for r in read_rows(run_dir / "explanations.csv")}
    placed = {
        r["child_id"]: Placed(
            r["school_id"], int(r["choice_rank"] or 0), r["rule"],
            float(r["walking_m"]) if r["walking_m"] else float("nan"),
            explain.get(r["child_id"], {}).get("district", ""),
        )
        for r in read_rows(run_dir / "placements.csv")
    }
    cutoffs = read_rows(run_dir / "cutoffs.csv")
    stats = read_json(run_dir / "statistics.json")
    audit = read_json(run_dir / "audit.json")
    envy = next((c["children"] for c in audit["checks"] if c["name"] == "no_justified_envy"), 0)
    apps: dict[tuple[str, str], Application] = {}
    if with_applications:
        for r in read_rows(run_dir / "applications.csv"):
            apps[r["child_id"], r["school_id"]] = Application(
                r["outcome"], r["proximity_m"], r["distance_m"], int(r["priority_position"]))
    return RunView(
        label=label,
        mechanism=meta["mechanism"],
        rules=list(meta["rules"]),
        distance=meta["distance"],
        seed=int(meta["seed"]),
        placed=placed,
        cutoffs={r["school_id"]: r for r in cutoffs},
        school_names={r["school_id"]: r["name"] for r in cutoffs},
        envy_children=int(envy),
        shares={
            key: stats["overall"][key] for key in ("first_choice_share", "any_choice_share",
                                                   "fallback_share", "unplaced_share")
        },
        theil_h=float(stats.get("segregation_theil_h", 0.0)),
        school_mix=stats.get("school_mix", {}),
        applications=apps,
    )
