"""Placement rounds from the portal: the confirmed applications placed by the same engine and
run record as `huvudman place`, reviewed, overridden with a reason, published; then each
family's decision and letter."""

from __future__ import annotations

import json
import re
import shutil
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.outputs import input_files, write_atomically, write_bytes_atomically
from huvudman.letters.facts import LetterFacts
from huvudman.placement.model import Child as PlacementChild
from huvudman.placement.model import Instance
from huvudman.placement.model import School as PlacementSchool
from huvudman.runs.reader import read_rows
from huvudman.runs.record import write_run
from huvudman.services.accounts.staff import user_by_id
from huvudman.services.families import applications as families
from huvudman.services.letters.letter_run import run_letters
from huvudman.services.rounds import publication, run_audit
from huvudman.services.rounds.placement_run import PlacementRequest, execute
from huvudman.services.rounds.round_settings import round_rules
from huvudman.store import audit_log, rows
from huvudman.store.database import start_writing
from huvudman.store.models import (
    Application,
    Child,
    Choice,
    Confirmation,
    CorrectionMove,
    Guardianship,
    Placement,
    PlacementRun,
    School,
    SiblingSchool,
    SpecialReason,
    User,
)
from huvudman.store.times import as_utc
from huvudman.words.messages import (
    NEEDS_REASON,
    REGISTER_CHANGED,
    RUN_NOT_MADE,
    RUN_PUBLISHED,
    UNKNOWN_CHILD,
    UNKNOWN_SCHOOL,
)
from huvudman.workdays import swedish_date


def round_instance(session: Session, round_name: str) -> tuple[Instance, int]:
    """The round as the store holds it, as the engine's instance: every school, every child
    with the fields the rule chain reads (choices — only applications every guardian confirmed
    count —, siblings, special reasons, protected identity), and how many children had an
    application that counts."""
    # plain rows, one query per table: a round has thousands of children
    schools = [PlacementSchool(*row) for row in session.execute(
        select(School.school_id, School.name, School.lat, School.lon, School.capacity,
               School.district).order_by(School.school_id))]

    def grouped(*columns, where=None, order=()) -> dict[int, list]:
        """The rows of `columns` gathered by the first (the rest: one value, or a tuple)."""
        query = select(*columns).order_by(*(order or columns))
        if where is not None:
            query = query.join(Application).where(where)
        return rows.grouped(session, query)

    siblings = grouped(SiblingSchool.child_id, SiblingSchool.school_id)
    special = grouped(SpecialReason.child_id, SpecialReason.school_id)
    guardians = grouped(Guardianship.child_id, Guardianship.user_id)
    in_round = Application.round == round_name
    app_of = {child: app for child, app in session.execute(
        select(Application.child_id, Application.id).where(in_round))}
    choices = grouped(Choice.application_id, Choice.school_id, where=in_round,
                      order=(Choice.application_id, Choice.rank))
    confirmations = grouped(Confirmation.application_id, Confirmation.user_id,
                            Confirmation.choices_sha256, where=in_round)
    children, counted = [], 0
    for key, cid, lat, lon, protected, district, grade in session.execute(
            select(Child.id, Child.child_id, Child.lat, Child.lon, Child.protected,
                   Child.district, Child.grade).order_by(Child.child_id)):
        listed = choices.get(app_of.get(key, -1), [])
        ok = bool(listed) and set(guardians.get(key, [])) <= families.confirmed_by(
            listed, confirmations.get(app_of.get(key, -1), []))
        counted += ok
        children.append(PlacementChild(
            cid, lat, lon, choices=tuple(listed) if ok else (),
            siblings=tuple(siblings.get(key, ())), special_reasons=tuple(special.get(key, ())),
            protected=protected, district=district, grade=grade))
    return Instance.build(schools, children), counted


