import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))

from huvudman.store.database import make_engine

# The suite runs a worker per core beside PostgreSQL: how long one generated case takes says
# nothing about the code under test, so hypothesis judges cases by what they do, not their time.
settings.register_profile("huvudman", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("huvudman")

# Every store test runs twice: on SQLite (the embedded default) and on the machine's
# PostgreSQL server, each in a fresh, empty database.
PG_ADMIN = os.environ.get("HUVUDMAN_TEST_PG",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def new_database(tmp_path) -> Iterator:
    """A factory of fresh, empty databases ("sqlite" or "postgresql"), dropped afterwards."""
    made: list[str] = []
    admin = None

    def make(kind: str) -> str:
        nonlocal admin
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'huvudman-{uuid.uuid4().hex[:8]}.db'}"
        name = f"huvudman_test_{uuid.uuid4().hex[:12]}"
        admin = admin or create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, new_database) -> str:
    return new_database(request.param)


@pytest.fixture
def engine(db_url):
    from huvudman.store.database import upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """With several workers (pytest-xdist): add each worker's counts of generated cases."""
    from helpers import CASES

    for name, n in getattr(node, "workeroutput", {}).get("cases", {}).items():
        CASES[name] = CASES.get(name, 0) + n


def pytest_terminal_summary(terminalreporter) -> None:
    """How many generated cases the fuzzing tests ran."""
    from helpers import CASES

    if CASES:
        terminalreporter.write_line("generated cases: " + ", ".join(
            f"{name} {n:,}" for name, n in sorted(CASES.items())))


_REPO = Path(__file__).resolve().parent.parent


def _tree_state() -> str | None:
    """`git status` of the checkout (None outside a git checkout)."""
    import subprocess

    if not (_REPO / ".git").exists():
        return None
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                          cwd=_REPO, capture_output=True, text=True).stdout


def pytest_sessionstart(session) -> None:
    # scripts/refresh-screenshots is asked to rewrite docs/screenshots: not a leak
    refreshing = os.environ.get("HUVUDMAN_REFRESH_DOCS") == "1"
    session.config._tree_before = None if refreshing else _tree_state()


def pytest_sessionfinish(session, exitstatus) -> None:
    """Tests write only to temporary folders: a file they left in the checkout fails the run.
    (A worker of pytest-xdist also hands its counts of generated cases to the controller.)"""
    from helpers import CASES

    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["cases"] = dict(CASES)
    before = getattr(session.config, "_tree_before", None)
    after = _tree_state()
    if before is None or after is None or after == before:
        return
    left = sorted(set(after.splitlines()) - set(before.splitlines()))
    if left:
        print("\ntests changed the checkout:\n  " + "\n  ".join(left[:20]))
        session.exitstatus = 1
