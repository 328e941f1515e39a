"""Coding the dialogue on SQLite and PostgreSQL: written feedback joins the material marked
out; two coders code; the model's suggestion appears with its confidence and counts only when
ticked; agreement per code; the exports — CSV, XLSX, REFI-QDA — hold no names."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
from portal_helpers import NOW, csrf_of, signed_in
from sqlalchemy import select

from huvudman.demo.comments import comments
from huvudman.dialogue.themes import themes_of
from huvudman.services.dialogue.feedback import submit
from huvudman.store.models import Coding, Passage, User

EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")
OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")


def _code(c, codes: list[str], accept: list[tuple[str, str]] = ()):
    page = c.get("/staff/dialogue/coding").text
    passage = re.search(r'name="passage" value="(\d+)"', page).group(1)
    data = {"csrf": csrf_of(page), "passage": passage, "code": codes,
            "accept": [a for a, _ in accept],
            **{f"confidence-{a}": v for a, v in accept}}
    assert c.post("/staff/dialogue/coding", data=data,
                  follow_redirects=False).status_code == 303
    return int(passage), page


def test_two_coders_a_suggestion_taken_and_exports_without_names(portal) -> None:
    app, _ = portal
    corpus = comments(40, seed=7)
    with app.state.sessions.begin() as s:
        anna = s.scalars(select(User).where(User.email == "anna@demo.huvudman.se")).one()
        for text, _codes in corpus[:-1]:
            submit(s, None, text, "opinion", "placement", "sv", False, NOW)
        submit(s, anna, "Jag heter Anna Andersson. " + corpus[-1][0], "opinion", "placement",
               "sv", True, NOW)
    evaluator = signed_in(app, EVALUATOR)
    page = evaluator.get("/staff/dialogue/coding").text
    assert "Inget kvar för dig att koda" in page
    assert evaluator.post("/staff/dialogue/collect", data={"csrf": csrf_of(page)},
                          follow_redirects=False).status_code == 303
    with app.state.sessions() as s:
        passages = s.scalars(select(Passage).order_by(Passage.id)).all()
    assert len(passages) == 40 and "Andersson" not in passages[-1].text
    assert passages[-1].quotable and not passages[0].quotable
    truth = {p.id: codes for p, (_, codes) in zip(passages, corpus, strict=True)}
    for _ in range(30):  # the evaluator codes thirty, as they were written
        page = evaluator.get("/staff/dialogue/coding").text
        passage = int(re.search(r'name="passage" value="(\d+)"', page).group(1))
        _code(evaluator, sorted(truth[passage]))
    page = evaluator.get("/staff/dialogue/coding").text  # the 31st: suggestions now
    passage = int(re.search(r'name="passage" value="(\d+)"', page).group(1))
    suggested = re.findall(r'name="confidence-(\w+)" value="([\d.]+)"', page)
    assert suggested and suggested[0][0] in truth[passage]
    _code(evaluator, [], accept=[suggested[0]])  # ticked: taken, with its confidence
    with app.state.sessions() as s:
        taken = s.scalars(select(Coding).where(Coding.passage_id == passage)).all()
    assert [(c.code, c.suggested) for c in taken] == [(suggested[0][0], float(suggested[0][1]))]
    officer = signed_in(app, OFFICER)
    for k in range(10):  # the officer codes ten; disagrees on the third
        page = officer.get("/staff/dialogue/coding").text
        passage = int(re.search(r'name="passage" value="(\d+)"', page).group(1))
        _code(officer, ["uncertainty"] if k == 2 else sorted(truth[passage]))
    agreement = evaluator.get("/staff/dialogue/agreement").text
    assert "κ" in agreement and "Ovisshet" in agreement
    rows = re.findall(r"<th scope=\"row\">([^<]+)</th><td>(\d+)</td><td>([^<]+)</td>",
                      re.sub(r">\s+<", "><", agreement))
    assert rows and all(n == "10" for _, n, _ in rows)
    assert any(k not in ("–", "1,00") for _, _, k in rows)  # the disagreement shows
    csv_text = evaluator.get("/staff/dialogue/coding.csv").text
    xlsx = evaluator.get("/staff/dialogue/coding.xlsx").content
    qdpx = evaluator.get("/staff/dialogue/coding.qdpx").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        project = archive.read("project.qde").decode()
        texts = " ".join(archive.read(n).decode() for n in archive.namelist()
                         if n.startswith("sources/"))
    root = ElementTree.fromstring(project)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert len(root.findall(".//q:TextSource", ns)) == 40
    assert len(root.findall(".//q:Coding", ns)) == len(csv_text.strip().splitlines()) - 1
    for export in (csv_text, cells, project, texts):
        assert "Anna" not in export and "Andersson" not in export
    assert sheet["A1"].value == "passage" and sheet.max_row == len(csv_text.strip()
                                                                   .splitlines())
    quotable = passages[-1]  # the one passage whose author consented, coded now
    page = evaluator.get(f"/staff/dialogue/coding?passage={quotable.id}").text
    assert evaluator.post("/staff/dialogue/coding", data={
        "csrf": csrf_of(page), "passage": str(quotable.id), "code": sorted(truth[quotable.id])},
        follow_redirects=False).status_code == 303
    report = evaluator.get("/staff/dialogue/report").text
    assert "40 textavsnitt i materialet" in report and "Andersson" not in report
    quoted = re.findall(r"<blockquote>([^<]*)</blockquote>", report)
    assert len(quoted) == len(themes_of(truth[quotable.id]))  # under each of its themes
    assert set(quoted) == {quotable.text.replace("'", "&#39;")}  # nobody else's words
