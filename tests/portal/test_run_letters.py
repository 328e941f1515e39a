"""The officer's zip of a run's letters (made in the background, with progress), and the
family's own PDF letter: the same words as the page, from the register to the PDF."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pypdfium2 as pdfium
from portal_helpers import close_choices, csrf_of, signed_in
from sqlalchemy import select

from huvudman.services.letters.letters_zip import SECURE_FOLDER
from huvudman.store.models import AuditEntry, Child, Placement, School

OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")


def _published_run(app, tmp_path) -> tuple[int, object]:
    app.state.runs_dir = tmp_path / "runs"
    officer = signed_in(app, OFFICER)
    token = csrf_of(officer.get("/staff/runs").text)
    made = officer.post("/staff/runs", data={"csrf": token, "seed": "3"}, follow_redirects=False)
    run_id = int(made.headers["location"].rsplit("/", 1)[1])
    close_choices(app)
    return run_id, officer


def test_the_officer_makes_every_letter_of_a_run_as_one_zip(portal, tmp_path) -> None:
    app, _clock = portal
    run_id, officer = _published_run(app, tmp_path)
    run_page = officer.get(f"/staff/runs/{run_id}").text
    assert f'href="/staff/runs/{run_id}/letters"' in run_page
    assert officer.post(f"/staff/runs/{run_id}/publish", data={"csrf": csrf_of(run_page)},
                        follow_redirects=False).status_code == 303
    page = officer.get(f"/staff/runs/{run_id}/letters").text
    assert "Gör breven" in page and "Lätt svenska" in page
    assert officer.get(f"/staff/runs/{run_id}/letters.zip").status_code == 404  # not made
    assert officer.get(f"/staff/runs/{run_id}/letters?lang=xx").status_code == 404
    started = officer.post(f"/staff/runs/{run_id}/letters",
                           data={"csrf": csrf_of(page), "lang": "sv"}, follow_redirects=False)
    assert started.status_code == 303
    seen: list[str] = []
    for _ in range(240):  # the page asks every second; at most four minutes
        fragment = officer.get(f"/staff/runs/{run_id}/letters/progress?lang=sv").text
        seen.append(fragment)
        if "Ladda ned breven" in fragment:
            break
        assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment
        time.sleep(0.5)
    assert "Ladda ned breven" in seen[-1], seen[-1]
    got = officer.get(f"/staff/runs/{run_id}/letters.zip?lang=sv")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(got.content))
    names = archive.namelist()
    with app.state.sessions() as s:
        placed = s.scalars(select(Child).join(Placement, Placement.child_id == Child.id)
                           .where(Placement.run_id == run_id)).all()
        actions = [e.action for e in s.scalars(select(AuditEntry).where(
            AuditEntry.subject == f"run:{run_id}"))]
    assert len(names) == len(placed) > 300
    protected = {c.child_id for c in placed if c.protected}
    assert protected, "the demo has children with protected personal data"
    for child in placed:
        inside = f"{child.child_id}.sv.pdf"
        assert (f"{SECURE_FOLDER}/{inside}" if child.child_id in protected else inside) in names
    assert "make_letters" in actions and "read_letters" in actions
    # the family's own letter, as the portal shows it: the municipality, the child by name
    # and personnummer, the decision's date and reference, the round's first school day
    named = next(c for c in placed if c.name and c.personnummer and not c.protected)
    text = _text(archive.read(f"{named.child_id}.sv.pdf"))
    assert "Älvstad kommun (demo)" in text and "Sibling first" not in text
    assert f"Barn: {named.name} ({named.personnummer})" in text
    assert "Beslutat " in text and f"Diarienummer: 2027/{run_id}/{named.child_id}." in text
    assert "från och med" in text or "Ert barn har inte fått" in text
    # a refusal by nearness is reviewed from the day the decisions were published: a printed
    # letter can name its last day
    reviewed = []
    for n in (n for n in names if "/" not in n):
        text = _text(archive.read(n))
        if "laglighetsprövning" in text:
            reviewed.append(text)
            if len(reviewed) == 5:
                break
    assert reviewed and all("Sista dagen är " in t for t in reviewed)


def _alva_decided(app, tmp_path, confirmed: bool):
    """Anna lists a school for Alva (and Bo confirms it, when `confirmed`); the round is
    placed and published. Alva's key and Anna's client."""
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
        first = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    anna = signed_in(app, ("anna@demo.huvudman.se", "demo-anna"))
    guardians = [anna, signed_in(app, ("bo@demo.huvudman.se", "demo-bo"))] if confirmed \
        else [anna]
    for guardian in guardians:
        page = guardian.get(f"/children/{key}").text
        guardian.post(f"/children/{key}/choices", data={"csrf": csrf_of(page), "choice1": first})
    run_id, officer = _published_run(app, tmp_path)
    token = csrf_of(officer.get(f"/staff/runs/{run_id}").text)
    assert officer.post(f"/staff/runs/{run_id}/publish", data={"csrf": token},
                        follow_redirects=False).status_code == 303
    return key, anna


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return re.sub(r"\s+", " ", " ".join(doc[i].get_textpage().get_text_range()
                                        for i in range(len(doc)))).replace("\u00a0", " ")


def test_the_familys_pdf_says_what_its_page_says(portal, tmp_path) -> None:
    """Register → portal → engine → letter: Alva's decision as the page and as the PDF, with
    her name, the first school day of the round and the office to contact."""
    app, _clock = portal
    key, anna = _alva_decided(app, tmp_path, confirmed=True)
    page = anna.get(f"/children/{key}/letter").text
    pdf = anna.get(f"/children/{key}/letter.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = _text(pdf.content)
    body = re.sub(r"<svg.*?</svg>|<style>.*?</style>|<title>.*?</title>", " ", page, flags=re.S)
    html_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " ")
    with app.state.sessions() as s:
        alva = s.get(Child, key)
    assert f"Barn: {alva.name} ({alva.personnummer})" in text
    start = app.state.settings.school_start
    assert f"från och med {start.day} augusti {start.year}" in text, text  # the round's first day
    assert "Kontakta Skolvalsenheten" in text
    # the walk the run measured, drawn from the portal's street map, in the page and the PDF
    assert app.state.walking is not None and 'data-fact="map"' in page
    assert "Den blå linjen är gångvägen" in text
    for sentence in re.findall(r"[A-ZÅÄÖ][^.:]{20,}\.", html_text):
        assert sentence.strip() in text, sentence
    # a protected child's letter is never offered as a PDF outside the secure channel
    with app.state.sessions() as s:
        protected = s.scalars(select(Child).where(Child.protected.is_(True))).first()
    assert anna.get(f"/children/{protected.id}/letter.pdf").status_code == 404


def test_a_list_one_guardian_never_confirmed_is_named_in_the_decision(portal, tmp_path) -> None:
    """Anna saved a list, Bo never confirmed it: it did not count. The decision and the letter
    say so — not "you chose no school"."""
    app, _clock = portal
    key, anna = _alva_decided(app, tmp_path, confirmed=False)
    decision = anna.get(f"/children/{key}/decision").text
    assert "Er lista med skolor räknades inte" in decision
    assert "Ni valde ingen skola" not in decision
    letter = _text(anna.get(f"/children/{key}/letter.pdf").content)
    assert "alla vårdnadshavare godkände den inte före sista dagen" in letter
    assert "Er lista räknades inte, så inget av era val nekades" in letter
    assert "Ni valde ingen skola" not in letter
