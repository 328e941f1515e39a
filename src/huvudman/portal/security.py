"""CSRF tokens and the sign-in rate limit (passwords: `services.accounts.passwords`)."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque


def new_token() -> str:
    """A fresh random token (sessions' CSRF token)."""
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of a CSRF token."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


class RateLimit:
    """At most `limit` attempts per key within `window` seconds (sign-in attempts per address
    and per account)."""

    def __init__(self, limit: int = 5, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an attempt; False when the key is over its limit."""
        now = time.monotonic() if now is None else now
        seen = self._seen[key]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True
