"""What staff read of the portal's placement runs: the list, one run with its audit (redone
after overrides) and every finding in words, its results school by school with free places,
a search for a child, and for each round the run its statistics come from. Reads of children
are audited; children with protected identity are shown only to those who place children."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from huvudman.governance.roles import sees_protected_children
from huvudman.placement.audit import Violation
from huvudman.runs.reader import read_json, read_rows
from huvudman.services.accounts.sign_in import canonical_personnummer
from huvudman.services.registers.schools import school_names
from huvudman.services.rounds.run_audit import current_audit
from huvudman.store import audit_log
from huvudman.store.models import Child, Placement, PlacementRun, School, User
from huvudman.words.audit import finding
from huvudman.words.cutoffs import CutoffFacts, describe_cutoff


def all_runs(session: Session) -> list[PlacementRun]:
    """Every run, newest first."""
    return list(session.scalars(select(PlacementRun).order_by(PlacementRun.id.desc())))


def run_by_id(session: Session, run_id: int) -> PlacementRun | None:
    """One run, None when there is no such run."""
    return session.get(PlacementRun, run_id)


def summary_of(run: PlacementRun) -> dict[str, Any]:
    """The run's summary figures (applications counted, shares placed)."""
    return json.loads(run.summary or "{}")


def child_by_child_id(session: Session, child_id: str) -> Child | None:
    """A child by the register's id (the override form names children so)."""
    return session.scalars(select(Child).where(Child.child_id == child_id.strip())).first()


@dataclass(frozen=True)
class SchoolResult:
    """One school in a run: its places and applicants, whom it admitted and where the line
    fell (in words), and the places left after overrides."""

    school_id: str
    name: str
    places: int
    applicants: int
    admitted: int
    by_fallback: int
    free_now: int
    by_rule: tuple[tuple[str, int], ...]  # places by the priority group they were given for
    line: str


@dataclass(frozen=True)
class RunReview:
    """One run as staff review it."""

    run: PlacementRun
    audit: dict[str, Any]
    findings: list[tuple[str, str]]  # (check, sentence), child by child
    hidden_findings: int  # findings about protected children the reader may not see
    summary: dict[str, Any]
    overridden: list[Placement]
    children: dict[int, Child]
    schools: list[SchoolResult]


@lru_cache(maxsize=8)
def _record(run_dir: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
    return read_rows(Path(run_dir) / "cutoffs.csv"), read_json(Path(run_dir) / "run.json")


def free_places(session: Session, run: PlacementRun) -> dict[str, int]:
    """Each school's places left in the run after its overrides (negative: over capacity)."""
    where = func.coalesce(Placement.override_school_id, Placement.school_id)
    load = dict(session.execute(select(where, func.count()).where(
        Placement.run_id == run.id).group_by(where)).all())
    return {sid: cap - load.get(sid, 0)
            for sid, cap in session.execute(select(School.school_id, School.capacity))}


def school_results(session: Session, run: PlacementRun, lang: str) -> list[SchoolResult]:
    """The run's results school by school, as its record keeps them."""
    rows, meta = _record(run.run_dir)
    free = free_places(session, run)
    out = []
    for r in rows:
        facts = CutoffFacts.from_row(r)
        out.append(SchoolResult(
            r["school_id"], r["name"], int(r["capacity"]), int(r["applicants"]),
            int(r["admitted"]), int(r["fallback_admitted"]), free.get(r["school_id"], 0),
            tuple(facts.admitted_by_group.items()),
            describe_cutoff(facts, meta["rules"], meta["distance"], lang)))
    return out


def _findings(session: Session, reader: User, audit: dict[str, Any],
              lang: str) -> tuple[list[tuple[str, str]], int]:
    violations = [Violation(**{**v, "numbers": tuple(v.get("numbers", ()))})
                  for v in (
                      {k: x for k, x in raw.items() if k != "message"}
                      for raw in audit.get("violations", []))]
    hidden: set[str] = set()
    if not sees_protected_children(reader.role):
        named = {v.child_id for v in violations} | {v.other for v in violations}
        hidden = set(session.scalars(select(Child.child_id).where(
            Child.protected, Child.child_id.in_(named - {""}))))
    names = school_names(session)

    def named(v: Violation) -> Violation:  # schools by name, as a person knows them
        return replace(v, school_id=names.get(v.school_id, v.school_id),
                       other=names.get(v.other, v.other))

    shown = [(v.check, finding(named(v), lang)) for v in violations
             if v.child_id not in hidden and v.other not in hidden]
    return shown, len(violations) - len(shown)


def review_run(session: Session, reader: User, run: PlacementRun, lang: str) -> RunReview:
    """The run's audit as it stands, its findings and results, summary and overrides; the
    read is audited."""
    audit = current_audit(run)
    findings, hidden = _findings(session, reader, audit, lang)
    overridden = list(session.scalars(select(Placement).where(
        Placement.run_id == run.id, Placement.override_school_id.is_not(None))))
    children = {c.id: c for c in session.scalars(
        select(Child).where(Child.id.in_([o.child_id for o in overridden])))}
    audit_log.record(session, reader.email, "read_run", f"run:{run.id}", "review")
    return RunReview(run, audit, findings, hidden, summary_of(run), overridden, children,
                     school_results(session, run, lang))


@dataclass(frozen=True)
class Found:
    """A child found in a run."""

    child: Child
    placement: Placement


def find_in_run(session: Session, reader: User, run: PlacementRun, query: str,
                limit: int = 21) -> list[Found]:
    """The run's children whose name contains `query`, or whose id or personnummer it is
    (children with protected identity only for those who place children), at most `limit`
    of them by name; the search and what it showed are audited."""
    text = query.strip()[:100]
    if len(text) < 2:
        return []
    number = canonical_personnummer(text)
    named = func.lower(Child.name).contains(text.lower(), autoescape=True)
    match = or_(Child.child_id == text, named,
                *([Child.personnummer == number] if number else []))
    where = [Placement.run_id == run.id, match]
    if not sees_protected_children(reader.role):
        where.append(Child.protected.is_(False))
    rows = session.execute(select(Child, Placement).join(
        Placement, Placement.child_id == Child.id).where(*where)
        .order_by(Child.name, Child.child_id).limit(limit)).all()
    audit_log.record(session, reader.email, "search_run", f"run:{run.id}",
                     f"{len(rows)} children: " + ", ".join(c.child_id for c, _p in rows))
    return [Found(c, p) for c, p in rows]


def runs_with_records(session: Session) -> list[PlacementRun]:
    """Every run that has its record on disk, newest first."""
    return list(session.scalars(select(PlacementRun).where(PlacementRun.run_dir != "")
                                .order_by(PlacementRun.id.desc())))


def yearly_runs(session: Session, current_round: str) -> list[PlacementRun]:
    """For every round, the run its statistics come from: the latest published one (the
    current round's latest run while none is published), newest round first."""
    runs = runs_with_records(session)
    chosen: dict[str, PlacementRun] = {}
    for run in runs:
        best = chosen.get(run.round)
        better = best is None or (best.published_at is None and run.published_at is not None)
        if better and (run.published_at is not None or run.round == current_round):
            chosen[run.round] = run
    return sorted(chosen.values(), key=lambda r: r.round, reverse=True)
