"""Homes given as addresses: found in the municipality's address register (the real
Stockholm extract) at import, approximate matches listed for an officer, unknown addresses
refused; the guardian sees the home measured from and asks for it to be checked; the officer
moves it with a reason, audited before and after."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from portal_helpers import csrf_of, signed_in
from sqlalchemy import select

from huvudman.addresses.normalize import parse
from huvudman.services.registers.address_register import address_index, geocoder
from huvudman.services.registers.imports import import_file
from huvudman.store.models import AuditEntry, Child, Feedback, User

STOCKHOLM = Path(__file__).resolve().parents[3] / "shared" / "data" / \
    "stockholm_norrmalm_routeapp.osm.pbf"
OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")


def _file(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([["child_id", "address", "postcode", "lat", "lon"], *rows])
    return buf.getvalue().encode()


def test_an_import_finds_homes_from_their_addresses(portal) -> None:
    app, _clock = portal
    point = address_index(STOCKHOLM).match(parse("Birger Jarlsgatan 23")).point
    rows = [["s1", "Birger Jarlsgatan 23", "", "", ""],
            ["s2", "Birger Jarlsgatn 23", "", "", ""],  # a letter left out
            ["s3", "Påhittadegränd 7", "", "", ""],
            ["s4", "Birger Jarlsgatan 23", "", "59.33", "18.07"]]  # a position given wins
    with app.state.sessions.begin() as s:
        officer = s.scalars(select(User).where(User.email == OFFICER[0])).one()
        refused = import_file(s, officer, "children", "c.csv", _file(rows),
                              geocode=geocoder(STOCKHOLM))
        assert refused.imported == 0
        assert [(r.line, r.column) for r in refused.checked.rejected] == [(4, "address")]
        assert "'Påhittadegränd 7' is not in the municipality's address register" in \
            refused.checked.rejected[0].reason
        no_register = import_file(s, officer, "children", "c.csv", _file(rows[:1]))
        assert no_register.imported == 0 and "give lat and lon" in \
            no_register.checked.rejected[0].reason
        done = import_file(s, officer, "children", "c.csv", _file(rows[:2] + rows[3:]),
                           geocode=geocoder(STOCKHOLM))
        assert done.imported == 3
        assert [(a.child_id, a.quality, a.found) for a in done.checked.approximate] == \
            [("s2", "near_street_name", "Birger Jarlsgatan 23")]
    with app.state.sessions() as s:
        homes = {c.child_id: c for c in s.scalars(select(Child).where(
            Child.child_id.in_(["s1", "s2", "s4"])))}
    assert (homes["s1"].lat, homes["s1"].lon) == (point.lat, point.lon)
    assert homes["s1"].address_quality == "exact" and homes["s2"].address == "Birger Jarlsgatn 23"
    assert homes["s2"].address_point == "Birger Jarlsgatan 23"
    assert (homes["s4"].lat, homes["s4"].lon) == (59.33, 18.07)


def test_the_guardian_asks_and_the_officer_moves_the_home(portal) -> None:
    app, _clock = portal
    with app.state.sessions.begin() as s:
        alva = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        alva.address, alva.address_point, alva.address_quality = \
            "Storgatan 12b", "Storgatan 12 B", "other_entrance"
        key, cid = alva.id, alva.child_id
        protected = s.scalars(select(Child).where(Child.protected.is_(True))).first().id
    anna = signed_in(app, ("anna@demo.huvudman.se", "demo-anna"))
    page = anna.get(f"/children/{key}").text
    assert "Hemmet vi mäter från" in page and "Storgatan 12 B" in page
    assert "Stämmer inte adressen?" in page
    sent = anna.post(f"/children/{key}/address", data={"csrf": csrf_of(page),
                                                       "text": "Vi bor på Storgatan 14."})
    assert sent.status_code == 200 and "vi kontrollerar adressen" in sent.text.lower()
    assert anna.post(f"/children/{protected}/address", data={
        "csrf": csrf_of(page), "text": "x"}).status_code == 404
    with app.state.sessions() as s:
        asked = s.scalars(select(Feedback).where(Feedback.child_id == key)).all()
    assert any("Vi mäter från: Storgatan 12 B" in f.text and "Storgatan 14" in f.text
               for f in asked)
    officer = signed_in(app, OFFICER)
    shown = officer.get(f"/staff/address?child={cid}").text
    assert "Storgatan 12b" in shown and "en annan uppgång med samma nummer" in shown
    token = csrf_of(shown)
    refused = officer.post("/staff/address", data={"csrf": token, "child": cid,
                                                   "lat": "57.71", "lon": "11.97"})
    assert refused.status_code == 400 and "skriv varför hemmet flyttas" in refused.text
    outside = officer.post("/staff/address", data={"csrf": token, "child": cid, "lat": "48.8",
                                                   "lon": "2.3", "reason": "Flyttat"})
    assert outside.status_code == 400
    moved = officer.post("/staff/address", data={
        "csrf": token, "child": cid, "address": "Storgatan 14", "lat": "57.7101",
        "lon": "11.9702", "reason": "Vårdnadshavaren visade flyttanmälan"},
        follow_redirects=False)
    assert moved.status_code == 303
    with app.state.sessions() as s:
        alva = s.get(Child, key)
        entries = {e.action: e.detail for e in s.scalars(select(AuditEntry).where(
            AuditEntry.subject == f"child:{cid}"))}
    assert (alva.lat, alva.lon, alva.address_quality) == (57.7101, 11.9702, "corrected")
    assert "read_address" in entries
    assert entries["correct_address"].startswith("Storgatan 12 B (") and \
        "Storgatan 14 (57.710100, 11.970200): Vårdnadshavaren visade flyttanmälan" in \
        entries["correct_address"]
