"""The guardian's pages: my children, ranking schools with chances, the receipt."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from huvudman.portal.deps import DB, Id, Token, language, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.i18n import translations
from huvudman.portal.pages import render
from huvudman.portal.widgets import school_options
from huvudman.services.accounts.staff import user_by_id
from huvudman.services.decisions import appeals
from huvudman.services.families import applications as families
from huvudman.services.families import home_address
from huvudman.services.families.list_advice import advice_for
from huvudman.services.families.nearby import schools_by_distance
from huvudman.services.families.reminders import waiting_for_me
from huvudman.services.families.timeline import family_timeline
from huvudman.services.letters import family_letter
from huvudman.services.notify import family_mail
from huvudman.services.records import person_export
from huvudman.services.registers.schools import school_by_id, school_names
from huvudman.services.rounds import portal_rounds
from huvudman.words.formatting import number
from huvudman.words.messages import LIST_MISTAKES

router = APIRouter()
MAX_CHOICES = 5


def _my_child(request: Request, session, child_id: int):
    """The signed-in guardian and their child `child_id`; not found for anyone else's."""
    user = require_user(request, session, "guardian")
    child = families.child_of(session, user, child_id)
    if child is None:
        raise HTTPException(status_code=404)  # not "forbidden": ids must not be probed
    return user, child


def _schools_by_distance(request: Request, session, child):
    return schools_by_distance(session, request.app.state.walking, child)


@router.get("/children")
def my_children(request: Request, session: DB):
    user = require_user(request, session, "guardian")
    settings = request.app.state.settings
    rows = [(c, families.status(families.application_for(session, c, settings.round_name), c))
            for c in families.children_of(session, user)]
    decided = {c.id: portal_rounds.published_placement(session, c, settings.round_name)
               is not None for c, _ in rows}
    return render(request, session, "children.html", rows=rows, decided=decided,
                  waiting=waiting_for_me(session, user, settings.round_name, rows),
                  mail=family_mail.sent_to(session, user), me=user)


@router.post("/me/reminders")
def my_reminders(request: Request, session: DB, on: Slot = "", csrf: Slot = ""):
    """A guardian turns the reminders by mail on or off."""
    check_csrf(request, csrf)
    user = require_user(request, session, "guardian")
    now = request.app.state.settings.current_time()
    family_mail.set_reminders(session, user, on != "1", now)
    return RedirectResponse("/children", status_code=303)


@router.get("/reminders/off/{token}")
def reminders_off_page(token: Token, request: Request, session: DB):
    """The link in a reminder: a button to press (a mail scanner opening links must not turn
    anyone's reminders off)."""
    if not family_mail.knows_token(session, token):
        raise HTTPException(status_code=404)
    return render(request, session, "reminders_off.html", token=token, done=False)


@router.post("/reminders/off/{token}")
def reminders_off(token: Token, request: Request, session: DB, csrf: Slot = ""):
    check_csrf(request, csrf)
    if family_mail.reminders_off(session, token, request.app.state.settings.current_time()) \
            is None:
        raise HTTPException(status_code=404)
    return render(request, session, "reminders_off.html", token=token, done=True)


@router.get("/children/{child_id}")
def child_page(child_id: Id, request: Request, session: DB):
    _, child = _my_child(request, session, child_id)
    return _child_page(request, session, child, saved=request.query_params.get("saved") == "1")


