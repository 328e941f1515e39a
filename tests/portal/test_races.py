"""Concurrency never surfaces as an error (issue 18): staff pages that write to the audit log,
and guardians saving the same list, many at once — on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def test_a_run_killed_before_it_committed_leaves_the_next_run_working(portal, tmp_path,
                                                                        monkeypatch) -> None:
    """The run's folder is written, then the process dies before the transaction commits:
    the database forgets the run (and may hand its id out again); the next run works."""
    from huvudman.services.rounds import portal_rounds
    from huvudman.store.models import PlacementRun, User

    app, clock = portal
    runs = tmp_path / "runs"

    def killed(*_args, **_kwargs):
        raise SystemExit("killed")

    with app.state.sessions() as s:
        officer_id = s.scalars(select(User.id).where(User.role == "placement_officer")).first()
    with monkeypatch.context() as patch:
        patch.setattr(portal_rounds.audit_log, "record", killed)
        try:
            with app.state.sessions.begin() as s:
                portal_rounds.run_round(s, s.get(User, officer_id), "2027", 5, runs, clock["now"])
        except SystemExit:
            pass
    debris = list(runs.glob("2027-run*"))
    assert len(debris) == 1
    with app.state.sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(PlacementRun).where(
            PlacementRun.round == "2027")) == 0
        run = portal_rounds.run_round(s, s.get(User, officer_id), "2027", 5, runs, clock["now"])
    assert (Path(run.run_dir) / "run.json").is_file()
    assert Path(run.run_dir).parent != debris[0]  # even when the id is handed out again
