"""Connecting to the database and bringing its schema up to date (Alembic)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///huvudman.db"


def database_url() -> str:
    """The database to use: $DATABASE_URL, else a SQLite file in the working folder."""
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: `database_url()`); SQLite gets foreign keys enforced."""
    url = url or database_url()
    sqlite = url.startswith("sqlite")
    if sqlite:  # wait for a writer in another process instead of failing at once
        engine = create_engine(url, connect_args={"timeout": 30})
    else:
        # enough kept connections for a worker's concurrent requests: connections beyond the
        # pool are closed after each use, and a new PostgreSQL connection costs a process
        # pre-ping: a connection the server dropped (a restart) is replaced, not used
        engine = create_engine(url, pool_size=int(os.environ.get("HUVUDMAN_DB_POOL", "20")),
                               max_overflow=10, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection) -> None:
    """Begin transactions ourselves (the sqlite3 module's own handling breaks savepoints);
    a unit of work that will write asks for `writes()` and takes the write lock at once, so
    it waits its turn instead of failing when another wrote since it began reading."""
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def writes(session: Session) -> None:
    """Declare, before anything else in the session's transaction, that it will write (on
    SQLite: BEGIN IMMEDIATE; other databases need nothing)."""
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def start_writing(session: Session) -> None:
    """End the session's reading (it must have written nothing) and begin writing.

    Long work reads a consistent snapshot, computes without any lock, and only then takes the
    write lock for its short write: others' writes never wait behind the computation. On
    SQLite the reading transaction is committed and a writing one begun on the same
    connection; PostgreSQL's readers and writers never block each other: nothing to do."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys enforced; write-ahead log, so readers never wait for a writer."""
    dbapi_connection.isolation_level = None  # transactions begun in `_sqlite_begin`
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic(engine: Engine, connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the schema up to `revision` (from empty, or from wherever it is)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic(engine, connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the schema down to `revision` (base: nothing left)."""
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic(engine, connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema's current Alembic revision (None when empty)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


#: SQLSTATEs of a transaction that lost a race: unique violation, serialization failure,
#: deadlock, lock not available.
_RACE_STATES = {"23505", "40001", "40P01", "55P03"}


def is_conflict(err: BaseException) -> bool:
    """Whether an error means the transaction lost a race with another one (SQLite busy or
    locked, a unique key taken at the same moment, a PostgreSQL serialization failure or
    deadlock): running the whole transaction again is then the right answer, not an error."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    if not isinstance(err, IntegrityError | OperationalError):
        return False
    state = getattr(err.orig, "sqlstate", None)
    if state is not None:
        return state in _RACE_STATES
    text = str(err.orig).lower()
    return ("database is locked" in text or "database table is locked" in text
            or "unique constraint failed" in text)


#: SQLSTATEs of a database that is not there for a moment: connection exceptions (class 08),
#: an administrator's shutdown or a server starting up.
_AWAY_STATES = ("08", "57P01", "57P02", "57P03")


def is_unavailable(err: BaseException) -> bool:
    """Whether an error means the database was away for a moment (restarted, a connection
    dropped): the request can be run again once it is back."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(err, DBAPIError):
        return False
    if err.connection_invalidated:
        return True
    state = getattr(err.orig, "sqlstate", None)
    if state is not None:
        return state.startswith(_AWAY_STATES)
    text = str(err.orig).lower()
    return any(sign in text for sign in ("connection refused", "server closed the connection",
                                         "connection is closed", "terminating connection",
                                         "the database system is"))
