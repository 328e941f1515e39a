"""One round, one truth (issue 12): what the population register says reaches the engine.

A register imported in the portal with a sibling pair and a special reason, applications
confirmed, a run placed from the portal: the run's inputs carry every sibling and special reason
the register files said (checked against those files, not against the run's own inputs), the
command line placing the exported inputs gives a byte-identical placements.csv, the younger
sibling is admitted by `sibling` and the letter says so. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from portal_helpers import client, close_choices, csrf_of, run_folder, sign_in
from sqlalchemy import select

from helpers import hv
from huvudman.services.demo.portal_seed import valid_personnummer
from huvudman.store.models import AuditEntry, Child, SpecialReason


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _run(officer, seed: int) -> Path:
    tok = csrf_of(officer.get("/staff/runs").text)
    r = officer.post("/staff/runs", data={"csrf": tok, "seed": str(seed)},
                     follow_redirects=False)
    assert r.status_code == 303, r.text
    return Path(r.headers["location"])


def _register(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode()


def test_the_register_reaches_the_engine_and_the_cli_agrees(portal, tmp_path) -> None:
    app, _ = portal
    app.state.runs_dir = tmp_path / "runs"
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")

    # A first run shows which school turns applicants away, and a home well down its line.
    first = _run(officer, 11)
    record = run_folder(tmp_path / "runs", first.name) / "record"
    cutoffs = {r["school_id"]: r for r in _rows(record / "cutoffs.csv")}
    refused = [r for r in _rows(record / "applications.csv")
               if r["outcome"] == "refused" and not r["group"] and r["proximity_m"]
               and int(cutoffs[r["school_id"]]["refused"]) >= 3]
    assert refused, "the demo should have an oversubscribed school"
    weakest = min(refused, key=lambda r: float(r["proximity_m"]))
    full = weakest["school_id"]
    home = next(r for r in _rows(record.parent / "inputs" / "children.csv")
                if r["child_id"] == weakest["child_id"])

    # The population register: a younger sibling, a child with a special reason and a child
    # with neither, all living where the weakest applicant lives and all applying to `full`.
    register = [
        {"child_id": cid, "personnummer": pnr, "name": name, "lat": home["lat"],
         "lon": home["lon"], "siblings": sib, "special_reasons": special,
         "special_reason_category": "medical" if special else "", "protected": "false",
         "district": home["district"], "grade": "F", "guardians": "anna@demo.huvudman.se"}
        for cid, pnr, name, sib, special in (
            ("reg-young-sibling", valid_personnummer("20210405", 2), "Ylva Yngre", full, ""),
            ("reg-special", valid_personnummer("20210406", 3), "Sam Skäl", "", full),
            ("reg-neither", valid_personnummer("20210407", 4), "Nils Ingen", "", ""))]
    page = officer.get("/staff/import").text
    r = officer.post("/staff/import", data={"csrf": csrf_of(page), "kind": "children"},
                     files={"file": ("folkbokforing.csv", _register(register), "text/csv")})
    assert r.status_code == 200, r.text
    with app.state.sessions() as s:
        kids = {c.child_id: c.id for c in s.scalars(select(Child).where(
            Child.child_id.like("reg-%")))}
        reason = s.scalars(select(SpecialReason)).all()
        assert {(x.category, x.school_id) for x in reason
                if x.child_id == kids["reg-special"]} == {("medical", full)}
        assert "decide_special_reason" in {e.action for e in s.scalars(select(AuditEntry))}

    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    for key in kids.values():
        tok = csrf_of(anna.get(f"/children/{key}").text)
        saved = anna.post(f"/children/{key}/choices", data={"csrf": tok, "choice1": full})
        assert saved.status_code in (200, 303)

    run = _run(officer, 12)
    folder = run_folder(tmp_path / "runs", run.name)
    inputs = {r["child_id"]: r for r in _rows(folder / "inputs" / "children.csv")}
    # The seam: every sibling and special reason of the register files is in the run's inputs.
    demo = _rows(tmp_path / "this-year" / "children.csv")
    for source in [*demo, *register]:
        got = inputs[source["child_id"]]
        for column in ("siblings", "special_reasons"):
            assert sorted(filter(None, got[column].split(";"))) == \
                sorted(filter(None, source[column].split(";"))), (source["child_id"], column)
    assert sum(bool(r["siblings"]) for r in demo) > 50  # the demo has sibling pairs

    placed = {r["child_id"]: r for r in _rows(folder / "record" / "placements.csv")}
    assert (placed["reg-young-sibling"]["school_id"], placed["reg-young-sibling"]["rule"]) == \
        (full, "sibling")
    assert (placed["reg-special"]["school_id"], placed["reg-special"]["rule"]) == \
        (full, "special_reasons")
    assert placed["reg-neither"]["school_id"] != full
    assert sum(r["rule"] == "sibling" for r in placed.values()) > 10

    # Anyone can place the exported inputs again with the command line: byte-identical.
    osm = next((folder / "inputs").glob("*.osm"))
    again = tmp_path / "again.csv"
    done = hv("place", "--schools", folder / "inputs" / "schools.csv",
              "--children", folder / "inputs" / "children.csv", "--osm", osm,
              "--rules", "sibling-proximity", "--mechanism", "deferred-acceptance",
              "--fallback", "nearest", "--seed", 12, "--out", again, "--quiet")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert again.read_bytes() == (folder / "record" / "placements.csv").read_bytes()

    # Published, the younger sibling's letter names the sibling priority.
    tok = csrf_of(officer.get(str(run)).text)
    close_choices(app)
    officer.post(f"{run}/publish", data={"csrf": tok})
    letter = anna.get(f"/children/{kids['reg-young-sibling']}/letter")
    assert letter.status_code == 200
    assert "äldre syskon på skolan" in letter.text
