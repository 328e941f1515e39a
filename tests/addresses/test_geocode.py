"""Addresses to coordinates on the real Stockholm extracts: every address point found again
from its own street, number and postcode; entrances written either way; typos matched and
reported as such; unknown addresses reported."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huvudman.addresses.index import APPROXIMATE, AddressIndex
from huvudman.addresses.normalize import parse, street_key
from huvudman.addresses.osm import read_addresses

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
EXTRACTS = ["stockholm_norrmalm_routeapp.osm.pbf", "stockholm_sodermalm_valhalla.osm.pbf",
            "stockholm_norrmalm_routeapp.osm"]


@pytest.fixture(scope="module", params=EXTRACTS)
def extract(request):
    points, unreadable = read_addresses(DATA / request.param)
    return points, unreadable, AddressIndex(points)


def test_every_address_point_is_found_again_from_its_own_address(extract) -> None:
    points, unreadable, index = extract
    assert len(points) >= 390 and unreadable <= 2
    for p in points:
        written = f"{p.street} {p.number}{p.letter}"
        if p.postcode:
            written += f", {p.postcode[:3]} {p.postcode[3:]} Stockholm"
        found = index.match(parse(written))
        assert found.exact, (written, found.quality)
        assert found.point.label() == p.label() and found.point.postcode == p.postcode


def test_entrances_are_written_either_way(extract) -> None:
    points, _unreadable, index = extract
    lettered = [p for p in points if p.letter][:20] or points[:20]
    for p in lettered:
        for written in (f"{p.street} {p.number} {p.letter}", f"{p.street} {p.number}{p.letter}",
                        f"{p.street.upper()} {p.number}{p.letter.lower()} lgh 1102"):
            found = index.match(parse(written))
            assert found.exact and found.point.label() == p.label(), written


def test_typos_are_matched_and_reported_as_approximate(extract) -> None:
    points, _unreadable, index = extract
    rng = random.Random(4)
    long_names = [p for p in points if len(p.street) >= 10]
    checked = 0
    for p in rng.sample(long_names, min(40, len(long_names))):
        cut = rng.randrange(2, len(p.street) - 2)
        typo = p.street[:cut] + p.street[cut + 1:]  # one letter left out
        if street_key(typo) in index.streets():
            continue  # the typo is another street's real name
        found = index.match(parse(f"{typo} {p.number}{p.letter}"))
        assert found.quality == "near_street_name" and found.quality in APPROXIMATE
        assert found.point.key == p.key and found.point.number == p.number
        checked += 1
    assert checked >= 10


def test_numbers_nearby_and_unknown_addresses(extract) -> None:
    points, _unreadable, index = extract
    p = points[0]
    street = [q.number for q in points if q.key == p.key]
    missing = next((n for n in range(p.number + 2, p.number + 7, 2) if n not in street), None)
    if missing is not None:
        found = index.match(parse(f"{p.street} {missing}"))
        assert found.quality == "nearby_number" and found.point.number % 2 == missing % 2
    assert index.match(parse("Påhittadegränd 7")).quality == "not_found"
    assert index.match(parse(f"{p.street}")).quality == "not_found"  # no number at all
    assert index.match(parse(f"{p.street} 9999")).quality == "not_found"


@given(st.sampled_from(["Storgatan", "S:t Eriksgatan", "Södra Vägen", "Hornsgatan"]),
       st.integers(1, 999), st.sampled_from(["", "A", "B", "c"]), st.sampled_from(["", " "]),
       st.sampled_from(["", ", 111 45 Stockholm", ", 11145", " lgh 1204"]))
def test_an_address_is_read_the_same_however_it_is_written(street, number, letter, gap,
                                                            tail) -> None:
    found = parse(f"{street} {number}{gap}{letter}{tail}")
    assert found.number == number and found.letter == letter.upper()
    assert found.key == street_key(street)
    assert found.postcode == ("11145" if "111" in tail else "")
