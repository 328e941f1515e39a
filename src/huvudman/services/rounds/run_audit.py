"""A portal run audited again after overrides. The run is placed once more from its own
record — the same inputs, rules and seed give the same placement, which is checked — the
overrides are applied, and the audit is redone on the result (`placement.overrides`)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.placement.audit import AuditReport
from huvudman.placement.engine import PlacementResult
from huvudman.placement.overrides import audit_with_overrides
from huvudman.runs.reader import read_json, read_rows
from huvudman.runs.record import audit_json
from huvudman.services.rounds.placement_run import PlacementRequest, execute
from huvudman.services.rounds.round_settings import RoundRules
from huvudman.store.models import Child, Placement, PlacementRun


class NotReplayable(Exception):
    """The run's record no longer gives the placement it recorded (its inputs were changed,
    or the code places differently now): its audit cannot be redone."""


#: The latest runs placed or replayed in this process (a run's result never changes).
_RESULTS: OrderedDict[tuple[str, str, int], PlacementResult] = OrderedDict()
_KEEP = 2
_LOCK = threading.Lock()


def remember(run: PlacementRun, result: PlacementResult) -> None:
    """Keep the result of a run just made, so its first audit or correction need not place
    it again."""
    key = (run.run_dir, run.rules, run.seed)
    with _LOCK:
        _RESULTS[key] = result
        _RESULTS.move_to_end(key)
        while len(_RESULTS) > _KEEP:
            _RESULTS.popitem(last=False)


def _replayed(run: PlacementRun) -> PlacementResult:
    key = (run.run_dir, run.rules, run.seed)
    with _LOCK:
        found = _RESULTS.get(key)
    if found is not None:
        return found
    inputs = Path(run.run_dir).parent / "inputs"
    rules = RoundRules.from_label(run.rules)
    osm = next(iter(sorted(inputs.glob("*.osm"))), None)
    result, _files = execute(PlacementRequest(
        schools=inputs / "schools.csv", children=inputs / "children.csv", seed=run.seed,
        rules=rules.preset, mechanism=rules.mechanism, fallback=rules.fallback, osm=osm))
    remember(run, result)
    return result


def replay(run: PlacementRun) -> PlacementResult:
    """The run placed again from its record, checked against the placements the record
    holds."""
    result = _replayed(run)
    recorded = {r["child_id"]: r["school_id"] or None
                for r in read_rows(Path(run.run_dir) / "placements.csv")}
    ids = [s.school_id for s in result.instance.schools]
    again = {cid: (ids[s] if s >= 0 else None)
             for cid, s in zip(result.instance.child_ids, result.outcomes.school.tolist(),
                               strict=True)}
    if again != recorded:
        with _LOCK:
            _RESULTS.pop((run.run_dir, run.rules, run.seed), None)
        raise NotReplayable(run.run_dir)
    return result


def reaudit(session: Session, run: PlacementRun) -> AuditReport:
    """Redo the run's audit on the decisions it now holds — every child whose school differs
    from what the engine gave (an override, or a correction's kept decision) checked as placed
    by hand — and keep the result on the run (the record's own audit stays as it was: it is
    what the engine found)."""
    result = replay(run)
    child_index, school_index = result.instance.child_index, result.instance.school_index
    engine = result.outcomes.school
    moves = {}
    for cid, school, override in session.execute(
            select(Child.child_id, Placement.school_id, Placement.override_school_id)
            .join(Child, Child.id == Placement.child_id).where(Placement.run_id == run.id)):
        held = override or school
        c = child_index.get(cid)
        if held is not None and c is not None and school_index[held] != engine[c]:
            moves[c] = school_index[held]
    report = audit_with_overrides(result, moves)
    run.current_audit = audit_json(report) if moves else None
    run.audit_passed = report.passed
    return report


def current_audit(run: PlacementRun) -> dict:
    """The run's audit as it stands: redone after overrides, else the record's."""
    if run.current_audit:
        return json.loads(run.current_audit)
    return read_json(Path(run.run_dir) / "audit.json")

