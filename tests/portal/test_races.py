"""Concurrency never surfaces as an error (issue 18): staff pages that write to the audit log,
and guardians saving the same list, many at once — on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

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
