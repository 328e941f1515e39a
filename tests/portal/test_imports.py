"""Register imports on SQLite and PostgreSQL: every rejected row reported, nothing
half-imported; Skolverket's school register, children with personnummer and guardians, Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from huvudman.services.registers.imports import import_file
from huvudman.store.database import sessions
from huvudman.store.models import Child, School, User

REGISTER = Path(__file__).resolve().parents[3] / "shared" / "data" / \
    "skolenheter_mandrean_ak9karta_merged.csv"


def register_rows(n: int, with_position: bool = True) -> bytes:
    with REGISTER.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        lat = header.index("wgs84_lat")
        rows = [r for r in reader if bool(r[lat]) == with_position][:n]
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    return buf.getvalue().encode()


@pytest.fixture
def officer(engine):
    with sessions(engine).begin() as s:
        s.add(User(email="o@x.se", name="Officer", role="placement_officer", locale="sv"))
    return sessions(engine)


@pytest.mark.skipif(not REGISTER.is_file(), reason="../shared/data is not beside the checkout")
def test_skolverkets_register_imports_whole_or_not_at_all(officer) -> None:
    with officer.begin() as s:
        staff = s.scalars(select(User)).one()
        good = import_file(s, staff, "schools", "skolenheter.csv", register_rows(30))
        assert good.imported == 30 and good.checked.ok
        assert any("estimated" in n for n in good.checked.notes)
    with officer() as s:
        assert s.scalar(select(func.count()).select_from(School)) == 30
        capacity = {sch.school_id: sch.capacity for sch in s.scalars(select(School))}
    with REGISTER.open(encoding="utf-8") as fh:
        pupils = {r["skolenhetskod"]: r["totalt_antal_elever"] for r in csv.DictReader(fh)}
    assert capacity["10017830"] == 13  # "cirka 130 (2025/26)" pupils, F–9: a tenth
    assert all((c > 0) == bool(pupils[k]) for k, c in capacity.items())
    mixed = register_rows(5) + b"\n".join(register_rows(2, with_position=False).splitlines()[1:])
    with officer.begin() as s:
        staff = s.scalars(select(User)).one()
        bad = import_file(s, staff, "schools", "mixed.csv", mixed)
        assert bad.imported == 0 and len(bad.checked.rejected) == 2
        assert {r.line for r in bad.checked.rejected} == {7, 8}
        assert all(r.reason == "no position" for r in bad.checked.rejected)


def children_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([["child_id", "lat", "lon", "choices", "protected", "personnummer",
                                "name", "guardians"], *rows])
    return buf.getvalue().encode()


def test_children_with_personnummer_and_guardians(officer) -> None:
    with officer.begin() as s:
        s.add(School(school_id="S1", name="Norra", lat=57.7, lon=11.9, capacity=10, district=""))
    rows = [["c1", "57.70", "11.95", "S1", "false", "20210301-0019", "Alva", "a@x.se;b@x.se"],
            ["c2", "57.71", "11.96", "S9", "maybe", "20210301-0018", "Bo", "not-an-address"],
            ["c1", "91", "11.9", "", "false", "", "Cleo", ""]]
    with officer.begin() as s:
        staff = s.scalars(select(User).where(User.role == "placement_officer")).one()
        report = import_file(s, staff, "children", "children.csv", children_csv(rows))
    assert report.imported == 0
    found = {(r.line, r.column) for r in report.checked.rejected}
    assert {(3, "choices"), (3, "protected"), (3, "personnummer"), (3, "guardians"),
            (4, "child_id"), (4, "lat/lon")} <= found
    with officer() as s:
        assert s.scalar(select(func.count()).select_from(Child)) == 0  # nothing half-imported
    with officer.begin() as s:
        staff = s.scalars(select(User).where(User.role == "placement_officer")).one()
        report = import_file(s, staff, "children", "children.csv", children_csv(rows[:1]))
    assert report.imported == 1
    with officer() as s:
        child = s.scalars(select(Child)).one()
        assert child.personnummer == "20210301-0019"
        assert sorted(g.email for g in child.guardians) == ["a@x.se", "b@x.se"]


def test_an_excel_file_imports_like_a_csv(officer) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["school_id", "name", "lat", "lon", "capacity"],
                ["S7", "Västra", 57.69, 11.91, 44], ["S8", "Östra", 57.72, 12.01, 60]):
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    with officer.begin() as s:
        staff = s.scalars(select(User)).one()
        report = import_file(s, staff, "schools", "schools.xlsx", buf.getvalue())
    assert report.imported == 2
    with officer() as s:
        assert s.get(School, "S8").capacity == 60
