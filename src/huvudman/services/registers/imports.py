"""Staff imports of the school and population registers: checked in full first, then written in
one transaction (a file with any rejected row changes nothing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.datafiles.register import (
    Checked,
    Geocoder,
    Rejection,
    UnreadableFile,
    check_children,
    check_schools,
    read_table,
)
from huvudman.services.families import special_reasons
from huvudman.store import audit_log
from huvudman.store.models import Child, School, SiblingSchool, User


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or why it did nothing."""

    kind: str
    checked: Checked
    imported: int


def import_file(session: Session, staff: User, kind: str, filename: str, data: bytes,
                now: datetime | None = None, off_map: OffMap | None = None,
                geocode: Geocoder | None = None) -> ImportReport:
    """Check and (when every row passes) import a register file of `kind` schools|children.

    A children file's `siblings` and `special_reasons` columns become the store's siblings and
    special-reason decisions (decided by `staff` at `now`), every field the rule chain reads.
    With the municipality's street map (`off_map`), a home or school a walk cannot be measured
    from is refused here, not at the next placement run. With the municipality's address
    register (`geocode`), homes given as addresses are found in it."""
    try:
        header, rows = read_table(filename, data)
    except UnreadableFile as err:
        return ImportReport(kind, Checked(rejected=[Rejection(1, "file", str(err))]), 0)
    if kind == "schools":
        checked = check_schools(header, rows)
    else:
        known = set(session.scalars(select(School.school_id)))
        taken = {pnr: cid for pnr, cid in session.execute(
            select(Child.personnummer, Child.child_id).where(Child.personnummer.is_not(None)))}
        checked = check_children(header, rows, known, taken, geocode)
    if checked.ok and checked.rows and off_map is not None:
        _refuse_off_map(checked, off_map)
    if not checked.ok or not checked.rows:
        return ImportReport(kind, checked, 0)
    if kind == "schools":
        n = _write_schools(session, checked)
    else:
        n = _write_children(session, checked, staff, now or datetime.now(UTC))
    audit_log.record(session, staff.email, f"import_{kind}", filename, f"{n} rows")
    return ImportReport(kind, checked, n)


OffMap = Callable[[Sequence[float], Sequence[float]], list[tuple[int, float]]]


def _refuse_off_map(checked: Checked, off_map: OffMap) -> None:
    rows = checked.rows
    for i, metres in off_map([r["lat"] for r in rows], [r["lon"] for r in rows]):
        checked.rejected.append(Rejection(
            int(rows[i]["line"]), "lat/lon", f"{metres:,.0f} m from the nearest walkable way of "
            "the municipality's street map (at most 500 m): is the position right?"))


def _write_schools(session: Session, checked: Checked) -> int:
    for row in checked.rows:
        school = session.get(School, row["school_id"]) or School(school_id=row["school_id"])
        for key in ("name", "lat", "lon", "capacity", "district"):
            setattr(school, key, row[key])
        for key, value in (row["facts"] or {}).items():
            setattr(school, key, value)
        session.add(school)
    session.flush()
    return len(checked.rows)


def _write_children(session: Session, checked: Checked, staff: User, now: datetime) -> int:
    by_id = {c.child_id: c for c in session.scalars(select(Child))}
    for row in checked.rows:
        child = by_id.get(row["child_id"]) or Child(child_id=row["child_id"])
        session.add(child)
        for key in ("lat", "lon", "personnummer", "name", "district", "grade", "protected"):
            setattr(child, key, row[key])
        if row["address"] is not None:
            child.address = str(row["address"])
            child.address_quality = str(row["address_quality"])
            child.address_point = str(row["address_point"])
        guardians = []
        for email, phone in zip(row["guardians"], row["guardian_phones"], strict=True):
            user = session.scalars(select(User).where(User.email == email)).first()
            if user is None:  # signs in through the municipality's e-identification later
                user = User(email=email, name=email.split("@")[0], role="guardian", locale="sv")
                session.add(user)
            if phone:
                user.phone = phone
            guardians.append(user)
        if guardians:
            child.guardians = guardians
        if row["siblings"] is not None:
            child.sibling_schools = [SiblingSchool(school_id=s) for s in row["siblings"]]
        if row["special_reasons"] is not None:
            _decide_special_reasons(session, staff, child, row["special_reasons"],
                                    str(row["special_reason_category"]), now)
    session.flush()
    return len(checked.rows)


def _decide_special_reasons(session: Session, staff: User, child: Child, schools: list[str],
                            category: str, now: datetime) -> None:
    """Make the child's special-reason decisions those of the file: earlier decisions for the
    same schools stand, new ones are decided by the importing officer, the rest withdrawn;
    every change audited."""
    kept = {r.school_id for r in child.special_reasons}
    for school_id in sorted(kept - set(schools)):
        special_reasons.withdraw(session, staff, child, school_id, " (register import)")
    for school_id in schools:
        if school_id not in kept:
            special_reasons.decide(session, staff, child, school_id, category, "", now,
                                   " (register import)")
