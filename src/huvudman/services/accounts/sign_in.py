"""Signing in: with a password, or the account of a person the municipality's
e-identification signed in."""

from __future__ import annotations

from personnummer import personnummer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.services.accounts.passwords import hash_password, needs_rehash, password_matches
from huvudman.store import audit_log
from huvudman.store.models import User


def canonical_personnummer(value: str) -> str | None:
    """A personnummer written as huvudman stores it (YYYYMMDD-NNNN), None when invalid."""
    try:
        if not personnummer.valid(value):
            return None
        long = personnummer.parse(value).format(True)
    except (personnummer.PersonnummerException, ValueError, TypeError):
        return None
    return f"{long[:8]}-{long[8:]}"


def account_for_claim(session: Session, claim: str, value: str) -> User | None:
    """The account named by an ID token's claim: a personnummer claim matches the account's
    personnummer, any other claim its e-mail address. Audited when found."""
    number = canonical_personnummer(value) if "@" not in value else None
    if number is not None:
        user = session.scalars(select(User).where(User.personnummer == number)).first()
    else:
        user = session.scalars(select(User).where(
            func.lower(User.email) == value.strip().lower())).first()
    if user is not None:
        audit_log.record(session, user.email, "sign_in_eid", f"user:{user.email}",
                         f"claim {claim}")
    return user


def remember_language(user: User, lang: str) -> None:
    """Keep the language a person uses the portal in: the mail they are sent is written in
    it."""
    if user.locale != lang:
        user.locale = lang


_STAND_IN = hash_password("a stand-in that matches no password")


def sign_in_with_password(session: Session, email: str, password: str) -> User | None:
    """The account when the password matches (its hash upgraded to today's settings), None
    for a wrong address or password alike."""
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None or not user.password_hash:
        password_matches(_STAND_IN, password)  # as slow as a real check: no account probing
        return None
    if not password_matches(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
