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
    return bool(expected) and bool(given) and hmac.compare_digest(
        str(expected).encode("utf-8", "surrogatepass"), str(given).encode("utf-8", "surrogatepass"))


class RateLimit:
    """At most `limit` failed attempts per key within `window` seconds (sign-in per address and
    per account); a successful sign-in does not count."""

    def __init__(self, limit: int = 5, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, key: str, now: float | None = None) -> bool:
        """Whether the key has used up its failed attempts for now."""
        now = time.monotonic() if now is None else now
        seen = self._seen.get(key)
        if not seen:
            return False
        while seen and now - seen[0] > self.window:
            seen.popleft()
        return len(seen) >= self.limit

    def failed(self, key: str, now: float | None = None) -> None:
        """Count a failed attempt."""
        self._seen[key].append(time.monotonic() if now is None else now)
