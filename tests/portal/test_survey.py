"""The telephone survey end to end: a round published, a stratified sample drawn from a seed
(and drawn the same again), callers' lists with the script, calls recorded (consent first),
reserves called for families lost, the response by stratum, free text in the material; and
interviews with and without consent."""

from __future__ import annotations

import re
from collections import Counter

from portal_helpers import close_choices, csrf_of, signed_in
from sqlalchemy import func, select

from huvudman.dialogue.sample import draw
from huvudman.services.dialogue.survey import population
from huvudman.store.models import (
    AuditEntry,
    Child,
    Guardianship,
    Passage,
    SurveyFamily,
    User,
)

OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")
EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")
TEACHER = ("larare@demo.huvudman.se", "demo-larare")


def _published(app, tmp_path):
    app.state.runs_dir = tmp_path / "runs"
    officer = signed_in(app, OFFICER)
    token = csrf_of(officer.get("/staff/runs").text)
    run = officer.post("/staff/runs", data={"csrf": token, "seed": "2"},
                       follow_redirects=False).headers["location"]
    close_choices(app)
    assert officer.post(f"{run}/publish", data={"csrf": token},
                        follow_redirects=False).status_code == 303
    # the register's guardians with their telephone numbers (every child but every tenth)
    with app.state.sessions.begin() as s:
        for child in s.scalars(select(Child).order_by(Child.id)):
            if child.guardians or child.id % 10 == 0:
                continue
            parent = User(email=f"g{child.id}@example.se", name=f"Förälder {child.id}",
                          role="guardian", locale="ar" if child.id % 7 == 0 else "sv",
                          phone=f"070-{child.id:07d}")
            s.add(parent)
            s.flush()
            s.add(Guardianship(user_id=parent.id, child_id=child.id))
    return officer


def _draw(client, title="Hur gick skolvalet?", size="40", seed="11", callers=()):
    page = client.get("/staff/dialogue/survey").text
    data = {"csrf": csrf_of(page), "title": title, "round": "2027", "size": size, "seed": seed,
            "caller": list(callers)}
    return client.post("/staff/dialogue/survey", data=data, follow_redirects=False)