class RunNotMade(Exception):
    """The round cannot be placed as it is (e.g. a home off the street map); nothing was
    stored. `message` says so to a person (a catalog message), `detail` names what."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message
        self.detail = detail


def run_round(session: Session, staff: User, round_name: str, seed: int, runs_dir: Path,
              now: datetime, osm: Path | None = None) -> PlacementRun:
    """Place the round and keep its run record; nothing is published yet. With the
    municipality's street map (`osm`) distances are walks along its streets, as DESIGN.md's
    rule chain asks; a copy of the map is kept with the run's other inputs.

    The placement is computed from one consistent reading of the store, holding no lock; only
    recording it takes the write lock, briefly, so a guardian saving a list meanwhile never
    waits behind a run. The session must not have written before (its reads are ended)."""
    sweep_debris(session, runs_dir, DEBRIS_AGE)
    rules = round_rules(session, round_name)
    instance, counted = round_instance(session, round_name)
    # a unique folder: a run killed before its transaction committed leaves only a folder
    # nobody refers to (`sweep_debris` removes it later)
    folder = Path(runs_dir) / f"{round_name}-new-{uuid.uuid4().hex[:8]}"
    try:
        result, files = _place(folder, instance, rules, seed, osm)
    except InputError as err:
        shutil.rmtree(folder, ignore_errors=True)
        raise RunNotMade(RUN_NOT_MADE,
                         str(err).replace(str(folder / "inputs") + "/", "")) from None
    write_run(folder / "record", files)
    start_writing(session)
    kids = {cid: key for cid, key in session.execute(select(Child.child_id, Child.id))}
    if not set(instance.child_ids) <= kids.keys():
        shutil.rmtree(folder, ignore_errors=True)
        raise RunNotMade(REGISTER_CHANGED)
    run = PlacementRun(round=round_name, created_at=now, created_by=staff.id, seed=seed,
                       run_dir="", audit_passed=result.audit.passed, rules=rules.label,
                       summary=json.dumps({"applications_counted": counted,
                                           **result.statistics["overall"]}, sort_keys=True))
    session.add(run)
    session.flush()
    named = folder.with_name(f"{round_name}-run{run.id}-{folder.name.rsplit('-', 1)[1]}")
    folder.rename(named)
    run.run_dir = str(named / "record")
    run_audit.remember(run, result)
    session.execute(insert(Placement), [
        {"run_id": run.id, "child_id": kids[row["child_id"]],
         "school_id": row["school_id"] or None, "choice_rank": int(row["choice_rank"] or 0),
         "rule": row["rule"], "walking_m": float(row["walking_m"]) if row["walking_m"] else None,
         "override_school_id": None, "override_reason": None}
        for row in read_rows(named / "record" / "placements.csv")])
    audit_log.record(session, staff.email, "run_placement", f"run:{run.id}",
                     f"seed {seed}; {counted} applications counted")
    return run


def _place(folder: Path, instance: Instance, rules, seed: int, osm: Path | None):
    """Write the run's inputs into `folder` and place them (the run record's files)."""
    for name, text in input_files(instance).items():
        write_atomically(folder / "inputs" / name, text)
    if osm is not None:  # the map is kept with the inputs (the portal's own copy is measured:
        # the same bytes, and read once per process)
        write_bytes_atomically(folder / "inputs" / Path(osm).name, Path(osm).read_bytes())
    return execute(PlacementRequest(
        schools=folder / "inputs" / "schools.csv",
        children=folder / "inputs" / "children.csv", seed=seed, run_dir=folder / "record",
        rules=rules.preset, mechanism=rules.mechanism, fallback=rules.fallback,
        osm=Path(osm) if osm is not None else None), instance=instance)


#: A run folder nobody refers to is removed once it is this old (no run takes this long).
DEBRIS_AGE = timedelta(hours=6)


#: The names `run_round` gives its folders (nothing else in the runs folder is ever swept).
_RUN_FOLDER = re.compile(r".+-(new|run[0-9]+)-[0-9a-f]{8}")


def sweep_debris(session: Session, runs_dir: Path, older_than: timedelta) -> list[str]:
    """Remove run folders no run refers to (left by a run killed before it was recorded) that
    were last written longer ago than `older_than` (a run being made now is left alone);
    the names removed."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        return []
    kept = {Path(d).parent.name for d in session.scalars(select(PlacementRun.run_dir))}
    limit = time.time() - older_than.total_seconds()
    removed = []
    for folder in sorted(runs_dir.iterdir()):
        if (folder.is_dir() and _RUN_FOLDER.fullmatch(folder.name)
                and folder.name not in kept and folder.stat().st_mtime < limit):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def override(session: Session, staff: User, run: PlacementRun, child: Child, school_id: str,
             reason: str) -> Placement:
    """Place a child elsewhere by hand; a reason is required and the change is audited. The
    run is audited again at once (an override into a full school is a finding), and any
    justification of the run's findings must be written and approved anew."""
    if run.published_at is not None:
        raise families.NotAllowed(RUN_PUBLISHED)
    if not reason.strip():
        raise families.NotAllowed(NEEDS_REASON)
    if session.get(School, school_id) is None:
        raise families.NotAllowed(UNKNOWN_SCHOOL)
    placement = session.get(Placement, (run.id, child.id))
    if placement is None:  # registered after the run was made
        raise families.NotAllowed(UNKNOWN_CHILD)
    run_audit.replay(run)  # the slow part (placing the run again) before any write
    placement.override_school_id = school_id
    placement.override_reason = reason.strip()
    audit_log.record(session, staff.email, "override_placement", f"child:{child.child_id}",
                     f"run {run.id}: {placement.school_id} → {school_id}: {reason.strip()}")
    session.flush()
    report = run_audit.reaudit(session, run)
    publication.clear_justification(run)
    audit_log.record(session, staff.email, "reaudit_run", f"run:{run.id}",
                     "passed" if report.passed else
                     "; ".join(f"{c.name}: {c.violations}" for c in report.checks
                               if not c.passed))
    return placement


