"""The database away for a moment — a restart, connections dropped — is waited for and the
request run again; it never reaches a user as a server error."""

from __future__ import annotations

import asyncio

import pytest
from portal_helpers import client, sign_in
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from huvudman.portal import retry
from huvudman.store.database import is_conflict, is_unavailable


def _dropped() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("server closed the connection "
                                                      "unexpectedly"), connection_invalidated=True)


def _serve(app, path: str = "/") -> tuple[int, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": []}
    asyncio.run(retry.RetryConflicts(app)(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_errors_of_a_database_away_are_told_from_races_and_bugs() -> None:
    assert is_unavailable(_dropped()) and not is_conflict(_dropped())
    refused = OperationalError("x", {}, Exception('connection to server at "127.0.0.1", port '
                                                  "5432 failed: Connection refused"))
    assert is_unavailable(refused)
    locked = OperationalError("x", {}, Exception("database is locked"))
    assert is_conflict(locked) and not is_unavailable(locked)
    assert not is_unavailable(ValueError("a bug"))


def test_a_request_waits_for_the_database_to_come_back() -> None:
    failures = {"left": 3}

    async def app(scope, receive, send):
        if failures["left"]:
            failures["left"] -= 1
            raise _dropped()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    assert _serve(app) == (200, b"ok") and failures["left"] == 0


def test_a_database_away_too_long_is_answered_busy_not_an_error(monkeypatch) -> None:
    monkeypatch.setattr(retry, "AWAY_PATIENCE", 1.0)

    async def app(scope, receive, send):
        raise _dropped()

    status, body = _serve(app)
    assert status == 503 and b"Try again in a moment" in body


def test_connections_dropped_by_the_server_are_replaced(portal, db_url) -> None:
    """PostgreSQL ends every connection the portal holds (as a restart does): the next
    requests are answered as if nothing happened."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite is a file: there is no server to restart")
    app, _ = portal
    anna = client(app)
    assert sign_in(anna, "anna@demo.huvudman.se", "demo-anna").status_code == 303
    assert anna.get("/children").status_code == 200
    database = db_url.rsplit("/", 1)[1]
    admin = create_engine(db_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        ended = connection.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": database})
    admin.dispose()
    assert ended >= 1
    for _ in range(3):
        assert anna.get("/children").status_code == 200