def test_a_sample_is_drawn_called_and_counted(portal, tmp_path) -> None:
    app, _clock = portal
    _published(app, tmp_path)
    evaluator = signed_in(app, EVALUATOR)
    with app.state.sessions() as s:
        ids = {u.email: u.id for u in s.scalars(select(User).where(User.email.in_(
            [OFFICER[0], EVALUATOR[0]])))}
    assert _draw(evaluator, callers=()).status_code == 400  # nobody to call
    made = _draw(evaluator, callers=[str(ids[OFFICER[0]]), str(ids[EVALUATOR[0]])])
    assert made.status_code == 303
    survey_id = int(made.headers["location"].rsplit("/", 1)[1])
    with app.state.sessions() as s:
        drawn = s.scalars(select(SurveyFamily).where(SurveyFamily.survey_id == survey_id)).all()
        units = population(s, "2027")
        protected = set(s.scalars(select(Child.id).where(Child.protected.is_(True))))
    sample = [f for f in drawn if not f.reserve]
    assert len(sample) == 40 and not protected & {f.child_id for f in drawn}
    # drawn again from its seed, the same families in the same order
    again = draw(units, 40, 11)
    assert sorted((d.key, d.position, d.reserve) for d in again) == \
        sorted((f.child_id, f.position, f.reserve) for f in drawn)
    # every stratum gets its share of the sample (largest remainders: within one family)
    sizes = Counter("|".join(u.stratum) for u in units)
    got = Counter(f.stratum for f in sample)
    for stratum, size in sizes.items():
        assert abs(got.get(stratum, 0) - 40 * size / len(units)) < 1
    # each caller has half the sample; a teacher has none
    counts = Counter(f.caller_id for f in sample)
    assert sorted(counts.values()) == [20, 20]
    teacher = signed_in(app, TEACHER)
    assert "Du har inga familjer att ringa" in teacher.get(
        f"/staff/dialogue/survey/{survey_id}/calls").text
    assert teacher.get(f"/staff/dialogue/survey/{survey_id}").status_code == 403

    calls = evaluator.get(f"/staff/dialogue/survey/{survey_id}/calls").text
    assert "Hej, jag heter Ulla Utvärderare och ringer från Skolvalsenheten" in calls
    mine = [int(x) for x in re.findall(r'id="family-(\d+)"', calls)]
    assert len(mine) == 20
    token = csrf_of(calls)
    post = f"/staff/dialogue/survey/{survey_id}/calls"
    first, second = mine[:2]
    # answering needs consent first; an answer off its scale is refused
    refused = evaluator.post(f"{post}/{first}", data={"csrf": token, "outcome": "answered"})
    assert refused.status_code == 400 and "fråga om samtycke först" in refused.text
    odd = evaluator.post(f"{post}/{first}", data={"csrf": token, "outcome": "answered",
                                                  "consent": "1", "letter_clear": "9"})
    assert odd.status_code == 400
    assert evaluator.post(f"{post}/{first}", data={
        "csrf": token, "outcome": "answered", "consent": "1", "quote": "1", "language": "ar",
        "interpreter": "1", "understood_rules": "2", "information_in_time": "no",
        "text": "Brevet var svårt att förstå, ring mig på 070-1234567."},
        follow_redirects=False).status_code == 303
    # a family lost after three attempts releases the first reserve of its stratum
    for _ in range(3):
        evaluator.post(f"{post}/{second}", data={"csrf": token, "outcome": "no_answer"})
    with app.state.sessions() as s:
        lost = s.get(SurveyFamily, second)
        assert lost.state == "lost"
        reserve = s.scalars(select(SurveyFamily).where(
            SurveyFamily.survey_id == survey_id, SurveyFamily.stratum == lost.stratum,
            SurveyFamily.reserve.is_(True)).order_by(SurveyFamily.position)).first()
        passage = s.scalars(select(Passage).where(Passage.source == "survey",
                                                  Passage.source_id == first)).one()
    calls = (signed_in(app, OFFICER) if reserve.caller_id == ids[OFFICER[0]] else evaluator) \
        .get(f"/staff/dialogue/survey/{survey_id}/calls").text
    assert f'id="family-{reserve.id}"' in calls
    # a child given protected personal data after the draw drops off the call list
    hidden = next(int(x) for x in re.findall(r'id="family-(\d+)"', evaluator.get(
        f"/staff/dialogue/survey/{survey_id}/calls").text) if int(x) not in (first, second))
    with app.state.sessions.begin() as s:
        s.get(Child, s.get(SurveyFamily, hidden).child_id).protected = True
    assert f'id="family-{hidden}"' not in evaluator.get(
        f"/staff/dialogue/survey/{survey_id}/calls").text
    assert evaluator.post(f"{post}/{hidden}", data={"csrf": token, "outcome": "busy"}
                          ).status_code == 400
    assert passage.quotable and "070" not in passage.text  # marked out
    # the design and the response by stratum; counts only, no family named
    results = evaluator.get(f"/staff/dialogue/survey/{survey_id}").text
    assert "Nådda: 1 av 2 uppringda familjer." in results and "Svarsfrekvens 50" in results
    assert "Tolk behövdes i 1 samtal." in results
    with app.state.sessions() as s:
        named = s.get(Child, s.get(SurveyFamily, first).child_id).name
        actions = Counter(e.action for e in s.scalars(select(AuditEntry)))
    assert named not in results
    assert actions["draw_survey"] == 1 and actions["survey_call"] >= 4
    assert actions["read_call_list"] >= 3 and actions["read_survey"] == 1


