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


def _officer_portal(portal):
    from portal_helpers import client, csrf_of, sign_in

    app, _ = portal
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    return app, officer, csrf_of(officer.get("/staff/import").text)


def _upload(officer, token, kind, name, data):
    return officer.post("/staff/import", data={"csrf": token, "kind": kind},
                        files={"file": (name, data, "text/csv")})


def test_what_would_break_later_is_refused_at_import(portal) -> None:
    """Every reader checks what a later step relies on: a file that is not UTF-8, a damaged
    Excel file, a NUL byte, an over-long cell or id, a personnummer of another child, a
    capacity no school has, a home off the street map — each refused with line, column and
    reason in a page, never a server error, nothing imported."""
    from huvudman.services.demo.portal_seed import valid_personnummer

    app, officer, tok = _officer_portal(portal)
    with app.state.sessions() as s:
        taken = s.scalars(select(Child).where(Child.personnummer.is_not(None))).first()
        school = s.scalars(select(School.school_id)).first()
        before = s.scalar(select(func.count()).select_from(Child))
    ok_row = f"new1,{valid_personnummer('20210505', 7)},Ny Nysson,57.70,11.95,{school}"
    header = "child_id,personnummer,name,lat,lon,choices\n"
    cases = {
        "latin-1": ("children", "c.csv", (header + "n,,Åsa,57.7,11.95,\n").encode("latin-1"),
                    "UTF-8"),
        "broken xlsx": ("children", "c.xlsx", b"PK\x03\x04 not really", "Excel"),
        "NUL": ("children", "c.csv", (header + "n\x00,,A,57.7,11.95,\n").encode(), "NUL"),
        "long cell": ("children", "c.csv", (header + f"n,,{'x' * 200_000},57.7,11.95,\n")
                      .encode(), "1,000 characters"),
        "long id": ("children", "c.csv", (header + f"{'n' * 65},,A,57.7,11.95,\n").encode(),
                    "longer than 64"),
        "taken personnummer": ("children", "c.csv", (
            header + f"someone-else,{taken.personnummer},A,57.7,11.95,\n").encode(),
            "already belongs to child"),
        "huge capacity": ("schools", "s.csv",
                          b"school_id,name,lat,lon,capacity\nX1,X,57.7,11.95,3000000000\n",
                          "from 0 to 10,000"),
        "off the map": ("children", "c.csv", (header + ok_row + "\nfar,,F,57.0,13.5,\n").encode(),
                        "from the nearest walkable way"),
    }
    for label, (kind, name, data, words) in cases.items():
        r = _upload(officer, tok, kind, name, data)
        assert r.status_code == 400, (label, r.status_code)
        assert words in r.text, label
    with app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Child)) == before


def test_a_utf16_file_from_excel_imports(portal) -> None:
    app, officer, tok = _officer_portal(portal)
    with app.state.sessions() as s:
        school = s.scalars(select(School.school_id)).first()
    text = f"child_id,name,lat,lon,choices\nu16,Ödön,57.70,11.95,{school}\n"
    r = _upload(officer, tok, "children", "c.csv", text.encode("utf-16"))
    assert r.status_code == 200, r.text[-500:]
    with app.state.sessions() as s:
        assert s.scalars(select(Child.name).where(Child.child_id == "u16")).one() == "Ödön"


def test_ids_no_record_can_have_are_not_found(portal) -> None:
    from portal_helpers import client, sign_in

    app, _ = portal
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    for path in ("/children/2147483648", "/children/99999999999999999999", "/children/-1",
                 "/children/0/decision"):
        r = anna.get(path)
        assert r.status_code == 404 and "Hittades inte" in r.text, path


def test_a_run_that_cannot_be_made_says_why_and_stores_nothing(portal, tmp_path) -> None:
    """A home the street map cannot reach (stored before the map was there): the officer is
    told which child and why, in a page; no run is stored."""
    from portal_helpers import client, csrf_of, sign_in

    from huvudman.store.models import PlacementRun

    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    with app.state.sessions.begin() as s:
        s.add(Child(child_id="far-away", lat=57.0, lon=13.5, name="Långt Bort"))
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    with app.state.sessions() as s:
        runs = s.scalar(select(func.count()).select_from(PlacementRun))
    r = officer.post("/staff/runs", data={"csrf": csrf_of(officer.get("/staff/runs").text),
                                          "seed": "1"})
    assert r.status_code == 400 and "kunde inte göras" in r.text and "far-away" in r.text
    with app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(PlacementRun)) == runs


def test_the_registers_limits_are_the_stores() -> None:
    from huvudman.datafiles.register import LONGEST
    from huvudman.store.models import Child as ChildRow
    from huvudman.store.models import School as SchoolRow

    for column, table in (("school_id", SchoolRow), ("name", SchoolRow),
                          ("district", SchoolRow), ("child_id", ChildRow),
                          ("grade", ChildRow), ("name", ChildRow), ("district", ChildRow)):
        assert LONGEST[column] == table.__table__.c[column].type.length, column


