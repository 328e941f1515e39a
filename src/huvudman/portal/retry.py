"""Requests that lose a race with another, or meet the database away for a moment (a restart,
a dropped connection), are run again, never answered with an error.

A request's whole database transaction is rolled back when it fails, so running the request
again from the start is safe; a request is retried only while nothing of its response has been
sent — after a race a few times with a short random pause, while the database is away for up
to `AWAY_PATIENCE` seconds — and answered "busy, try again" (503) if it still fails: a server
error never reaches the user for either."""

from __future__ import annotations

import random

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from huvudman.store.database import is_conflict, is_unavailable

BUSY_PAGE = (
    "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Upptaget</title>"
    "</head><body><h1>Tjänsten är upptagen just nu</h1><p>Försök igen om en stund. Inget av "
    "det du skickade har sparats.</p><p lang=\"en\">The service is busy. Try again in a moment; "
    "nothing you sent has been saved.</p></body></html>"
).encode()


#: Seconds a request waits, trying again, for a database that went away (a restart).
AWAY_PATIENCE = 15.0


class RetryConflicts:
    """ASGI middleware: run a request again when its transaction lost a race or the database
    was away."""

    def __init__(self, app: ASGIApp, attempts: int = 6) -> None:
        self.app = app
        self.attempts = attempts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        while True:  # the request body, kept so that a retry can read it again
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay(b"", receive), send)
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        attempt, waited = 0, 0.0
        while attempt < self.attempts:
            started = False

            async def watched(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                await send(message)

            try:
                await self.app(dict(scope), _replay(body, receive), watched)
                return
            except Exception as err:
                if started or not (is_conflict(err) or is_unavailable(err)):
                    raise
                if is_unavailable(err) and waited < AWAY_PATIENCE:
                    await anyio.sleep(0.5)  # the database is starting again: not a lost turn
                    waited += 0.5
                    continue
            await anyio.sleep(random.uniform(0.005, 0.03) * 2**attempt)
            attempt += 1
        await send({"type": "http.response.start", "status": 503,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"retry-after", b"2")]})
        await send({"type": "http.response.body", "body": BUSY_PAGE})


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives the kept body once, then listens to the client."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
