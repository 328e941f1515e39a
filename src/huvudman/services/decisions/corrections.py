"""Correcting published decisions (rättelse): after an error is found and the input corrected
(a home, a sibling, distances measured on foot instead of in straight lines — the 2020 case),
the round is placed again and the correction is made under a declared policy
(`decisions.correction`): "no one loses" keeps every standing decision except those the
corrected placement improves, with extra places where needed; a full re-run replaces them.
The correction run is a run like any other — its record reproducible, its result audited
(the kept decisions are checked as overrides of the re-run), published with the same rules —
and only the children it moves get a new decision and letter."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from huvudman.decisions.correction import POLICIES, Placed, correct, reason_of
from huvudman.services.families.applications import NotAllowed
from huvudman.services.rounds import portal_rounds, run_audit
from huvudman.store import audit_log
from huvudman.store.models import Child, CorrectionMove, Placement, PlacementRun, User
from huvudman.words.decisions import CORRECTION_REFUSALS


def corrected_run(session: Session, round_name: str) -> PlacementRun | None:
    """The round's published run (not a correction): what corrections correct."""
    return session.scalars(select(PlacementRun).where(
        PlacementRun.round == round_name, PlacementRun.published_at.is_not(None),
        PlacementRun.corrects.is_(None)).order_by(PlacementRun.published_at)).first()


def standing_decisions(session: Session, round_name: str) -> dict[int, tuple]:
    """Each child's standing published decision in the round: (school, rank, rule, walking)
    by child key (a correction that moved the child replaces the first decision)."""
    out: dict[int, tuple] = {}
    runs = session.scalars(select(PlacementRun).where(
        PlacementRun.round == round_name, PlacementRun.published_at.is_not(None))
        .order_by(PlacementRun.published_at, PlacementRun.id)).all()
    for run in runs:
        rows = select(Placement.child_id, Placement.school_id, Placement.override_school_id,
                      Placement.choice_rank, Placement.rule, Placement.walking_m).where(
            Placement.run_id == run.id)
        if run.corrects is not None:
            rows = rows.where(Placement.child_id.in_(
                select(CorrectionMove.child_id).where(CorrectionMove.run_id == run.id)))
        for key, school, override, rank, rule, walking in session.execute(rows):
            out[key] = (override or school, rank, rule, walking)
    return out


def correction_run(session: Session, staff: User, round_name: str, policy: str, seed: int,
                   runs_dir: Path, now: datetime, osm: Path | None = None) -> PlacementRun:
    """Place the round again from the corrected store and correct the standing decisions
    under `policy`; nothing is published yet. The session must not have written before."""
    if policy not in POLICIES:
        raise NotAllowed(CORRECTION_REFUSALS["unknown_policy"])
    original = corrected_run(session, round_name)
    if original is None:
        raise NotAllowed(CORRECTION_REFUSALS["nothing_published"])
    standing = standing_decisions(session, round_name)
    run = portal_rounds.run_round(session, staff, round_name, seed, runs_dir, now, osm)
    result = run_audit.replay(run)
    instance = result.instance
    keys = dict(session.execute(select(Child.child_id, Child.id)).all())
    child_keys = [keys[cid] for cid in instance.child_ids]
    school_index = instance.school_index
    n = len(child_keys)
    p_school = np.full(n, -1, dtype=np.int64)
    p_rank = np.zeros(n, dtype=np.int64)
    for c, key in enumerate(child_keys):
        # a school gone from the register since is no place to keep: the child is placed anew
        if key in standing and standing[key][0] in school_index:
            p_school[c] = school_index[standing[key][0]]
            p_rank[c] = standing[key][1]
    p_dist = np.full(n, np.nan)
    placed = np.flatnonzero(p_school >= 0)
    p_dist[placed] = result.distances.pairs(placed, p_school[placed])
    out = result.outcomes
    fixed = correct(Placed(p_school, p_rank, p_dist),
                    Placed(out.school, out.choice_rank, out.distance_m),
                    np.asarray(instance.capacities), policy)
    kept = np.flatnonzero(fixed.school != out.school)  # standing decisions the re-run changed
    ids = [s.school_id for s in instance.schools]
    if len(kept):
        session.execute(update(Placement), [  # by primary key, one statement
            {"run_id": run.id, "child_id": child_keys[c],
             "school_id": standing[child_keys[c]][0], "choice_rank": standing[child_keys[c]][1],
             "rule": standing[child_keys[c]][2], "walking_m": standing[child_keys[c]][3]}
            for c in kept.tolist()])
    worse = set(fixed.worse_off.tolist())
    if len(fixed.moved):
        session.add_all(CorrectionMove(
            run_id=run.id, child_id=child_keys[c],
            from_school=ids[p_school[c]] if p_school[c] >= 0 else None,
            to_school=ids[fixed.school[c]] if fixed.school[c] >= 0 else None,
            from_rank=int(p_rank[c]), to_rank=int(out.choice_rank[c]), worse_off=c in worse)
            for c in fixed.moved.tolist())
    session.flush()
    run_audit.reaudit(session, run)  # the kept decisions are checked as placed by hand
    run.corrects, run.policy = original.id, policy
    extra = {ids[s]: int(k) for s, k in enumerate(fixed.extra_places.tolist()) if k}
    run.summary = json.dumps({**json.loads(run.summary or "{}"), "moved": len(fixed.moved),
                              "worse_off": len(worse), "extra_places": extra},
                             sort_keys=True)
    audit_log.record(session, staff.email, "correction_run", f"run:{run.id}",
                     f"corrects run {original.id} under {policy}: {len(fixed.moved)} move, "
                     f"{len(worse)} worse off, extra places {extra or 'none'}")
    return run


@dataclass(frozen=True)
class Move:
    """A child a correction moves, as staff read it, and why (`decisions.correction`)."""

    child: Child
    move: CorrectionMove
    reason: str


def moves_of(session: Session, run: PlacementRun) -> list[Move]:
    """The children a correction run moves (names for the officers who see them)."""
    rows = session.execute(select(CorrectionMove, Child).join(
        Child, Child.id == CorrectionMove.child_id).where(CorrectionMove.run_id == run.id)
        .order_by(Child.child_id)).all()
    return [Move(c, m, reason_of(m.from_school is not None, m.from_rank, m.to_rank,
                                 m.worse_off)) for m, c in rows]
