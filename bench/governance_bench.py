"""Governance benchmark: the deviation board and the escalation sweep with 100,000 open cases.

Fills a fresh database (PostgreSQL by default, or SQLite) with 60 schools and 125,000
deviations (random kinds, levels and states; a fifth closed, of the open about a fifth
overdue), then prints:
1. the board page as staff load it (the portal in-process, rendered): the first load (which
   also looks for patterns, kept for five minutes), then p50/p95 over 30 loads each for a
   principal, the head of schools and the education director — against the peer,
   the first version's way (every open case loaded and sorted into groups in Python);
2. one escalation sweep over the open cases (set-based) — against the peer, escalating each
   overdue case one by one through the ORM (the first version's way), on a copy of the data;
3. pattern detection over a million events (the pure core) — against the peer, counting the
   repeats with Python dictionaries.

Run:  .venv/bin/python bench/governance_bench.py [--database postgresql|sqlite] [--cases 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from huvudman.governance import deviations as core
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.services.accounts.passwords import hash_password
from huvudman.services.governance import deviation_cases as cases
from huvudman.store.database import make_engine, sessions, upgrade
from huvudman.store.models import Deviation, DeviationEvent, School, User
from portal_load import database

NOW = datetime(2027, 3, 3, 10, tzinfo=UTC)
ACCOUNTS = {"principal": "rektor@bench.se", "head_of_schools": "skolchef@bench.se",
            "education_director": "forvaltningschef@bench.se"}


def fill(url: str, n: int) -> None:
    """Schools, the three staff accounts, and `n` deviations in bulk."""
    rng = random.Random(3)
    engine = make_engine(url)
    upgrade(engine)
    with sessions(engine).begin() as s:
        s.execute(insert(School), [{"school_id": f"S{k:03d}", "name": f"Skola {k}", "lat": 57.7,
                                    "lon": 11.9, "capacity": 100, "district": ""}
                                   for k in range(60)])
        password = hash_password("bench-password")
        for role, email in ACCOUNTS.items():
            s.add(User(email=email, name=role, role=role, locale="sv", password_hash=password,
                       school_id="S000" if role in SCHOOL_BOUND else None))
        rows = []
        for k in range(n):
            category = rng.choice(sorted(core.CATEGORIES))
            state = rng.choices(core.STATES, (3, 3, 2, 2, 2.5))[0]  # a fifth closed
            rows.append({
                "category": category, "severity": rng.choice(core.SEVERITIES),
                "school_id": f"S{rng.randrange(60):03d}", "title": f"Avvikelse {k}",
                "description": "…", "state": state,
                "level": rng.randrange(len(core.CATEGORIES[category].chain)),
                "reported_at": NOW - timedelta(days=rng.randint(1, 365)),
                "due_at": NOW + timedelta(hours=rng.randint(-200, 800)),
                "escalations": 0, "cause_found": True, "actions": 1, "evidence": True,
                "reporter_id": None, "reporter_kind": "staff", "outcome": ""})
        for start in range(0, n, 10_000):
            s.execute(insert(Deviation), rows[start:start + 10_000])
    engine.dispose()


def board_in_python(session, viewer: User) -> dict[str, list]:
    """The peer: every open case loaded, then sorted into the viewer's groups in Python."""
    out = {"mine": [], "below": [], "above": []}
    for row in session.scalars(select(Deviation).where(Deviation.state != core.CLOSED)
                               .order_by(Deviation.due_at)):
        chain = core.CATEGORIES[row.category].chain
        if viewer.role not in chain or (viewer.role in SCHOOL_BOUND
                                        and row.school_id != viewer.school_id):
            continue
        at = chain.index(viewer.role)
        out["mine" if at == row.level else "below" if at > row.level else "above"].append(row)
    return out


def time_boards(url: str) -> None:
    from fastapi.testclient import TestClient

    from huvudman.portal.app import create_app
    from huvudman.portal.settings import PortalSettings
    from portal_load import CSRF

    app = create_app(url, PortalSettings(secret_key="bench", secure_cookies=False,
                                         now=lambda: NOW))
    for role, email in ACCOUNTS.items():
        c = TestClient(app, base_url="http://testserver")
        token = CSRF.search(c.get("/login").text).group(1)
        c.post("/login", data={"email": email, "password": "bench-password", "csrf": token})
        t0 = time.perf_counter()
        page = c.get("/staff/deviations")
        first = time.perf_counter() - t0  # patterns searched (then kept a few minutes)
        assert page.status_code == 200, page.status_code
        ours = []
        for _ in range(30):
            t0 = time.perf_counter()
            c.get("/staff/deviations")
            ours.append(time.perf_counter() - t0)
        peer = []
        with app.state.sessions() as s:
            viewer = s.scalars(select(User).where(User.email == email)).one()
            for _ in range(3):
                t0 = time.perf_counter()
                found = board_in_python(s, viewer)
                peer.append(time.perf_counter() - t0)
                s.expunge_all()
            shown = cases.board(s, viewer).counts
        assert {k: len(v) for k, v in found.items()} == {k: shown[k] for k in found}
        ms = np.array(ours) * 1000
        print(f"  board of the {role.replace('_', ' ')} ({shown['mine']:,} on it, "
              f"{shown['below']:,} below, {shown['above']:,} above): first load, patterns "
              f"searched, {first * 1000:.0f} ms; then p50 "
              f"{np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms; peer "
              f"(all open cases sorted in Python, query only) {min(peer) * 1000:.0f} ms "
              f"({min(peer) * 1000 / np.percentile(ms, 95):.1f}x our p95)")
    app.state.engine.dispose()