@pytest.mark.parametrize("at", ["writing", "auditing"])
def test_an_import_killed_before_it_committed_changes_nothing(officer, monkeypatch, at) -> None:
    """Killed after every row was written but before the commit, or at its audit entry: the
    registers are as before, and the same file imports in full the next time."""
    from huvudman.services.registers import imports

    with officer.begin() as s:
        s.add(School(school_id="S1", name="Norra", lat=57.7, lon=11.9, capacity=10, district=""))
        s.add(Child(child_id="c0", name="Före", lat=57.7, lon=11.9))
    rows = [[f"c{k}", "57.70", "11.95", "S1", "false", "", f"Barn {k}", "a@x.se"]
            for k in range(1, 30)]
    real = imports._write_children

    def written_then_killed(*args, **kwargs):
        real(*args, **kwargs)
        raise SystemExit("killed")

    def killed(*_args, **_kwargs):
        raise SystemExit("killed")

    with monkeypatch.context() as patch:
        if at == "writing":
            patch.setattr(imports, "_write_children", written_then_killed)
        else:
            patch.setattr(imports.audit_log, "record", killed)
        with pytest.raises(SystemExit), officer.begin() as s:
            staff = s.scalars(select(User).where(User.role == "placement_officer")).one()
            import_file(s, staff, "children", "children.csv", children_csv(rows))
    with officer() as s:
        assert s.scalars(select(Child.child_id)).all() == ["c0"]
        assert s.scalar(select(func.count()).select_from(User)) == 1  # no guardian accounts
    with officer.begin() as s:
        staff = s.scalars(select(User).where(User.role == "placement_officer")).one()
        assert import_file(s, staff, "children", "children.csv",
                           children_csv(rows)).imported == len(rows)
    with officer() as s:
        assert s.scalar(select(func.count()).select_from(Child)) == len(rows) + 1


def test_guardians_telephone_numbers_follow_their_addresses(officer) -> None:
    """The optional column guardian_phones: numbers in the order of the guardians (an empty
    place: no number); a number that is not one, or more numbers than guardians, rejects the
    row with its line and column."""
    with officer.begin() as s:
        s.add(School(school_id="S1", name="Norra", lat=57.7, lon=11.9, capacity=10, district=""))
    header = ["child_id", "lat", "lon", "guardians", "guardian_phones"]

    def upload(rows):
        buf = io.StringIO()
        csv.writer(buf).writerows([header, *rows])
        with officer.begin() as s:
            staff = s.scalars(select(User).where(User.role == "placement_officer")).one()
            return import_file(s, staff, "children", "children.csv", buf.getvalue().encode())

    bad = upload([["c1", "57.70", "11.95", "a@x.se", "ring mig"],
                  ["c2", "57.70", "11.95", "a@x.se", "070-111 11 11;070-222 22 22"]])
    assert bad.imported == 0
    assert {(r.line, r.column) for r in bad.checked.rejected} == {(2, "guardian_phones"),
                                                                 (3, "guardian_phones")}
    good = upload([["c1", "57.70", "11.95", "a@x.se;b@x.se", ";+46 70 123 45 67"]])
    assert good.imported == 1
    with officer() as s:
        phones = {g.email: g.phone for g in s.scalars(select(Child)).one().guardians}
    assert phones == {"a@x.se": None, "b@x.se": "+46 70 123 45 67"}


def test_what_families_read_about_a_school_comes_with_the_register(officer) -> None:
    """The optional columns address, profile, fritids and languages: kept on the school; a
    fritids cell that is neither yes nor no rejects the row; a file without the columns
    leaves what the store holds."""
    header = ["school_id", "name", "lat", "lon", "capacity", "address", "profile", "fritids",
              "languages"]

    def upload(head, rows):
        buf = io.StringIO()
        csv.writer(buf).writerows([head, *rows])
        with officer.begin() as s:
            staff = s.scalars(select(User).where(User.role == "placement_officer")).one()
            return import_file(s, staff, "schools", "schools.csv", buf.getvalue().encode())

    bad = upload(header, [["S1", "Norra", "57.70", "11.90", "30", "", "", "kanske", ""]])
    assert [(r.line, r.column) for r in bad.checked.rejected] == [(2, "fritids")]
    assert upload(header, [["S1", "Norra", "57.70", "11.90", "30", "Skolvägen 3",
                            "Musik", "ja", "arabiska; somaliska"]]).imported == 1
    assert upload(header[:5], [["S1", "Norra skolan", "57.70", "11.90", "32"]]).imported == 1
    with officer() as s:
        school = s.get(School, "S1")
    assert (school.name, school.capacity) == ("Norra skolan", 32)
    assert (school.address, school.profile, school.fritids, school.languages) == \
        ("Skolvägen 3", "Musik", True, "arabiska;somaliska")
