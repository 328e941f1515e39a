"""Correcting published decisions (issue 13), replaying 2020: a run on straight-line distances
is published; the error is found; a "no one loses" correction on walking distances moves
exactly the wronged children, no other child's school changes, and only the moved children
get a new decision and letter. A full re-run moves everyone whose placement differs and names
who loses. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import numpy as np
from portal_helpers import NOW, client, csrf_of, sign_in
from sqlalchemy import select

from huvudman.decisions.correction import NO_ONE_LOSES, Placed, better
from huvudman.runs.reader import read_rows
from huvudman.services.decisions import corrections
from huvudman.services.rounds import portal_rounds, publication
from huvudman.store.models import Child, CorrectionMove, Placement, PlacementRun, User


def _officer(session) -> User:
    return session.scalars(select(User).where(User.role == "placement_officer")).first()


def _published_on_straight_lines(app, tmp_path) -> int:
    with app.state.sessions.begin() as s:
        run = portal_rounds.run_round(s, _officer(s), "2027", 7, tmp_path / "runs", NOW,
                                      osm=None)
        run_id = run.id
    with app.state.sessions.begin() as s:
        run = s.get(PlacementRun, run_id)
        publication.justify(s, _officer(s), run, "2020", NOW) if not run.audit_passed else None
        if not run.audit_passed:
            admin = s.scalars(select(User).where(User.role == "administrator")).first()
            publication.approve(s, admin, run, NOW)
        publication.publish(s, _officer(s), run, NOW, NOW - timedelta(days=1))
    return run_id


def _schools(session, run_id: int) -> dict[int, str | None]:
    return dict(session.execute(select(Placement.child_id, Placement.school_id).where(
        Placement.run_id == run_id)).all())


def test_a_no_one_loses_correction_moves_exactly_the_wronged_children(portal, tmp_path):
    app, _clock = portal
    osm = tmp_path / "this-year" / "streets.osm"
    first = _published_on_straight_lines(app, tmp_path)
    with app.state.sessions.begin() as s:
        fix = corrections.correction_run(s, _officer(s), "2027", NO_ONE_LOSES, 7,
                                         tmp_path / "runs", NOW, osm)
        fix_id, record = fix.id, fix.run_dir
    with app.state.sessions() as s:
        before = _schools(s, first)
        after = _schools(s, fix_id)
        moved = set(s.scalars(select(CorrectionMove.child_id).where(
            CorrectionMove.run_id == fix_id)))
        keys = dict(s.execute(select(Child.child_id, Child.id)).all())
        published = {k: (sch, rank) for k, sch, rank in s.execute(select(
            Placement.child_id, Placement.school_id, Placement.choice_rank).where(
            Placement.run_id == first))}
    # what walking distances give every child, from the correction's own record
    walked = {keys[r["child_id"]]: r for r in read_rows(Path(record) / "placements.csv")}
    ids = sorted(walked)
    order = {sid: k for k, sid in enumerate(sorted({*filter(None, before.values()),
                                                    *(r["school_id"] for r in walked.values()
                                                      if r["school_id"])}))}

    def placed(pairs):
        return Placed(np.array([order[p[0]] if p[0] else -1 for p in pairs]),
                      np.array([int(p[1] or 0) for p in pairs]),
                      np.array([float(p[2]) if p[2] else np.nan for p in pairs]))

    # the distance to the published school is only needed between fallback placements,
    # where the audit of the straight run and the walk differ: compare ranks and schools
    was = placed([(published[k][0], published[k][1], "") for k in ids])
    now = placed([(walked[k]["school_id"], walked[k]["choice_rank"], "") for k in ids])
    by_rank = {ids[c] for c in np.flatnonzero(better(was, now)).tolist()}
    assert by_rank <= moved  # every child the walk ranks higher is put right
    assert moved, "the walk must change something in the demo, or the test shows nothing"
    # and nobody else moves but fallback children sent to a nearer fallback school
    assert all(published[k][1] == 0 and int(walked[k]["choice_rank"] or 0) == 0
               for k in moved - by_rank)
    for key in moved:
        assert after[key] == walked[key]["school_id"] != before[key]
    # nobody else's school changes
    assert all(after[k] == before[k] for k in before if k not in moved)
    # only the moved children get a new decision and letter
    with app.state.sessions() as s:
        for key in list(moved)[:5] + [k for k in before if k not in moved][:5]:
            child = s.get(Child, key)
            run, _placement = portal_rounds.published_placement(s, child, "2027") or (None, None)
            assert run is None or run.id == first  # the correction is not published yet
    with app.state.sessions.begin() as s:
        fix = s.get(PlacementRun, fix_id)
        if not fix.audit_passed:
            publication.justify(s, _officer(s), fix, "Ingen förlorar: extra platser", NOW)
            admin = s.scalars(select(User).where(User.role == "administrator")).first()
            publication.approve(s, admin, fix, NOW)
        assert publication.publish(s, _officer(s), fix, NOW + timedelta(minutes=1),
                     NOW - timedelta(days=1)) == len(moved)
    with app.state.sessions() as s:
        for key in before:
            child = s.get(Child, key)
            run, _placement = portal_rounds.published_placement(s, child, "2027")
            expected = fix_id if key in moved else first
            assert run.id == expected
            if key in moved:
                facts = portal_rounds.letter_facts_for(run, child)
                assert facts is not None and facts.school_id == after[key]
        # the officer's letters of the correction: the moved children's only
        from huvudman.services.letters.letters_zip import family_letters

        settings = app.state.settings
        written = {f.child_id for f, _day in family_letters(
            s, s.get(PlacementRun, fix_id), settings.sender(), settings.school_start)}
        assert written == {s.get(Child, k).child_id for k in moved}


def test_a_full_rerun_names_who_loses_and_only_after_it_was_made(portal, tmp_path):
    app, _clock = portal
    osm = tmp_path / "this-year" / "streets.osm"
    first = _published_on_straight_lines(app, tmp_path)
    with app.state.sessions.begin() as s:
        fix = corrections.correction_run(s, _officer(s), "2027", "full_rerun", 7,
                                         tmp_path / "runs", NOW, osm)
        fix_id = fix.id
    with app.state.sessions() as s:
        before, after = _schools(s, first), _schools(s, fix_id)
        moved = {m.child_id: m for m in s.scalars(select(CorrectionMove).where(
            CorrectionMove.run_id == fix_id))}
    assert set(moved) == {k for k in before if after[k] != before[k]}
    assert all(moved[k].from_school == before[k] for k in moved)


def test_the_officer_makes_a_correction_run_in_the_portal(portal, tmp_path) -> None:
    app, _clock = portal
    app.state.runs_dir = tmp_path / "runs"
    _published_on_straight_lines(app, tmp_path)
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    page = officer.get("/staff/runs").text
    assert "en ny körning är en rättelse" in page and "Ingen förlorar" in page
    made = officer.post("/staff/runs", data={"csrf": csrf_of(page), "seed": "7",
                                             "policy": "no_one_loses"}, follow_redirects=False)
    assert made.status_code == 303
    run_page = officer.get(made.headers["location"]).text
    assert "Rättelse av körning" in run_page and "barn flyttas" in run_page
    assert "i stället för" in run_page or "närmare hemmet" in run_page  # why each one moves
    # the kept decisions are audited as placed by hand: extra places show as findings
    with app.state.sessions() as s:
        fix = s.get(PlacementRun, int(made.headers["location"].rsplit("/", 1)[1]))
        extra = json.loads(fix.summary)["extra_places"]
        kid = s.scalars(select(Child.child_id).where(~Child.protected)
                        .order_by(Child.child_id)).first()
        school = s.scalars(select(Placement.school_id).where(
            Placement.run_id == fix.id, Placement.school_id.is_not(None))).first()
    if extra:
        assert not fix.audit_passed and "Platser: <strong>" in run_page
    # and the correction run can be overridden like any run (its record replays)
    assert officer.post(f"{made.headers['location']}/override", data={
        "csrf": csrf_of(run_page), "child_id": kid, "school_id": school,
        "reason": "prov"}, follow_redirects=False).status_code == 303
    bad = officer.post("/staff/runs", data={"csrf": csrf_of(page), "seed": "7",
                                            "policy": "everyone_wins"})
    assert bad.status_code == 400