def test_interviews_join_the_material_only_with_consent(portal) -> None:
    app, _clock = portal
    evaluator = signed_in(app, EVALUATOR)
    page = evaluator.get("/staff/dialogue/interviews").text
    token = csrf_of(page)
    bad = evaluator.post("/staff/dialogue/interviews", data={
        "csrf": token, "kind": "guardian", "label": "Vårdnadshavare, Norra",
        "held_on": "15 februari", "notes": "Vi förstod inte brevet."})
    assert bad.status_code == 400 and "Vi förstod inte brevet." in bad.text  # kept as typed
    for consent, notes in (("1", "Vi förstod inte hur avståndet mättes."),
                           ("", "Ingen ville förklara för oss.")):
        assert evaluator.post("/staff/dialogue/interviews", data={
            "csrf": token, "kind": "guardian", "label": "Vårdnadshavare, Norra",
            "held_on": "2027-02-15", "notes": notes, "consent": consent},
            follow_redirects=False).status_code == 303
    with app.state.sessions() as s:
        texts = list(s.scalars(select(Passage.text).where(Passage.source == "interview")))
        quotable = s.scalar(select(func.count()).select_from(Passage).where(
            Passage.source == "interview", Passage.quotable.is_(True)))
    assert texts == ["Vi förstod inte hur avståndet mättes."] and quotable == 0
    listed = evaluator.get("/staff/dialogue/interviews").text
    assert "inte med i materialet (inget samtycke)" in listed
    teacher = signed_in(app, TEACHER)
    assert teacher.get("/staff/dialogue/interviews").status_code == 403


def test_the_report_says_who_was_asked_and_the_measures_by_year(portal, tmp_path) -> None:
    """The report (page and PDF/UA): the survey's design and response, the material's
    sources, the themes' chart, and the measures year by year with the contact centre's
    calls imported — and no name or personnummer anywhere in the PDF."""
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader

    app, _clock = portal
    _published(app, tmp_path)
    evaluator = signed_in(app, EVALUATOR)
    with app.state.sessions() as s:
        me = s.scalars(select(User.id).where(User.email == EVALUATOR[0])).one()
    survey_id = int(_draw(evaluator, size="30", seed="5", callers=[str(me)])
                    .headers["location"].rsplit("/", 1)[1])
    calls = evaluator.get(f"/staff/dialogue/survey/{survey_id}/calls").text
    family = int(re.findall(r'id="family-(\d+)"', calls)[0])
    evaluator.post(f"/staff/dialogue/survey/{survey_id}/calls/{family}", data={
        "csrf": csrf_of(calls), "outcome": "answered", "consent": "1", "treated_well": "5",
        "text": "Bra bemötande i telefon."})
    page = evaluator.get("/staff/dialogue/report").text
    bad = evaluator.post("/staff/dialogue/report/calls", data={"csrf": csrf_of(page)},
                         files={"file": ("calls.csv", b"year,calls\n2027,many\n", "text/csv")})
    assert bad.status_code == 400 and "filen behöver kolumnerna year och calls" in bad.text
    assert evaluator.post("/staff/dialogue/report/calls", data={"csrf": csrf_of(page)},
                          files={"file": ("calls.csv", b"year;calls\n2026;4120\n2027;1830\n",
                                          "text/csv")},
                          follow_redirects=False).status_code == 303
    page = evaluator.get("/staff/dialogue/report").text
    assert "Vilka som tillfrågades, och hur" in page
    assert "Telefonundersökningen ”Hur gick skolvalet?” (omgång 2027): 30 familjer" in page
    assert "Nådda 1 av 1 uppringda" in page
    assert '<img class="chart" src="data:image/svg+xml;base64,' in page
    measures = page[page.index('id="measures"'):]
    assert "4\u00a0120" in measures and "1\u00a0830" in measures
    document = evaluator.get("/staff/dialogue/report.pdf")
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(document.content))
    assert reader.trailer["/Root"]["/Lang"] == "sv" and reader.trailer["/Root"]["/MarkInfo"]
    pdf = pdfium.PdfDocument(document.content)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    assert "Vilka som tillfrågades, och hur" in text and "Nyckeltal år för år" in text
    assert "30 familjer dragna slumpvis" in text
    with app.state.sessions() as s:
        people = [c.name for c in s.scalars(select(Child)) if c.name] + \
            [c.personnummer for c in s.scalars(select(Child)) if c.personnummer] + \
            [u.name for u in s.scalars(select(User).where(User.role == "guardian"))]
    assert not [p for p in people if p in text]