def published_placement(session: Session, child: Child, round_name: str
                        ) -> tuple[PlacementRun, Placement] | None:
    """The child's standing decision in the round: from the latest published correction that
    moved the child, else from the round's published run (None when nothing is published)."""
    moved_by = select(CorrectionMove.run_id).where(CorrectionMove.child_id == child.id)
    run = session.scalars(select(PlacementRun).where(
        PlacementRun.round == round_name, PlacementRun.published_at.is_not(None),
        or_(PlacementRun.corrects.is_(None), PlacementRun.id.in_(moved_by)))
        .order_by(PlacementRun.published_at.desc(), PlacementRun.id.desc())).first()
    if run is None:
        return None
    placement = session.get(Placement, (run.id, child.id))
    return (run, placement) if placement else None


@lru_cache(maxsize=4)
def _facts_of_run(run_dir: str) -> dict[str, LetterFacts]:
    return {f.child_id: f for f in run_letters(Path(run_dir))}


def letter_facts_for(run: PlacementRun, child: Child) -> LetterFacts | None:
    """The facts of the child's letter, from the run record."""
    if not (Path(run.run_dir) / "run.json").is_file():
        return None
    return _facts_of_run(run.run_dir).get(child.child_id)


@dataclass(frozen=True)
class Sender:
    """Who sends the decision letters: the municipality and the office families contact."""

    municipality: str
    office: str
    phone: str
    email: str


def family_letter_facts(session: Session, run: PlacementRun, child: Child,
                        sender: Sender) -> LetterFacts | None:
    """The facts of the child's letter as the family reads it in the portal: the run record's
    facts with what the register and the portal know besides — the municipality and its
    office, the child's name and personnummer, the decision's date and reference number, and
    who published it."""
    facts = letter_facts_for(run, child)
    if facts is None:
        return None
    decider = user_by_id(session, run.published_by or run.created_by)
    published = run.published_at or run.created_at
    return replace(facts, municipality=sender.municipality, contact_phone=sender.phone,
                   contact_email=sender.email, child_name=child.name,
                   personnummer=child.personnummer or "",
                   decided_on=swedish_date(as_utc(published)).isoformat(),
                   reference=f"{run.round}/{run.id}/{child.child_id}",
                   decided_by_name=decider.name if decider is not None else "",
                   office=sender.office)
