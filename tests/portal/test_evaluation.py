"""The school evaluator's plan and visit protocols on SQLite and PostgreSQL: one plan per
school and term, visits by area within the term, the weakest judgement shown; the principal
reads their own school's only."""

from __future__ import annotations

import re

from portal_helpers import csrf_of, signed_in
from sqlalchemy import select

from huvudman.store.models import AuditEntry, EvaluationVisit, School, User

EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")
PRINCIPAL = ("rektor@demo.huvudman.se", "demo-rektor")


def test_a_plan_and_its_visit_protocols(portal) -> None:
    app, _ = portal
    with app.state.sessions() as s:
        own = s.scalars(select(User.school_id).where(User.email == PRINCIPAL[0])).one()
        other = s.scalars(select(School.school_id).where(School.school_id != own)
                          .order_by(School.school_id)).first()
    evaluator = signed_in(app, EVALUATOR)
    page = evaluator.get("/staff/evaluation").text
    assert 'value="VT2027"' in page  # 20 January 2027: the spring term
    form = {"csrf": csrf_of(page), "school_id": own, "term": "vt 2027",
            "area": ["support", "safety_and_calm"], "purpose": "Uppföljning av föreläggandet"}
    made = evaluator.post("/staff/evaluation", data=form, follow_redirects=False)
    assert made.status_code == 303
    plan = made.headers["location"]
    assert evaluator.post("/staff/evaluation", data=form).status_code == 400  # once a term
    assert evaluator.post("/staff/evaluation", data={**form, "school_id": other,
                                                     "area": []}).status_code == 400
    assert evaluator.post("/staff/evaluation", data={**form, "school_id": other,
                                                     "area": ["grading"]},
                          follow_redirects=False).status_code == 303
    token = csrf_of(evaluator.get(plan).text)
    visit = {"csrf": token, "visited_on": "2027-02-10", "area": "support",
             "observed": "Utredningar startas inom en vecka.", "strengths": "Ny rutin",
             "to_develop": "Uppföljning av åtgärdsprogram", "judgement": "good"}
    assert evaluator.post(plan, data=visit, follow_redirects=False).status_code == 303
    assert evaluator.post(plan, data={**visit, "visited_on": "2027-08-20"}).status_code == 400
    assert evaluator.post(plan, data={**visit, "area": "grading"}).status_code == 400
    assert evaluator.post(plan, data={**visit, "area": "safety_and_calm",
                                      "judgement": "needs_development",
                                      "observed": "Otrygga platser kvar vid cykelstället."},
                          follow_redirects=False).status_code == 303
    principal = signed_in(app, PRINCIPAL)
    listing = re.sub(r"\s+", " ", principal.get("/staff/evaluation").text)
    assert "VT2027" in listing and "svagast: Behöver utvecklas" in listing
    assert listing.count('href="/staff/evaluation/') == 1  # the principal's own school only
    assert "Otrygga platser kvar" in principal.get(plan).text
    assert "Planera en utvärdering" not in listing  # the evaluator plans
    with app.state.sessions() as s:
        other_plan = s.scalars(select(EvaluationVisit.plan_id)).first()
        assert len(s.scalars(select(EvaluationVisit)).all()) == 2
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"evaluation_plan", "evaluation_visit"} <= actions
    assert other_plan is not None
