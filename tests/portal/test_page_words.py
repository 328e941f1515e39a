"""Every portal page in Swedish and in English (issue 12): no message left untranslated, and no
rule, mechanism, audit-check or measure shown by its code or in the other language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from portal_helpers import client, close_choices, csrf_of, sign_in
from sqlalchemy import select

from huvudman.store.models import Child, School, User
from huvudman.words import vocabulary

SRC = Path(__file__).resolve().parents[2] / "src" / "huvudman"
CODES = {*vocabulary.RULES, *vocabulary.MECHANISMS, *vocabulary.AUDIT_CHECKS,
         *vocabulary.MEASURES, *vocabulary.PRESETS} - {""}


class _Text(HTMLParser):
    """The text a person reads on a page (no markup, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    # the audit log's details and the mail a person was sent are recorded data, shown as
    # they were written
    html = re.sub(r"<(td|span)[^>]*data-recorded>.*?</\1>", "", html, flags=re.S)
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts).replace("\u00a0", " "))


def _catalog() -> dict[str, str]:
    """English message id → Swedish text, of the portal's and the shared catalog."""
    out: dict[str, str] = {}
    for path in (SRC / "portal" / "locale" / "sv" / "LC_MESSAGES" / "portal.po",
                 SRC / "words" / "locale" / "sv" / "LC_MESSAGES" / "words.po"):
        with path.open("rb") as fh:
            for m in read_po(fh):
                if m.id and m.string:
                    ids = m.id if isinstance(m.id, tuple) else (m.id,)
                    strings = m.string if isinstance(m.string, tuple) else (m.string,)
                    for i, s in zip(ids, strings, strict=False):
                        out[i] = s
    return out


def _literal(text: str) -> str:
    """The longest stretch of a message without placeholders (what must not show)."""
    return max(re.split(r"%\([a-z_]+\)s|%s|\{[a-z_]+\}", text), key=len).strip()