def _child_page(request: Request, session, child, typed: list[str] | None = None,
                mistake: str = "", status_code: int = 200, saved: bool = False,
                address_sent: bool = False):
    """The child's page: the application, the ranking form (with `typed`, a list not saved
    yet, kept as typed), the chances of the list shown, the round's timeline."""
    settings = request.app.state.settings
    app = families.application_for(session, child, settings.round_name)
    chosen = typed if typed is not None else [c.school_id for c in app.choices] if app else []
    schools, measured = _schools_by_distance(request, session, child)
    lang = language(request)
    names = {s.school_id: s.name for s, _m in schools}
    now = settings.current_time()
    return render(request, session, "child.html", status_code=status_code, child=child,
                  app=app, chosen=chosen, status=families.status(app, child), schools=schools,
                  measured=measured, mistake=mistake,
                  options=school_options(schools, translations(lang).gettext("(none)"),
                                         MAX_CHOICES, chosen, lang),
                  school_names=names, slots=MAX_CHOICES,
                  open=families.choosing(now, settings.choices_open, settings.deadline),
                  saved=saved, typed=typed is not None, address_sent=address_sent,
                  not_yet=settings.choices_open if now < settings.deadline else None,
                  advice=advice_for(request.app.state.chances, child, chosen, schools),
                  steps=family_timeline(session, settings.round_dates(), child,
                                        settings.round_name, now),
                  nearby_map=_nearby_map(request, child, schools[:NEARBY], lang),
                  map_credit=request.app.state.walking.attribution
                  if request.app.state.walking is not None else "")


#: The schools listed (and drawn) near a family's home.
NEARBY = 12


def _nearby_map(request: Request, child, near, lang: str):
    """The map of the home and the nearest schools, numbered as the list (none without the
    municipality's street map, and never for a child with protected personal data)."""
    from markupsafe import Markup

    walking = request.app.state.walking
    if walking is None or child.protected or not near:
        return None
    _ = translations(lang).gettext
    return Markup(walking.places_map(
        child.lat, child.lon, [(s.lat, s.lon) for s, _m in near],
        _("The schools nearest your home"),
        _("A map of your home and the %(n)s schools nearest it, numbered as in the list "
          "below.") % {"n": len(near)}, _("Home")))


@router.get("/children/{child_id}/schools/{school_id}")
def school_page(child_id: Id, school_id: str, request: Request, session: DB):
    from huvudman.letters.route_map import MapLabels
    from huvudman.services.families.school_facts import last_years_cutoff

    _, child = _my_child(request, session, child_id)
    school = school_by_id(session, school_id)
    if school is None:
        raise HTTPException(status_code=404)
    schools, measured = _schools_by_distance(request, session, child)
    metres = next((m for s, m in schools if s.school_id == school_id), None)
    lang = language(request)
    _ = translations(lang).gettext
    walk = None
    walking = request.app.state.walking
    if walking is not None and measured == "walking" and metres is not None:
        labels = MapLabels(
            _("Walking route to %(school)s") % {"school": school.name},
            _("The walk from your home to %(school)s, about %(metres)s m along streets and "
              "paths.") % {"school": school.name, "metres": number(metres, lang)},
            _("Home"), school.name)
        walk = walking.route_map(child.lat, child.lon, (school.school_id, school.lat,
                                                        school.lon), labels)
    return render(request, session, "school_page.html", child=child, school=school,
                  metres=metres, measured=measured, route_map=Markup(walk[0]) if walk else None,
                  credit=walking.attribution if walk else "",
                  last_year=last_years_cutoff(session, request.app.state.settings.round_name,
                                              school_id, lang))


Slot = Annotated[str, Form()]


def ranked_list(request: Request, csrf: Slot = "", choice1: Slot = "", choice2: Slot = "",
                choice3: Slot = "", choice4: Slot = "", choice5: Slot = "") -> list[str]:
    """The schools chosen in the form's slots, in order, empty slots left out (the form's
    CSRF token checked first)."""
    check_csrf(request, csrf)
    return [s.strip() for s in (choice1, choice2, choice3, choice4, choice5) if s and s.strip()]


Ranked = Annotated[list[str], Depends(ranked_list)]


@router.post("/children/{child_id}/choices")
def save_choices(child_id: Id, request: Request, session: DB,
                 listed: Ranked):
    user, child = _my_child(request, session, child_id)
    settings = request.app.state.settings
    try:
        families.save_choices(session, user, child, settings.round_name, listed,
                              settings.current_time(), settings.deadline,
                              settings.choices_open)
    except families.NotAllowed as err:
        return _child_page(request, session, child, listed, _mistake(request, session, err),
                           status_code=400)
    family_mail.list_saved(session, user, child, settings.round_name, settings.deadline,
                           settings.sender(), settings.current_time())
    return RedirectResponse(f"/children/{child.id}?saved=1", status_code=303)


