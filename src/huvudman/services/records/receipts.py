"""Receipt codes for those who write without an account (an anonymous deviation report,
feedback): shown once, kept only as a hash, typed back in any case and with or without dashes."""

from __future__ import annotations

import hashlib
import secrets

#: Letters of a receipt code a person can read aloud without mixing them up.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_receipt() -> str:
    """A fresh code, in groups of four: ABCD-EFGH-JKLM."""
    return _grouped("".join(secrets.choice(LETTERS) for _ in range(LENGTH)))


def receipt_digest(code: str) -> str:
    """What the database keeps of a code (its SHA-256)."""
    return hashlib.sha256(code.encode()).hexdigest()


def typed_digest(typed: str) -> str | None:
    """The digest of a code as someone typed it (None when it cannot be one)."""
    code = "".join(ch for ch in typed.upper() if ch in LETTERS)
    return receipt_digest(_grouped(code)) if len(code) == LENGTH else None


def _grouped(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, LENGTH, 4))