def _pages(app, tmp_path) -> list[tuple[str, str, str]]:
    """(who, path, password) for every page of the portal, after two runs of this round, one
    published, and a guardian's saved list."""
    app.state.runs_dir = tmp_path / "runs"
    officer = client(app)
    sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
    runs = []
    for seed in ("1", "2"):
        tok = csrf_of(officer.get("/staff/runs").text)
        run = officer.post("/staff/runs", data={"csrf": tok, "seed": seed},
                           follow_redirects=False).headers["location"]
        runs.append(run)
    unpublished = runs[0]
    officer.post(f"{unpublished}/override", data={"csrf": tok, "child_id": "y1b000001",
                                                  "school_id": "99000001", "reason": "prov"})
    close_choices(app)
    officer.post(f"{run}/publish", data={"csrf": tok})
    with app.state.sessions() as s:
        alva = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one().child_id
    appeal = officer.post("/staff/appeals", data={
        "csrf": tok, "child": alva, "route": "legality_review", "channel": "court",
        "text": "Domstolen begär yttrande.", "received_on": "2027-01-20",
        "starts_on": "2027-01-20"}, follow_redirects=False).headers["location"]
    correction = officer.post("/staff/runs", data={"csrf": tok, "seed": "3",
                                                   "policy": "full_rerun"},
                              follow_redirects=False).headers["location"]
    teacher = client(app)
    sign_in(teacher, "larare@demo.huvudman.se", "demo-larare")
    page = teacher.get("/staff/deviations/new").text
    case = teacher.post("/staff/deviations/new", data={
        "csrf": csrf_of(page), "category": "safety_incident", "severity": "3",
        "school_id": re.search(r'<option value="([^"]+)" selected>', page).group(1),
        "title": "Hot mot personal", "description": "En förälder hotade en lärare."},
        follow_redirects=False).headers["location"].split("?")[0]
    head = client(app)
    sign_in(head, "skolchef@demo.huvudman.se", "demo-skolchef")
    with app.state.sessions() as s:
        rektor_school = s.scalars(select(User.school_id).where(
            User.email == "rektor@demo.huvudman.se")).one()
    inspection = head.post("/staff/inspections", data={
        "csrf": csrf_of(head.get("/staff/inspections").text), "school_id": rektor_school,
        "decided_on": "2027-01-10", "kind": "injunction_with_fine", "reference": "SI 2026:77",
        "area1": "pupil_health", "text1": "Elevhälsan arbetar inte förebyggande.",
        "by1": "2027-05-01"}, follow_redirects=False).headers["location"]
    teacher_page = teacher.get("/staff/pupil-support").text
    pupil = teacher.post("/staff/pupil-support", data={
        "csrf": csrf_of(teacher_page), "pupil_name": "Pelle P", "text": "Tappar i läsning."},
        follow_redirects=False).headers["location"]
    rektor = client(app)
    sign_in(rektor, "rektor@demo.huvudman.se", "demo-rektor")
    measure = rektor.post("/staff/support", data={
        "csrf": csrf_of(rektor.get("/staff/support").text), "school_id": rektor_school,
        "trigger": "inspection_finding", "title": "Specialpedagog", "proposal": "Stöd i 3B",
        "cost": "120000"}, follow_redirects=False).headers["location"]
    thread = rektor.post("/staff/management/threads", data={
        "csrf": csrf_of(rektor.get("/staff/management").text), "to_role": "head_of_schools",
        "subject": "Vikariebrist", "text": "Två lärare saknas."},
        follow_redirects=False).headers["location"]
    meeting = head.post("/staff/management/meetings", data={
        "csrf": csrf_of(head.get("/staff/management").text), "held_on": "2027-01-25"},
        follow_redirects=False).headers["location"]
    with app.state.sessions() as s:
        anna_child = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one().id
        school = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    officer_pages = ["/staff", "/staff/runs", run, f"{unpublished}?q=alva",
                     f"{unpublished}/publish", "/staff/appeals", appeal, correction,
                     "/staff/compare",
                     "/staff/settings",
                     "/staff/import", "/staff/notices", "/staff/statistics", "/staff/feedback",
                     "/staff/special-reasons"]
    return [
        *(("handlaggare@demo.huvudman.se", "demo-officer", p) for p in officer_pages),
        ("admin@demo.huvudman.se", "demo-admin", "/staff/users"),
        ("revisor@demo.huvudman.se", "demo-revisor", "/staff/audit"),
        ("rektor@demo.huvudman.se", "demo-rektor", "/staff/school"),
        ("larare@demo.huvudman.se", "demo-larare", "/staff/deviations/new"),
        ("larare@demo.huvudman.se", "demo-larare", "/staff/deviations"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", "/staff/deviations"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", case),
        ("anna@demo.huvudman.se", "demo-anna", "/report"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", "/staff/inspections"),
        ("utvarderare@demo.huvudman.se", "demo-utvardering", "/staff/early-warning"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", "/staff/advisers"),
        ("rektor@demo.huvudman.se", "demo-rektor", inspection),
        ("rektor@demo.huvudman.se", "demo-rektor", "/staff/support"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", measure),
        ("rektor@demo.huvudman.se", "demo-rektor", "/staff/pupil-support"),
        ("elevhalsa@demo.huvudman.se", "demo-elevhalsa", pupil),
        ("skolchef@demo.huvudman.se", "demo-skolchef", "/staff/pupil-support"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", "/staff/management"),
        ("skolchef@demo.huvudman.se", "demo-skolchef", thread),
        ("skolchef@demo.huvudman.se", "demo-skolchef", meeting),
        ("larare@demo.huvudman.se", "demo-larare", "/staff/organisation"),
        ("forvaltningschef@demo.huvudman.se", "demo-forvaltning", "/staff/governance-report"),
        ("anna@demo.huvudman.se", "demo-anna", "/feedback"),
        ("anna@demo.huvudman.se", "demo-anna", "/questions"),
        ("anna@demo.huvudman.se", "demo-anna", "/me/feedback"),
        ("handlaggare@demo.huvudman.se", "demo-officer", "/staff/feedback"),
        ("utvarderare@demo.huvudman.se", "demo-utvardering", "/staff/dialogue/coding"),
        ("utvarderare@demo.huvudman.se", "demo-utvardering", "/staff/dialogue/agreement"),
        ("utvarderare@demo.huvudman.se", "demo-utvardering", "/staff/dialogue/group"),
        ("utvarderare@demo.huvudman.se", "demo-utvardering", "/staff/evaluation"),
        ("utvarderare@demo.huvudman.se", "demo-utvardering", "/staff/dialogue/report"),
        ("anna@demo.huvudman.se", "demo-anna", "/children"),
        ("anna@demo.huvudman.se", "demo-anna", f"/children/{anna_child}"),
        ("anna@demo.huvudman.se", "demo-anna", f"/children/{anna_child}/schools/{school}"),
        ("anna@demo.huvudman.se", "demo-anna", f"/children/{anna_child}/decision"),
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_speaks_one_language(portal, tmp_path, lang) -> None:
    app, _ = portal
    catalog = _catalog()
    pages = _pages(app, tmp_path)
    # what would betray the other language: English ids on Swedish pages, Swedish on English
    other = {(_literal(k) if lang == "sv" else _literal(v))
             for k, v in catalog.items() if k != v}
    own = {x.lower() for x in (catalog.values() if lang == "sv" else catalog)}
    other = {w for w in other if len(w) >= 14 and " " in w and w.lower() not in own}
    seen: dict[str, int] = {}
    for email, password, path in pages:
        c = client(app)
        c.cookies.set("lang", lang)
        sign_in(c, email, password)
        r = c.get(path)
        assert r.status_code == 200, (path, r.status_code)
        text = visible_text(r.text)
        seen[path] = len(text)
        codes = sorted(code for code in CODES if re.search(rf"(?<![\w-]){re.escape(code)}"
                                                          rf"(?![\w-])", text)
                       and ("_" in code or "-" in code))
        assert not codes, (lang, path, codes)
        wrong = sorted(w for w in other if w in text)
        assert not wrong, (lang, path, wrong[:5])
    assert len(seen) >= 25 and min(seen.values()) > 100