def _mistake(request: Request, session, err: families.NotAllowed) -> str:
    """What was wrong with a list, in the family's language, naming the school."""
    _ = translations(language(request)).gettext
    if isinstance(err, families.ListMistake):
        name = school_names(session).get(err.school_id, err.school_id)
        return _(LIST_MISTAKES[err.code]) % {"school": name}
    return _(str(err))


@router.post("/children/{child_id}/pick")
def pick(child_id: Id, request: Request, session: DB, listed: Ranked, add: Slot = ""):
    """A school picked from "Schools near you" goes last on the list being built (not saved
    yet: the page comes back with the list and its chances, to reorder and save)."""
    _, child = _my_child(request, session, child_id)
    typed = families.picked(listed, add.strip(), MAX_CHOICES)
    return _child_page(request, session, child, typed)


@router.post("/children/{child_id}/chances")
def chances(child_id: Id, request: Request, session: DB,
            listed: Ranked):
    """The chances of a list being built: the fragment beside the form (htmx), or the whole
    page with the list kept as typed (without JavaScript: the form's "Show chances")."""
    _, child = _my_child(request, session, child_id)
    if request.headers.get("HX-Request") != "true":
        return _child_page(request, session, child, listed)
    schools, _measured = _schools_by_distance(request, session, child)
    return render(request, session, "_chances.html", fragment=True,
                  advice=advice_for(request.app.state.chances, child, listed, schools))


def _decided(session, request: Request, child_id: int):
    """The guardian's child and its published (run, placement); not found otherwise."""
    _, child = _my_child(request, session, child_id)
    found = portal_rounds.published_placement(session, child,
                                              request.app.state.settings.round_name)
    if found is None:
        raise HTTPException(status_code=404)
    return child, *found


@router.get("/children/{child_id}/decision")
def decision(child_id: Id, request: Request, session: DB):
    child, run, placement = _decided(session, request, child_id)
    appeals.note_received(placement, request.app.state.settings.current_time())
    return _decision_page(request, session, child, run, placement)


def _decision_page(request: Request, session, child, run, placement, status_code: int = 200,
                   error: str = ""):
    school = school_by_id(session, placement.override_school_id or placement.school_id)
    return render(request, session, "decision.html", status_code=status_code, child=child,
                  placement=placement, school=school, run=run,
                  officer=user_by_id(session, run.created_by),
                  has_letter=not child.protected and not placement.override_school_id
                  and portal_rounds.letter_facts_for(run, child) is not None,
                  way=appeals.way_to_appeal(run, child, placement),
                  unconfirmed=not placement.choice_rank
                  and families.list_did_not_count(session, child, run.round),
                  appeals=appeals.appeals_of(session, child), error=error)


@router.post("/children/{child_id}/appeal")
def appeal(child_id: Id, request: Request, session: DB, text: Slot = "", csrf: Slot = ""):
    check_csrf(request, csrf)
    user, _child = _my_child(request, session, child_id)
    child, run, placement = _decided(session, request, child_id)
    appeals.note_received(placement, request.app.state.settings.current_time())
    try:
        made = appeals.submit(session, user, child, run, placement, text,
                              request.app.state.settings.current_time())
    except families.NotAllowed as err:
        return _decision_page(request, session, child, run, placement, 400, str(err))
    family_mail.appeal_received(session, made, child, request.app.state.settings.sender(),
                                request.app.state.settings.current_time())
    return render(request, session, "appeal_sent.html", child=child, appeal=made,
                  way=appeals.way_to_appeal(run, child, placement))


