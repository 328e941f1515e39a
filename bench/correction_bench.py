"""A correction of one child's decision in the 6,000-child demo, against an ordinary run.

Fills a fresh SQLite database with the demo and its street map, places the round from the
portal and publishes it; then a ruling is carried out as an officer would: the refused child's
first choice is decided as a special reason and a "no one loses" correction run is made — the
round placed again from the corrected store, the standing decisions corrected, the moves and
the audit stored. As the peer in the same run, the ordinary portal run of the same round.
Prints how many children moved (one is expected) and both times.

Run:  .venv/bin/python bench/correction_bench.py
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select


def main() -> None:
    """Seed, place and publish, correct one child; print the figures."""
    from huvudman.runs.reader import read_rows
    from huvudman.services.decisions.corrections import correction_run
    from huvudman.services.demo.portal_seed import seed_demo
    from huvudman.services.families import special_reasons
    from huvudman.services.rounds import publication
    from huvudman.services.rounds.portal_rounds import run_round
    from huvudman.store.database import make_engine, sessions, upgrade
    from huvudman.store.models import Child, CorrectionMove, PlacementRun, User

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HUVUDMAN_CACHE"] = str(tmp / "cache")
        engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
        upgrade(engine)
        with sessions(engine).begin() as s:
            seed_demo(s, tmp / "data", governance=False)
        streets = tmp / "data" / "this-year" / "streets.osm"
        now = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)

        def officer(s):
            return s.scalars(select(User).where(User.role == "placement_officer")).first()

        runs = []
        for _ in range(2):  # the first fills the distance cache; the second is the peer
            with sessions(engine).begin() as s:
                t0 = time.perf_counter()
                run = run_round(s, officer(s), "2027", 2027, tmp / "runs", now, streets)
                runs.append((time.perf_counter() - t0, run.id, run.run_dir))
        plain_s, run_id, record = runs[-1]
        with sessions(engine).begin() as s:
            run = s.get(PlacementRun, run_id)
            admin = s.scalars(select(User).where(User.role == "administrator")).first()
            if not run.audit_passed:
                publication.justify(s, officer(s), run, "bench", now)
                publication.approve(s, admin, run, now)
            publication.publish(s, officer(s), run, now, now - timedelta(days=1))
        refused = next(r for r in read_rows(Path(record) / "applications.csv")
                       if r["outcome"] == "refused" and r["choice_rank"] == "1")
        with sessions(engine).begin() as s:
            special_reasons.decide_by_key(s, officer(s), refused["child_id"],
                                          refused["school_id"], "social", "ruling", now)
        timings, moved = [], 0
        for _ in range(2):
            with sessions(engine).begin() as s:
                t0 = time.perf_counter()
                fix = correction_run(s, officer(s), "2027", "no_one_loses", 2027,
                                     tmp / "runs", now, streets)
                timings.append(time.perf_counter() - t0)
                moves = s.scalars(select(CorrectionMove).where(
                    CorrectionMove.run_id == fix.id)).all()
                moved = [(s.get(Child, m.child_id).child_id, m.from_school, m.to_school)
                         for m in moves]
        print(f"correction of one child (6,000 children, 60 schools, walking distances): "
              f"best {min(timings):.2f} s, runs {', '.join(f'{t:.2f}' for t in timings)} s")
        print(f"  moved: {moved} (the ruling: {refused['child_id']} to {refused['school_id']})")
        print(f"  peer, an ordinary portal run of the same round: {plain_s:.2f} s; "
              f"correction / run: {min(timings) / plain_s:.2f}x")


if __name__ == "__main__":
    main()
