"""The home a child's distances are measured from: what the guardians see of it, their
request to have it checked, and a placement officer's correction (audited, before and after)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.addresses.normalize import parse
from huvudman.datafiles.register import Geocoder
from huvudman.geo import SWEREF_BOUNDS
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import Child, User
from huvudman.words.catalogs import translations
from huvudman.words.messages import ADDRESS_CHECK, ADDRESS_REFUSALS

LONGEST = 500


def check_request(child: Child, written: str) -> str:
    """The message the officers get when a guardian asks for the address to be checked (in
    the officers' language: Swedish)."""
    return translations("sv").gettext(ADDRESS_CHECK) % {
        "child": child.child_id, "address": child.address_point or child.address or "–",
        "written": written.strip()[:LONGEST]}


def child_by_id(session: Session, child_id: str) -> Child | None:
    """A child of the register by its id."""
    return session.scalars(select(Child).where(Child.child_id == child_id.strip()[:64])).first()


def read_home(session: Session, officer: User, child: Child, now: datetime) -> Child:
    """The child's home for an officer: the read is audited (an address is personal data)."""
    audit_log.record(session, officer.email, "read_address", f"child:{child.child_id}", at=now)
    return child


def correct_home(session: Session, officer: User, child: Child, address: str, lat: str,
                 lon: str, reason: str, geocode: Geocoder | None, now: datetime) -> Child:
    """Put the child's home where it really is — at an address found in the municipality's
    address register, or at a position — with the reason; audited with before and after."""
    if not reason.strip():
        raise NotAllowed(ADDRESS_REFUSALS["reason"])
    before = f"{child.address_point or child.address} ({child.lat:.6f}, {child.lon:.6f})"
    if lat.strip() or lon.strip():
        try:
            position = float(lat.replace(",", ".")), float(lon.replace(",", "."))
        except ValueError:
            raise NotAllowed(ADDRESS_REFUSALS["position"]) from None
        south, west, north, east = SWEREF_BOUNDS
        if not (south <= position[0] <= north and west <= position[1] <= east):
            raise NotAllowed(ADDRESS_REFUSALS["position"])
        child.lat, child.lon = position
        child.address = address.strip()[:200] or child.address
        child.address_point = ""
    else:
        if geocode is None or not address.strip():
            raise NotAllowed(ADDRESS_REFUSALS["address"])
        found = geocode(parse(address))
        if found.point is None:
            raise NotAllowed(ADDRESS_REFUSALS["not_found"])
        child.lat, child.lon = found.point.lat, found.point.lon
        child.address = address.strip()[:200]
        child.address_point = found.point.label()
    child.address_quality = "corrected"
    after = f"{child.address_point or child.address} ({child.lat:.6f}, {child.lon:.6f})"
    audit_log.record(session, officer.email, "correct_address", f"child:{child.child_id}",
                     f"{before} → {after}: {reason.strip()[:300]}", at=now)
    session.flush()
    return child
