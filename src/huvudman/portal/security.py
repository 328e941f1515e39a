"""Passwords (argon2), CSRF tokens and the sign-in rate limit."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's recommended argon2id settings (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1
# lane): about 25 ms a sign-in here instead of argon2-cffi's default 165 ms, so a school's
# worth of guardians signing in at once does not starve everyone else's pages.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    """An argon2id hash of a password, for storing."""
    return _HASHER.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Whether a password matches its stored hash (never raises)."""
    if not stored:
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with other settings than today's (rehash at sign-in)."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


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
