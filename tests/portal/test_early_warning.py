"""The school evaluator imports Skolverket's statistics and reads the early warning: a school
with few certified teachers and pupils who do not feel safe is flagged, with its reasons; a
file naming an unknown school imports nothing and says where (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from portal_helpers import csrf_of, signed_in
from sqlalchemy import func, select

from huvudman.store.models import Outbox, School, SchoolFlag, SchoolIndicator

EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")
HEAD = ("skolchef@demo.huvudman.se", "demo-skolchef")


def _upload(c, text: str):
    page = c.get("/staff/early-warning").text
    return c.post("/staff/early-warning", data={"csrf": csrf_of(page)},
                  files={"file": ("statistik.csv", text.encode("utf-8"), "text/csv")},
                  follow_redirects=False)


def test_statistics_imported_and_a_weak_school_flagged_with_reasons(portal) -> None:
    app, _ = portal
    with app.state.sessions() as s:
        first, second = s.scalars(select(School).order_by(School.school_id).limit(2)).all()
        first_name, second_name = first.name, second.name
        first_id, second_id = first.school_id, second.school_id
    evaluator = signed_in(app, EVALUATOR)
    header = ("skolenhetskod,timePeriod,certifiedTeachersQuota,studentsPerTeacherQuota,"
              "totalNumberOfPupils,feels_safe,absence\n")
    bad = _upload(evaluator, header + f"{first_id},2025/26,\"46,9\",\"12,4\",cirka 210,71,6\n"
                                      f"99999999,2025/26,80,12,300,90,5\n")
    assert bad.status_code == 400 and "rad 3, skolenhetskod" in bad.text
    with app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(SchoolIndicator)) == 0
    done = _upload(evaluator, header + f"{first_id},2025/26,\"46,9\",\"12,4\",cirka 210,71,6\n"
                                       f"{second_id},2025/26,\"88,0\",..,cirka 180,93,\"4,5\"\n")
    assert done.status_code == 303
    page = signed_in(app, HEAD).get("/staff/early-warning").text  # leaders read it
    assert page.index(first_name) < page.index(second_name)  # the flagged school first
    assert "flaggad" in page and "Lärare med legitimation (procent): 46,9 (under 70)" in page
    assert "Elever som känner sig trygga (procent): 71,0 (under 80)" in page
    assert "Importera statistik" not in page  # only the evaluator imports
    with app.state.sessions() as s:
        assert s.scalar(select(SchoolIndicator.value).where(
            SchoolIndicator.school_id == second_id,
            SchoolIndicator.code == "pupils_per_teacher")) is None  # ".": not shown


ADVISER = ("radgivare@demo.huvudman.se", "demo-radgivare")


def test_a_flagged_school_goes_up_the_chain_and_gets_an_adviser(portal) -> None:
    """The import that flags a school raises it once (the levels above the principal get a
    mail), the head of schools gives it an adviser, and the adviser's work is logged."""
    app, _ = portal
    with app.state.sessions() as s:
        school = s.scalars(select(School).order_by(School.school_id)).first()
        school_id, name = school.school_id, school.name
    evaluator = signed_in(app, EVALUATOR)
    text = ("skolenhetskod,timePeriod,certifiedTeachersQuota,feels_safe\n"
            f"{school_id},2025/26,\"40,0\",70\n")
    assert _upload(evaluator, text).status_code == 303
    assert _upload(evaluator, text).status_code == 303  # the same year again: raised once
    with app.state.sessions() as s:
        flags = s.scalars(select(SchoolFlag)).all()
        mails = s.scalars(select(Outbox).where(Outbox.kind == "school_flagged")).all()
    assert [(f.school_id, f.period, f.score) for f in flags] == [(school_id, "2025/26", 3)]
    assert sorted(m.to_address for m in mails) == ["forvaltningschef@demo.huvudman.se",
                                                    "skolchef@demo.huvudman.se"]
    assert mails[0].subject == f"Den tidiga varningen flaggar {name}"
    head = signed_in(app, HEAD)
    page = head.get("/staff/advisers").text
    adviser_id = re.search(r'<option value="(\d+)">Rita Rådgivare</option>', page).group(1)
    assert head.post("/staff/advisers", data={
        "csrf": csrf_of(page), "school_id": school_id, "adviser_id": adviser_id,
        "reason": "Låg andel legitimerade lärare och otrygghet"},
        follow_redirects=False).status_code == 303
    adviser = signed_in(app, ADVISER)
    own = adviser.get("/staff/advisers").text
    assignment = re.search(r'/staff/advisers/(\d+)/notes', own).group(1)
    assert adviser.post(f"/staff/advisers/{assignment}/notes", data={
        "csrf": csrf_of(own), "text": "Träffade rektor; plan för trygghetsvandring"},
        follow_redirects=False).status_code == 303
    assert head.post(f"/staff/advisers/{assignment}/notes", data={
        "csrf": csrf_of(page), "text": "x"}, follow_redirects=False).status_code == 403
    read = signed_in(app, EVALUATOR).get("/staff/advisers").text
    assert "trygghetsvandring" in read and name in read


def test_a_school_year_listed_twice_is_refused_with_its_line(portal) -> None:
    app, _ = portal
    with app.state.sessions() as s:
        school_id = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    twice = _upload(signed_in(app, EVALUATOR), "skolenhetskod,timePeriod,feels_safe\n"
                    f"{school_id},2025/26,90\n{school_id},2025/26,85\n")
    assert twice.status_code == 400 and "rad 3, skolenhetskod" in twice.text
    with app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(SchoolIndicator)) == 0
