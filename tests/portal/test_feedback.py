"""The complaint routine (skollagen 4 kap. 8 §) on SQLite and PostgreSQL: an anonymous message
in English gets a receipt code; the officer acknowledges and answers; the sender reads the
answer with the code; with consent the question is published without who asked; the sweep
reminds the day before and escalates a missed deadline, each once; a message becomes a
deviation linked both ways; an e-mail comes in through the command."""

from __future__ import annotations

import re
from datetime import timedelta

from portal_helpers import NOW, client, csrf_of, signed_in
from sqlalchemy import select

from helpers import hv
from huvudman.services.dialogue.feedback import sweep_now
from huvudman.store.models import AuditEntry, Deviation, Feedback, Outbox

OFFICER = ("handlaggare@demo.huvudman.se", "demo-officer")
EVALUATOR = ("utvarderare@demo.huvudman.se", "demo-utvardering")


def _send(c, **form):
    page = c.get("/feedback").text
    return c.post("/feedback", data={"csrf": csrf_of(page), "kind": "complaint",
                                     "category": "treatment", **form})


def test_an_anonymous_complaint_from_receipt_to_published_answer(portal) -> None:
    app, _ = portal
    visitor = client(app)
    visitor.cookies.set("lang", "en")
    form = visitor.get("/feedback").text
    assert "Education Act, chapter 4, section 8" in form and "within 10 working days" in form
    assert _send(visitor, text=" ").status_code == 400
    sent = _send(visitor, consent="1", reply_to="vh@example.org",
                 text="My name is Karin Lind (karin.lind@example.org, 070-123 45 67). "
                      "The officer on the phone was rude when I asked about the queue.")
    assert sent.status_code == 200
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", sent.text)
    assert code and "We confirm who is handling it by" in sent.text
    with app.state.sessions() as s:
        item = s.scalars(select(Feedback)).one()
        mails = s.scalars(select(Outbox).order_by(Outbox.id)).all()
        number = item.id
    assert item.user_id is None and item.lang == "en" and item.receipt_sha256
    assert code.group(1) not in item.text + (item.receipt_sha256 or "")
    assert mails[0].to_address == "vh@example.org" and "received your message" in \
        mails[0].subject
    assert {m.kind for m in mails} == {"feedback_received", "feedback_new"}
    evaluator = signed_in(app, EVALUATOR).get(f"/staff/feedback/{number}").text
    assert "karin.lind@example.org" not in evaluator and "070-123" not in evaluator
    officer = signed_in(app, OFFICER)
    page = officer.get(f"/staff/feedback/{number}").text
    draft = re.search(r'<textarea id="public_question"[^>]*>([^<]*)</textarea>', page).group(1)
    assert "karin.lind@example.org" not in draft and "070-123" not in draft
    token = csrf_of(page)
    assert officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": token, "step": "acknowledge"}, follow_redirects=False).status_code == 303
    assert officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": token, "step": "answer", "answer": ""}).status_code == 400
    assert officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": token, "step": "answer", "publish": "1",
        "answer": "We are sorry. We have spoken with the officer; calls are now followed up.",
        "public_question": "An officer on the phone (070-123 45 67) was rude about the "
                           "queue."},
        follow_redirects=False).status_code == 303
    shown = visitor.post("/feedback/follow", data={"csrf": csrf_of(visitor.get(
        "/feedback").text), "code": code.group(1).lower().replace("-", " ")})
    assert shown.status_code == 200 and "calls are now followed up" in shown.text
    assert visitor.post("/feedback/follow", data={"csrf": csrf_of(visitor.get(
        "/feedback").text), "code": "AAAA-BBBB-CCCC"}).status_code == 404
    public = client(app).get("/questions").text
    assert "was rude about the queue" in public and "calls are now followed up" in public
    assert "070-123" not in public  # numbers and addresses marked out again
    with app.state.sessions() as s:
        kinds = [m.kind for m in s.scalars(select(Outbox).where(
            Outbox.to_address == "vh@example.org").order_by(Outbox.id))]
        actions = set(s.scalars(select(AuditEntry.action)))
    assert kinds == ["feedback_received", "feedback_acknowledged", "feedback_answered"]
    assert {"send_feedback", "acknowledge_feedback", "answer_feedback"} <= actions