@router.get("/children/{child_id}/letter")
def letter(child_id: Id, request: Request, session: DB):
    from fastapi.responses import HTMLResponse

    _child, composed = _letter(request, session, child_id)
    response = HTMLResponse(family_letter.as_page(composed))
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@router.get("/children/{child_id}/letter.pdf")
def letter_pdf(child_id: Id, request: Request, session: DB):
    """The family's own letter as a PDF/UA document to keep (never a protected child's: that
    letter goes through the secure channel)."""
    from fastapi.responses import Response

    child, composed = _letter(request, session, child_id)
    return Response(family_letter.as_pdf(composed), media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="beslut-{child.child_id}.pdf"'})


def _letter(request: Request, session, child_id: int):
    """The guardian's child and its composed decision letter; not found for a child with
    protected personal data or a decision made by hand."""
    child, run, placement = _decided(session, request, child_id)
    settings = request.app.state.settings
    if child.protected or placement.override_school_id:
        raise HTTPException(status_code=404)  # protected: the letter goes the secure way
    # ?easy=1: the letter in easy-read Swedish (lättläst), whatever the page's language
    code = "sv-easy" if request.query_params.get("easy") == "1" else language(request)
    appeals.note_received(placement, settings.current_time())
    way = appeals.way_to_appeal(run, child, placement)
    composed = family_letter.family_letter(session, run, child, settings.sender(),
                                           settings.school_start, code, way.last_day,
                                           request.app.state.walking)
    if composed is None:
        raise HTTPException(status_code=404)
    return child, composed


@router.post("/children/{child_id}/address")
def address_check(child_id: Id, request: Request, session: DB, text: Slot = "",
                  csrf: Slot = ""):
    """"Is the address wrong?": the guardian's words go to the placement officers through the
    complaint routine (a receipt, an answer within ten working days)."""
    from huvudman.services.dialogue.feedback import submit

    check_csrf(request, csrf)
    user, child = _my_child(request, session, child_id)
    settings = request.app.state.settings
    if child.protected:
        raise HTTPException(status_code=404)
    try:
        submit(session, user, home_address.check_request(child, text), "opinion", "placement",
               language(request), False, settings.current_time(), child=child,
               channel="portal", times=settings.feedback_times)
    except families.NotAllowed as err:
        return _child_page(request, session, child, mistake=str(err), status_code=400)
    return _child_page(request, session, child, address_sent=True)


@router.post("/children/{child_id}/disagree")
def disagree(child_id: Id, request: Request, session: DB, note: Slot = "", csrf: Slot = ""):
    """"I do not agree": the list does not count, and both guardians and the officers see
    it (with why, when the guardian says)."""
    check_csrf(request, csrf)
    user, child = _my_child(request, session, child_id)
    settings = request.app.state.settings
    try:
        families.disagree(session, user, child, settings.round_name, note,
                          settings.current_time(), settings.deadline)
    except families.NotAllowed as err:
        return _child_page(request, session, child, mistake=_mistake(request, session, err),
                           status_code=400)
    return RedirectResponse(f"/children/{child.id}#status-h", status_code=303)


@router.post("/children/{child_id}/feedback")
def feedback(child_id: Id, request: Request, session: DB,
             text: Slot = "", consent: Slot = "", csrf: Slot = ""):
    from huvudman.services.dialogue.feedback import submit

    check_csrf(request, csrf)
    user, child = _my_child(request, session, child_id)
    settings = request.app.state.settings
    try:
        sent = submit(session, user, text, "opinion", "placement", language(request),
                      consent == "1", settings.current_time(), child=child, channel="portal",
                      times=settings.feedback_times)
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    return render(request, session, "feedback_sent.html", item=sent.feedback, receipt=None,
                  child=child)


@router.get("/me/data")
def my_data(request: Request, session: DB):
    """Everything held about the signed-in person and their children, as a JSON download
    (GDPR article 15); the export is logged."""
    from fastapi.responses import Response

    user = require_user(request, session)
    record = person_export.person_record(session, user, user.email,
                                         request.app.state.settings.current_time())
    return Response(person_export.to_json(record), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="mina-uppgifter.json"'})