def sweep_one_by_one(session, now: datetime) -> int:
    """The peer: each overdue case escalated through the ORM, one event each."""
    due = session.scalars(select(Deviation).where(Deviation.state != core.CLOSED,
                                                  Deviation.due_at <= now)).all()
    due = [row for row in due if core.escalates(cases.case_of(row), now)]
    for row in due:
        cases._store(row, core.escalate(cases.case_of(row), now))
        session.add(DeviationEvent(deviation_id=row.id, at=now, kind="escalate",
                                   text="overdue", state=row.state, level=row.level))
    return len(due)


def time_sweeps(url: str, peer_url: str) -> None:
    timings = {}
    for label, where, sweep in (("set-based", url, cases.sweep),
                                ("one by one", peer_url, sweep_one_by_one)):
        engine = make_engine(where)
        with sessions(engine).begin() as s:
            open_cases = s.scalar(select(Deviation.id).where(Deviation.state != core.CLOSED)
                                  .order_by(Deviation.id.desc()).limit(1))
            t0 = time.perf_counter()
            n = sweep(s, NOW)
            s.flush()
        timings[label] = (time.perf_counter() - t0, n)
        engine.dispose()
        del open_cases
    ours, n = timings["set-based"]
    theirs, _ = timings["one by one"]
    print(f"  escalation sweep: {n:,} overdue of the open cases escalated in {ours:.2f} s "
          f"(committed); peer one by one through the ORM {theirs:.2f} s "
          f"({theirs / ours:.1f}x)")


def time_patterns(n: int = 1_000_000) -> None:
    """Pattern detection over `n` events (the pure core, vectorised) against the peer: the
    same repeats counted with Python dictionaries, one event at a time."""
    from collections import Counter

    from huvudman.governance.patterns import DAY, Thresholds, find_patterns

    rng = np.random.default_rng(5)
    now = int(NOW.timestamp())
    at = np.sort(rng.integers(now - 3 * 365 * DAY, now, n))
    school = rng.integers(0, 60, n)
    pupil = np.where(rng.random(n) < 0.5, rng.integers(0, 200_000, n), -1)
    staff = np.where(rng.random(n) < 0.2, rng.integers(0, 8_000, n), -1)
    place = np.where(rng.random(n) < 0.7, rng.integers(0, 9, n), -1)
    t0 = time.perf_counter()
    flags = find_patterns(school, at, pupil, staff, place, now)
    ours = time.perf_counter() - t0
    limits = Thresholds()
    t0 = time.perf_counter()
    places, pupils, staffs = Counter(), Counter(), Counter()
    for s_, a, u, w, p in zip(school.tolist(), at.tolist(), pupil.tolist(), staff.tolist(),
                              place.tolist(), strict=True):
        if p >= 0 and a >= now - limits.place_days * DAY:
            places[s_, p] += 1
        if u >= 0 and a >= now - limits.pupil_days * DAY:
            pupils[u] += 1
        if w >= 0 and a >= now - limits.staff_days * DAY:
            staffs[w] += 1
    peer = time.perf_counter() - t0
    kinds = Counter(f.kind for f in flags)
    same = {(f.school, f.subject) for f in flags if f.kind == "same_place"} == {
        k for k, v in places.items() if v >= limits.place_cases}
    found = ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items()))
    print(f"  patterns over {n:,} events (three years, 60 schools): {ours:.2f} s, "
          f"{sum(kinds.values()):,} flags ({found}); "
          f"peer counting three of the five kinds in Python dictionaries {peer:.2f} s "
          f"({peer / ours:.1f}x); same places found: {same}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--cases", type=int, default=125_000)  # 100,000 open
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url, drop = database(args.database, tmp)
        peer_dir = tmp / "peer"
        peer_dir.mkdir()
        peer_url, drop_peer = database(args.database, peer_dir)
        try:
            t0 = time.perf_counter()
            fill(url, args.cases)
            fill(peer_url, args.cases)
            open_count = 0
            engine = make_engine(url)
            with sessions(engine)() as s:
                open_count = len(s.scalars(select(Deviation.id).where(
                    Deviation.state != core.CLOSED)).all())
            engine.dispose()
            print(f"python {sys.version.split()[0]}; {args.database}; {args.cases:,} "
                  f"deviations ({open_count:,} open) in 60 schools, filled in "
                  f"{time.perf_counter() - t0:.0f} s (twice: ours and the peer's copy)")
            time_boards(url)
            time_sweeps(url, peer_url)
            time_patterns()
        finally:
            drop()
            drop_peer()


if __name__ == "__main__":
    main()
