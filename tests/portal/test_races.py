"""Concurrency never surfaces as an error (issue 18): staff pages that write to the audit log,
and guardians saving the same list, many at once — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from portal_helpers import client, csrf_of, sign_in
from sqlalchemy import func, select

from huvudman.store import audit_log
from huvudman.store.models import Application, AuditEntry, Child, School

PARALLEL = 20


def _signed_in(app, email: str, password: str, n: int):
    clients = [client(app) for _ in range(n)]
    for c in clients:
        assert sign_in(c, email, password).status_code == 303
    return clients


def test_parallel_staff_reads_all_logged_none_fails(portal) -> None:
    app, _ = portal
    officers = _signed_in(app, "handlaggare@demo.huvudman.se", "demo-officer", PARALLEL)
    with app.state.sessions() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    with ThreadPoolExecutor(PARALLEL) as pool:
        codes = list(pool.map(lambda c: c.get("/staff").status_code, officers * 2))
    assert codes == [200] * (2 * PARALLEL)
    with app.state.sessions() as s:
        after = s.scalar(select(func.count()).select_from(AuditEntry))
        checked, broken = audit_log.verify(s)
    assert after - before == 2 * PARALLEL and broken is None and checked == after


def test_the_same_list_saved_at_once_is_saved_once(portal) -> None:
    app, _ = portal
    with app.state.sessions() as s:
        child = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one().id
        first, second = s.scalars(select(School.school_id).order_by(School.school_id)
                                  .limit(2)).all()
    guardians = (_signed_in(app, "anna@demo.huvudman.se", "demo-anna", PARALLEL // 2)
                 + _signed_in(app, "bo@demo.huvudman.se", "demo-bo", PARALLEL // 2))
    tokens = [csrf_of(c.get(f"/children/{child}").text) for c in guardians]

    def save(k: int) -> int:
        form = {"csrf": tokens[k], "choice1": first, "choice2": second}
        return guardians[k].post(f"/children/{child}/choices", data=form,
                                 follow_redirects=False).status_code

    with ThreadPoolExecutor(PARALLEL) as pool:
        codes = list(pool.map(save, range(PARALLEL)))
    assert codes == [303] * PARALLEL
    with app.state.sessions() as s:
        apps = s.scalars(select(Application).where(Application.child_id == child)).all()
        assert len(apps) == 1
        assert [c.school_id for c in apps[0].choices] == [first, second]
        assert {c.user_id for c in apps[0].confirmations} == {
            g.id for g in s.get(Child, child).guardians}
        logged = s.scalars(select(AuditEntry.detail).where(AuditEntry.action.in_(
            ("save_choices", "confirm_choices")))).all()
    # every save is in the audit log: what was submitted, and when
    assert len(logged) == PARALLEL and set(logged) == {f"round 2027: {first};{second}"}


@pytest.mark.parametrize("at", ["placing", "recording", "auditing"])
def test_a_run_killed_at_any_point_leaves_the_state_as_before(portal, tmp_path, monkeypatch,
                                                               at) -> None:
    """The run dies while it computes, while it writes its rows, or at its audit entry: the
    database holds no trace of it (and may hand its id out again), the folder it left is
    swept once old, and the next run works."""
    from huvudman.services.rounds import portal_rounds
    from huvudman.store.models import Placement, PlacementRun, User

    app, clock = portal
    runs = tmp_path / "runs"
    target = {"placing": (portal_rounds, "execute"), "recording": (portal_rounds, "read_rows"),
              "auditing": (portal_rounds.audit_log, "record")}[at]

    def killed(*_args, **_kwargs):
        raise SystemExit("killed")

    with app.state.sessions() as s:
        officer_id = s.scalars(select(User.id).where(User.role == "placement_officer")).first()
        before = s.scalar(select(func.count()).select_from(AuditEntry))
        runs_before = s.scalar(select(func.count()).select_from(PlacementRun))
        rows_before = s.scalar(select(func.count()).select_from(Placement))
    with monkeypatch.context() as patch:
        patch.setattr(*target, killed)
        with pytest.raises(SystemExit), app.state.sessions.begin() as s:
            portal_rounds.run_round(s, s.get(User, officer_id), "2027", 5, runs, clock["now"])
    debris = list(runs.glob("2027-*"))
    assert len(debris) == 1
    with app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(PlacementRun)) == runs_before
        assert s.scalar(select(func.count()).select_from(Placement)) == rows_before
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    with app.state.sessions.begin() as s:
        run = portal_rounds.run_round(s, s.get(User, officer_id), "2027", 5, runs, clock["now"])
    assert (Path(run.run_dir) / "run.json").is_file()
    assert Path(run.run_dir).parent != debris[0]  # even when the id is handed out again
    with app.state.sessions() as s:
        assert portal_rounds.sweep_debris(s, runs, portal_rounds.DEBRIS_AGE) == []  # too new
        old = time.time() - portal_rounds.DEBRIS_AGE.total_seconds() - 60
        os.utime(debris[0], (old, old))
        os.utime(Path(run.run_dir).parent, (old, old))
        assert portal_rounds.sweep_debris(s, runs, portal_rounds.DEBRIS_AGE) == [debris[0].name]
    assert list(runs.glob("2027-*")) == [Path(run.run_dir).parent]
    assert (runs / "2026-history").is_dir()  # last year's record is never swept


def test_a_guardian_saving_never_waits_behind_a_run(portal) -> None:
    """While a placement run computes (held here until the save is done), a guardian's save
    goes through at once: the run takes the write lock only to record its result."""
    from huvudman.services.rounds import portal_rounds

    app, _ = portal
    officer = client(app)
    assert sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer").status_code == 303
    anna = client(app)
    assert sign_in(anna, "anna@demo.huvudman.se", "demo-anna").status_code == 303
    with app.state.sessions() as s:
        child = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one().id
        first = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    computing, saved = threading.Event(), threading.Event()
    real_execute = portal_rounds.execute

    def slow_execute(*args, **kwargs):
        computing.set()
        assert saved.wait(30), "the guardian's save waited for the run"
        return real_execute(*args, **kwargs)

    token = csrf_of(officer.get("/staff/runs").text)
    form = {"csrf": csrf_of(anna.get(f"/children/{child}").text), "choice1": first}
    portal_rounds.execute = slow_execute
    try:
        with ThreadPoolExecutor(1) as pool:
            run = pool.submit(officer.post, "/staff/runs", data={"csrf": token, "seed": "3"},
                              follow_redirects=False)
            assert computing.wait(30)
            response = anna.post(f"/children/{child}/choices", data=form,
                                 follow_redirects=False)
            saved.set()
            assert response.status_code == 303
            assert run.result().status_code == 303
    finally:
        portal_rounds.execute = real_execute


def test_a_register_changed_during_a_run_keeps_nothing(portal, tmp_path, monkeypatch) -> None:
    """A child the run placed leaves the register while the run computes (it reads no lock):
    the run is not recorded, says why, and leaves no folder."""
    from huvudman.services.rounds import portal_rounds
    from huvudman.store.models import PlacementRun, User
    from huvudman.words.messages import REGISTER_CHANGED

    app, clock = portal
    runs = tmp_path / "runs"
    real_execute = portal_rounds.execute

    def register_changes(*args, **kwargs):
        result = real_execute(*args, **kwargs)
        with app.state.sessions.begin() as other:
            child = other.scalars(select(Child).order_by(Child.id)).first()
            child.child_id = "renamed-meanwhile"
        return result

    monkeypatch.setattr(portal_rounds, "execute", register_changes)
    with app.state.sessions.begin() as s:
        officer = s.scalars(select(User).where(User.role == "placement_officer")).first()
        with pytest.raises(portal_rounds.RunNotMade) as err:
            portal_rounds.run_round(s, officer, "2027", 5, runs, clock["now"])
    assert err.value.message == REGISTER_CHANGED
    assert list(runs.glob("2027-*")) == []
    with app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(PlacementRun).where(
            PlacementRun.round == "2027")) == 0