def test_deadlines_remind_then_escalate_each_once(portal) -> None:
    app, _ = portal
    visitor = client(app)
    assert _send(visitor, text="Ingen svarar i telefon.").status_code == 200
    with app.state.sessions() as s:
        item = s.scalars(select(Feedback)).one()
        number = item.id
    # received Wednesday 20 January 2027: acknowledge by Friday 22, answer by Wednesday 3 Feb
    assert sweep_now(app.state.sessions, NOW + timedelta(days=1)) == (0, 0)
    assert sweep_now(app.state.sessions, NOW + timedelta(days=3)) == (0, 1)  # not acknowledged
    assert sweep_now(app.state.sessions, NOW + timedelta(days=4)) == (0, 0)  # once
    with app.state.sessions() as s:
        told = sorted(m.to_address for m in s.scalars(select(Outbox).where(
            Outbox.kind == "feedback_escalate")))
    assert told == ["forvaltningschef@demo.huvudman.se"]
    officer = signed_in(app, OFFICER)  # acknowledged late; the answer's reminder is next
    assert officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": csrf_of(officer.get(f"/staff/feedback/{number}").text),
        "step": "acknowledge"}, follow_redirects=False).status_code == 303
    assert sweep_now(app.state.sessions, NOW + timedelta(days=12)) == (0, 0)  # Monday 1 Feb
    assert sweep_now(app.state.sessions, NOW + timedelta(days=13)) == (1, 0)  # Tuesday 2 Feb
    assert sweep_now(app.state.sessions, NOW + timedelta(days=14)) == (0, 0)  # due today
    assert sweep_now(app.state.sessions, NOW + timedelta(days=15)) == (0, 1)  # Thursday 4 Feb
    assert sweep_now(app.state.sessions, NOW + timedelta(days=16)) == (0, 0)  # once


def test_a_complaint_becomes_a_deviation_linked_both_ways(portal) -> None:
    app, _ = portal
    assert _send(client(app), text="Min son blev slagen på rasten och ingen vuxen såg det."
                 ).status_code == 200
    with app.state.sessions() as s:
        number = s.scalars(select(Feedback.id)).one()
    officer = signed_in(app, OFFICER)
    page = officer.get(f"/staff/feedback/{number}").text
    school = re.search(r'<option value="([^"]+)">', page[page.index('id="school_id"'):]).group(1)
    made = officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": csrf_of(page), "step": "deviation", "category": "safety_incident",
        "severity": "2", "school_id": school}, follow_redirects=False)
    assert made.status_code == 303
    with app.state.sessions() as s:
        deviation = s.scalars(select(Deviation)).one()
        assert s.get(Feedback, number).deviation_id == deviation.id
    assert deviation.title == f"Från synpunkt {number}"
    case_page = officer.get(f"/staff/deviations/{deviation.id}")
    assert case_page.status_code == 200 and f'href="/staff/feedback/{number}"' in case_page.text
    again = officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": csrf_of(page), "step": "deviation", "category": "safety_incident",
        "severity": "2", "school_id": school})
    assert again.status_code == 400  # once


def test_an_email_comes_in_through_the_command(portal, db_url, tmp_path) -> None:
    app, _ = portal
    mail = tmp_path / "in.eml"
    mail.write_bytes(
        "From: Omar Ali <omar@example.org>\r\nTo: synpunkter@alvstad.example\r\n"
        "Subject: Skolskjuts\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Bussen till Ängskolan går för tidigt på morgonen.\r\n".encode())
    done = hv("feedback", "receive", "--file", mail, env={"DATABASE_URL": db_url})
    assert done.returncode == 0, done.stderr
    assert "received as feedback number" in done.stdout + done.stderr
    with app.state.sessions() as s:
        item = s.scalars(select(Feedback)).one()
        receipt = s.scalars(select(Outbox).where(Outbox.kind == "feedback_received")).one()
    assert item.channel == "email" and item.reply_to == "omar@example.org"
    assert item.text.startswith("Skolskjuts") and "för tidigt" in item.text
    assert receipt.to_address == "omar@example.org"
    missing = hv("feedback", "receive", "--file", tmp_path / "none.eml",
                 env={"DATABASE_URL": db_url})
    assert missing.returncode == 2 and "nothing was received" in missing.stdout + missing.stderr


def test_a_guardian_reads_the_answer_in_the_account_and_the_name_is_never_published(portal):
    app, _ = portal
    anna = signed_in(app, ("anna@demo.huvudman.se", "demo-anna"))
    sent = _send(anna, consent="1", text="Jag, Anna Andersson, förstod inte brevet om Alva.")
    assert sent.status_code == 200 and "<strong>" not in sent.text.split("Tack")[-1][:0]
    with app.state.sessions() as s:
        number = s.scalars(select(Feedback.id)).one()
    officer = signed_in(app, OFFICER)
    page = officer.get(f"/staff/feedback/{number}").text
    assert "Anna Andersson" in page  # the handler reads who wrote
    assert officer.post(f"/staff/feedback/{number}/act", data={
        "csrf": csrf_of(page), "step": "answer", "publish": "1",
        "answer": "Brevet är nu omskrivet med enklare ord.",
        "public_question": "Jag, Anna Andersson, förstod inte brevet om Alva."},
        follow_redirects=False).status_code == 303
    mine = anna.get("/me/feedback").text
    assert "omskrivet med enklare ord" in mine
    public = client(app).get("/questions").text
    assert "förstod inte brevet" in public
    assert "Anna" not in public and "Andersson" not in public  # known: marked out again
