"""What a guardian reads beside the list (issue 15): each school's own chance as a band word
that follows its number, the school the family is sure of (the one `huvudman forecast` names),
where "none of these" leads, the chances again after saving and without JavaScript, a mistake
that keeps the list as typed, and the round's timeline. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from itertools import permutations

from portal_helpers import client, csrf_of, sign_in
from sqlalchemy import select

from helpers import hv
from huvudman.forecast.bands import band
from huvudman.store.models import Application, Child, School
from huvudman.words.forecast import band_word

ANNA = ("anna@demo.huvudman.se", "demo-anna")


def _anna(app):
    c = client(app)
    assert sign_in(c, *ANNA).status_code == 303
    return c


def _alva(app):
    with app.state.sessions() as s:
        child = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        schools = s.scalars(select(School.school_id).order_by(School.school_id)).all()
        return (child.id, child.lat, child.lon, [x.school_id for x in child.sibling_schools],
                schools)


def _lists(app):
    """A list whose school Alva is sure of, and one with nothing sure (from the service the
    portal asks, so the test does not depend on the demo's numbers)."""
    key, lat, lon, siblings, schools = _alva(app)
    sure = unsure = None
    for size in (1, 2):
        for listed in permutations(schools, size):
            advice = app.state.chances.chances(lat, lon, list(listed), siblings)
            if advice.certain is not None and sure is None:
                sure = list(listed)
            if advice.certain is None and advice.fallback >= 0 and unsure is None:
                unsure = list(listed)
    assert sure and unsure
    return key, sure, unsure


def _rows(page: str) -> list[tuple[str, str, str, int]]:
    """(school id, band code, band words, whole percent) of each row of the chances table."""
    return [(sid, code, words, int(pct)) for sid, code, words, pct in re.findall(
        r'<tr data-school="([^"]+)" data-band="([^"]+)"><td>[^<]*</td><td><strong>([^<]+)'
        r'</strong> <span class="nowrap">(\d+)\s?%</span>', page)]


def test_anna_reads_bands_and_the_sure_school_the_forecast_names(portal, tmp_path) -> None:
    app, _clock = portal
    key, sure, _unsure = _lists(app)
    anna = _anna(app)
    page = anna.get(f"/children/{key}").text
    saved = anna.post(f"/children/{key}/choices", data={
        "csrf": csrf_of(page), **{f"choice{k}": s for k, s in enumerate(sure, start=1)}},
        follow_redirects=True)
    assert saved.status_code == 200
    page = saved.text
    # shown again after saving, rendered by the server (no JavaScript needed)
    assert "Vad er lista troligen leder till" in page
    rows = _rows(page)
    assert [r[0] for r in rows] == sure
    for _sid, code, words, pct in rows:  # the words follow the numbers shown
        assert code == band(pct / 100) and words == band_word(code, "sv")
    certain = re.search(r'data-certain="([^"]+)"', page).group(1)
    with app.state.sessions() as s:
        name = s.get(School, certain).name
    assert f"Säkert: ert barn får {name}" in page
    # the command line names the same school for the same family
    _key, lat, lon, siblings, _schools = _alva(app)
    last = tmp_path / "last-year"
    proc = hv("forecast", "--schools", last / "schools.csv", "--children",
              last / "children.csv", "--lat", lat, "--lon", lon, "--choices", ";".join(sure),
              "--siblings", ";".join(siblings), "--simulations", 40, "--workers", 1,
              "--out", tmp_path / "chances.csv")
    assert proc.returncode == 0, proc.stderr
    said = " ".join((proc.stdout + proc.stderr).split())
    assert f"your child gets {name} (choice" in said, said


def test_without_javascript_the_chances_come_with_the_page(portal) -> None:
    app, _clock = portal
    key, _sure, unsure = _lists(app)
    anna = _anna(app)
    token = csrf_of(anna.get(f"/children/{key}").text)
    typed = {f"choice{k}": s for k, s in enumerate(unsure, start=1)}
    page = anna.post(f"/children/{key}/chances", data={"csrf": token, **typed})
    assert page.status_code == 200 and "<html" in page.text
    for k, school in enumerate(unsure, start=1):  # the list is kept as typed
        options = re.search(rf'<select id="choice{k}"[^>]*>(.*?)</select>', page.text, re.S)
        assert f'<option value="{school}" selected>' in options.group(1)
    assert "Ingen skola på er lista kan utlovas" in page.text
    fallback = re.search(r'data-fallback="([^"]+)"', page.text).group(1)
    with app.state.sessions() as s:
        assert s.get(School, fallback).name in page.text
        assert s.scalars(select(Application).where(Application.child_id == key)).first() \
            is None  # showing chances saves nothing
    fragment = anna.post(f"/children/{key}/chances", data={"csrf": token, **typed},
                         headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Vad er lista troligen leder till" in fragment.text


def test_a_school_twice_keeps_the_list_and_names_the_school(portal) -> None:
    app, _clock = portal
    key, _lat, _lon, _siblings, schools = _alva(app)
    anna = _anna(app)
    token = csrf_of(anna.get(f"/children/{key}").text)
    typed = {"choice1": schools[2], "choice2": schools[0], "choice3": schools[2]}
    page = anna.post(f"/children/{key}/choices", data={"csrf": token, **typed})
    assert page.status_code == 400
    with app.state.sessions() as s:
        name = s.get(School, schools[2]).name
        assert s.scalars(select(Application).where(Application.child_id == key)).first() is None
    assert f"{name} står två gånger på er lista" in page.text
    assert "er lista finns kvar nedan som ni skrev den" in page.text
    for k, school in typed.items():
        options = re.search(rf'<select id="{k}"[^>]*>(.*?)</select>', page.text, re.S)
        assert f'<option value="{school}" selected>' in options.group(1)
    unknown = anna.post(f"/children/{key}/choices", data={"csrf": token, "choice1": "nope"})
    assert unknown.status_code == 400 and "nope är inte en skola ni kan välja" in unknown.text


def test_the_timeline_and_a_round_not_yet_open(portal) -> None:
    app, clock = portal
    key, _lat, _lon, _siblings, schools = _alva(app)
    anna = _anna(app)
    page = anna.get(f"/children/{key}").text
    steps = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S).group(1)
    assert steps.index("Skolvalet öppnar") < steps.index("Sista dag att välja: 31 januari 2027") \
        < steps.index("Beslut: 31 mars 2027 (planerat)") \
        < steps.index("Sista dag att överklaga: tre veckor efter att ni fått beslutet") \
        < steps.index("Första skoldagen: 17 augusti 2027")
    assert '<li class="now">Sista dag att välja' in steps  # the clock is 2027-01-20
    settings = app.state.settings
    app.state.settings = replace(settings, choices_open=(clock["now"] + timedelta(days=3)).date())
    page = anna.get(f"/children/{key}").text
    assert "Rangordna skolor" not in page
    assert f"Ni kan rangordna skolor från {clock['now'].day + 3} januari 2027." in page
    refused = anna.post(f"/children/{key}/choices", data={"csrf": csrf_of(page),
                                                          "choice1": schools[0]})
    assert refused.status_code == 400 and "Skolvalet har inte öppnat än." in refused.text


def test_a_family_picks_schools_from_the_nearby_list(portal) -> None:
    """Schools near home with their facts; "Sätt på listan" puts a school last on the list
    being built (shown with its chances, not saved), once, and no more than five."""
    app, _clock = portal
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
    anna = client(app)
    sign_in(anna, "anna@demo.huvudman.se", "demo-anna")
    page = anna.get(f"/children/{key}").text
    assert "data-facts" in page and ("modersmål: " in page or "fritids" in page)
    # the map of the home and the nearest schools, numbered as the list
    assert '<title id="places-title">Skolorna närmast ert hem</title>' in page
    shown = len(re.findall(r'<ol class="schools">.*?</ol>', page, re.S)[0].split("<li>")) - 1
    numbers = re.findall(r'text-anchor="middle">(\d+)</text>', page)
    assert numbers == [str(k) for k in range(1, shown + 1)] and shown >= 6
    offered = re.findall(r'name="add" value="([^"]+)"', page)
    assert len(offered) >= 6
    listed: list[str] = []
    for school in offered[:6]:
        data = {"csrf": csrf_of(page), "add": school,
                **{f"choice{k}": s for k, s in enumerate(listed, start=1)}}
        page = anna.post(f"/children/{key}/pick", data=data).text
        listed = [*listed, school] if len(listed) < 5 else listed
        chosen = re.findall(r'<option value="([^"]+)" selected>', page)
        assert chosen == listed
    assert 'name="add"' not in page  # five on the list: nothing more to put on it
    again = anna.post(f"/children/{key}/pick", data={"csrf": csrf_of(page), "add": listed[0],
                                                     "choice1": listed[0]}).text
    assert re.findall(r'<option value="([^"]+)" selected>', again) == listed[:1]
    assert "Egen chans" in again or 'id="chances"' in again
    with app.state.sessions() as s:
        assert s.scalars(select(Application).where(Application.child_id == key)).first() is None
