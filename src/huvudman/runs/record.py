"""Write a placement run as an immutable, reproducible directory.

Everything in it is derived from the inputs, the rules and the seed: no clock, no host name, no
absolute path, so the same inputs and seed give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from huvudman.datafiles.outputs import (
    PLACEMENT_COLUMNS,
    csv_columns,
    csv_text,
    metres,
    metres_column,
)
from huvudman.placement.audit import AuditReport
from huvudman.placement.engine import PlacementResult
from huvudman.placement.lottery import as_fraction
from huvudman.runs.version import code_version
from huvudman.words.audit import check_words, finding

RUN_FORMAT = "huvudman-run/1"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_fingerprint(inputs: dict[str, Path | None], config: dict[str, Any]) -> dict[str, Any]:
    """Hashes of every input file and of the rule configuration, and one hash over them all."""
    files = {
        role: {"name": path.name, "sha256": sha256_file(path)}
        for role, path in sorted(inputs.items())
        if path is not None
    }
    config_hash = hashlib.sha256(_json(config).encode()).hexdigest()
    combined = hashlib.sha256(
        _json({"files": {r: f["sha256"] for r, f in files.items()}, "config": config_hash}).encode()
    ).hexdigest()
    return {"files": files, "config_sha256": config_hash, "sha256": combined}


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _school_ids(result: PlacementResult, school: np.ndarray) -> list[str]:
    """School ids for school positions, "" for -1."""
    ids = np.array([s.school_id for s in result.instance.schools] + [""], dtype=object)
    return ids[school].tolist()


def placements_csv(result: PlacementResult) -> str:
    """placements.csv exactly as DESIGN.md specifies it, one row per child in input order."""
    out = result.outcomes
    labels = np.array(["", *map(str, range(1, int(out.choice_rank.max(initial=0)) + 1))],
                      dtype=object)
    ranks = labels[out.choice_rank].tolist()
    columns = (
        result.instance.child_ids,
        _school_ids(result, out.school),
        ranks,
        out.rule.tolist(),
        metres_column(out.distance_m),
    )
    return csv_columns(PLACEMENT_COLUMNS, columns)


def _applications_csv(result: PlacementResult) -> str:
    t = result.priorities
    inst = result.instance
    placed_app = set(result.outcomes.application[result.outcomes.application >= 0].tolist())
    got_rank = np.where(result.outcomes.choice_rank > 0, result.outcomes.choice_rank,
                        10**9).tolist()
    rows = []
    for p in range(t.size):
        c = int(t.child[p])
        rank = int(t.choice_rank[p])
        outcome = ("admitted" if p in placed_app
                   else "refused" if rank < got_rank[c] else "not_needed")
        rows.append((
            inst.child_ids[c],
            inst.schools[int(t.school[p])].school_id,
            rank,
            t.group_rule(p) or "",
            metres(float(t.proximity_m[p])) if "proximity" in t.rules else "",
            metres(float(t.distance_m[p])),
            f"{as_fraction(t.lottery[p]):.10f}",
            int(t.explicit_rank[p]) or "",
            int(t.rank[p]) + 1,
            outcome,
        ))
    return csv_text(("child_id", "school_id", "choice_rank", "group", "proximity_m", "distance_m",
                     "lottery", "explicit_rank", "priority_position", "outcome"), rows)


def _explanations_csv(result: PlacementResult, districts: list[str]) -> str:
    inst = result.instance
    t = result.priorities

    out = result.outcomes
    rows = zip(
        inst.child_ids,
        _school_ids(result, out.school),
        out.decided_by.tolist(),
        out.reason.tolist(),
        districts,
        _school_ids(result, t.nearest_school),
        metres_column(t.nearest_m),
        _school_ids(result, t.guarantee),
        [f"{as_fraction(x):.10f}" for x in t.lottery_child.tolist()],
        ["true" if p else "false" for p in inst.protected.tolist()],
        strict=True,
    )
    return csv_text(("child_id", "school_id", "decided_by", "reason", "district",
                     "nearest_school_id", "nearest_m", "guarantee_school_id", "lottery",
                     "protected"), rows)


def _cutoffs_csv(result: PlacementResult) -> str:
    rows = (
        (
            c.school_id, c.name, c.capacity, c.applicants, c.first_choice_applicants, c.admitted,
            c.fallback_admitted, c.refused, c.free_seats, c.cutoff_rule, c.decided_by,
            "true" if c.in_priority_order else "false", c.weakest_group,
            metres(c.weakest_proximity_m), metres(c.weakest_distance_m),
            "" if c.weakest_lottery != c.weakest_lottery else f"{c.weakest_lottery:.10f}",
            c.weakest_explicit_rank or "",
            ";".join(f"{g}={n}" for g, n in c.admitted_by_group.items()),
        )
        for c in result.cutoffs
    )
    return csv_text(("school_id", "name", "capacity", "applicants", "first_choice_applicants",
                     "admitted", "fallback_admitted", "refused", "free_seats", "cutoff_rule",
                     "decided_by", "in_priority_order", "cutoff_group", "cutoff_proximity_m",
                     "cutoff_distance_m", "cutoff_lottery", "cutoff_explicit_rank",
                     "admitted_by_group"), rows)


def _audit_json(result: PlacementResult) -> str:
    return audit_json(result.audit)


def audit_json(audit: AuditReport) -> str:
    """An audit as the run record keeps it: the codes and numbers, and for a person reading
    the record, the same in English words."""
    return _json({
        "mechanism": audit.mechanism,
        "passed": audit.passed,
        "checks": [{**asdict(c), "description": check_words(c, "en")[1]} for c in audit.checks],
        "violations": [{**asdict(v), "message": finding(v, "en")} for v in audit.violations],
    })


def run_files(
    result: PlacementResult, inputs: dict[str, Path | None],
    walking: dict[str, object] | None = None,
) -> dict[str, str]:
    """Every file of the run directory, by name, as text.

    `walking` records how walks were measured (ferries, snap limit) so a run can be redone and
    its routes drawn exactly as it measured them."""
    config = result.config.as_dict()
    districts = result.instance.districts(result.priorities.nearest_school)
    files = {
        "config.json": _json(config),
        "placements.csv": placements_csv(result),
        "applications.csv": _applications_csv(result),
        "explanations.csv": _explanations_csv(result, districts),
        "cutoffs.csv": _cutoffs_csv(result),
        "statistics.json": _json(result.statistics),
        "audit.json": _audit_json(result),
    }
    meta = {
        "format": RUN_FORMAT,
        "code": code_version(),
        "seed": result.seed,
        "mechanism": result.config.mechanism,
        "fallback": result.config.fallback,
        "distance": result.distance_kind,
        **({"walking": walking} if walking and result.distance_kind == "walking" else {}),
        "rules": list(result.priorities.rules),
        "children": result.instance.n_children,
        "schools": len(result.instance.schools),
        "inputs": input_fingerprint(inputs, config),
        "audit_passed": result.audit.passed,
        "files": {
            name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(files.items())
        },
    }
    files["run.json"] = _json(meta)
    return files


class RunExists(Exception):
    """A run directory is immutable: it already holds a run."""


def write_run(run_dir: Path, files: dict[str, str]) -> None:
    """Create the run directory with all files at once; an existing run is never overwritten."""
    run_dir = Path(run_dir)
    if run_dir.exists() and any(run_dir.iterdir()):
        raise RunExists(f"{run_dir} already holds files; runs are immutable, choose a new "
                        "directory")
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{run_dir.name}.", dir=run_dir.parent))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8", newline="")
            os.chmod(tmp / name, 0o444)
        if run_dir.exists():
            run_dir.rmdir()
        tmp.rename(run_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
