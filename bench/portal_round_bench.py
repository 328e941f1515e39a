"""A placement round of the demo municipality placed from the portal, against the command line.

Fills a fresh database (SQLite, or the machine's PostgreSQL) with the 6,000-child demo and its
street map, then times what an officer's "Place the round" does — the store read into the
engine's instance (siblings, special reasons, confirmed applications), the inputs and the
record written, walking distances along the streets, the placement rows stored — first with an
empty distance cache, then again with it warm; and, as the peer in the same run, `huvudman place`
on the very inputs the portal exported (same street map, rules and seed), checking both give
the byte-identical placements.csv.

Run:  .venv/bin/python bench/portal_round_bench.py [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select, text

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _database(kind: str, tmp: Path) -> tuple[str, object]:
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'bench.db'}", None
    name = f"huvudman_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", (admin, name)


def main() -> None:
    """Seed, place from the portal twice, place the exported inputs with the CLI; print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HUVUDMAN_CACHE"] = str(tmp / "cache")
        url, cleanup = _database(args.database, tmp)
        try:
            _run(url, tmp, args.database)
        finally:
            if cleanup is not None:
                admin, name = cleanup
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _run(url: str, tmp: Path, kind: str) -> None:
    from huvudman.services.demo.portal_seed import seed_demo
    from huvudman.services.rounds.portal_rounds import run_round
    from huvudman.store.database import make_engine, sessions, upgrade
    from huvudman.store.models import User

    engine = make_engine(url)
    upgrade(engine)
    t0 = time.perf_counter()
    with sessions(engine).begin() as s:
        seed_demo(s, tmp / "data")
    print(f"{kind}: demo seeded (6,000 children, 60 schools) in {time.perf_counter() - t0:.1f} s")
    streets = tmp / "data" / "this-year" / "streets.osm"
    now = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
    times, folders = [], []
    for label in ("cold distance cache", "warm distance cache"):
        with sessions(engine).begin() as s:
            officer = s.scalars(select(User).where(User.role == "placement_officer")).first()
            t0 = time.perf_counter()
            run = run_round(s, officer, "2027", 2027, tmp / "runs", now, streets)
            times.append(time.perf_counter() - t0)
            folders.append(Path(run.run_dir).parent)
            summary = json.loads(run.summary)
        print(f"  portal round ({label}): {times[-1]:.2f} s — "
              f"{summary['applications_counted']:,} applications counted, first choice "
              f"{summary['first_choice_share']:.1%}, fallback {summary['fallback']}")
    inputs = folders[-1] / "inputs"
    exe = Path(sys.executable).with_name("huvudman")
    out = tmp / "cli-placements.csv"
    cmd = [str(exe), "place", "--schools", str(inputs / "schools.csv"), "--children",
           str(inputs / "children.csv"), "--osm", str(inputs / streets.name), "--seed", "2027",
           "--rules", "sibling-proximity", "--mechanism", "deferred-acceptance",
           "--fallback", "nearest", "--out", str(out), "--quiet"]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False)
    cli = time.perf_counter() - t0
    same = out.read_bytes() == (folders[-1] / "record" / "placements.csv").read_bytes()
    print(f"  huvudman place on the exported inputs (warm cache, a new process): {cli:.2f} s")
    print(f"  portal round / command line: {times[-1] / cli:.2f}x; byte-identical "
          f"placements.csv: {same}")
    engine.dispose()


if __name__ == "__main__":
    main()
