"""Passwords: argon2id hashes at OWASP's settings, checked without ever raising."""

from __future__ import annotations

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
