"""Every route of the portal, every method, as every kind of visitor, with generated paths,
queries and forms (hypothesis): hostile and clumsy values — control characters, huge numbers,
formula and maths markup, path traversal, 20 kB strings, valid and forged form tokens, files
of random bytes — never give a server error."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portal_helpers import csrf_of, sign_in
from sqlalchemy import select

from helpers import count_case
from huvudman.store.models import Child, School

VISITORS = {
    "anonymous": None,
    "guardian": ("anna@demo.huvudman.se", "demo-anna"),
    "officer": ("handlaggare@demo.huvudman.se", "demo-officer"),
    "administrator": ("admin@demo.huvudman.se", "demo-admin"),
    "principal": ("rektor@demo.huvudman.se", "demo-rektor"),
    "evaluator": ("utvarderare@demo.huvudman.se", "demo-utvardering"),
}
#: Every form field and query parameter any page reads (the fuzzer adds random names too).
FIELDS = ("csrf", "email", "password", "text", "seed", "child_id", "school_id", "reason",
          "title", "body", "starts", "ends", "kind", "name", "role", "child", "category",
          "note", "preset", "mechanism", "fallback", "choice1", "choice2", "choice3",
          "choice4", "choice5", "severity", "description", "action", "answer", "code",
          "decided_on", "reference", "summary", "area1", "text1", "by1", "step", "id", "owner",
          "due_on", "done_on", "evidence", "on", "to_role", "subject", "held_on", "owner_role",
          "done", "close", "pupil_name", "pupil_class", "trigger", "trigger_ref", "proposal",
          "cost", "resources", "starts_on", "ends_on", "effect", "consent", "reply_to",
          "publish", "public_question", "passage", "accept", "confidence-far_school",
          "starts", "minutes_long", "place", "agenda", "minutes", "theme", "owner_id", "term",
          "area", "purpose", "visited_on", "observed", "strengths", "to_develop", "judgement",
          "justification", "received_on", "route", "channel", "lang", "caller", "size",
          "round", "label", "held_on", "notes", "quote", "language", "interpreter", "outcome",
          "understood_rules", "letter_clear", "information_in_time", "address", "lat",
          "lon", "add", "profile", "fritids", "languages")
QUERIES = ("a", "b", "run", "action", "actor", "easy", "saved", "decided", "reminded",
           "changed", "code", "state", "error", "q", "lang")


def _routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves."""
    out = []
    for entry in app.routes:
        router = getattr(entry, "original_router", None)
        for route in (router.routes if router is not None else [entry]):
            if isinstance(route, APIRoute):
                out.extend((method, route.path) for method in sorted(route.methods))
    return out


def _nasty(known: list[str]):
    """Values a clumsy user or an attacker types: the ids that exist, and everything else."""
    special = st.sampled_from([
        "", " ", "0", "-1", "1.5", "2147483648", "9" * 40, "1e309", "NaN", "true",
        "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "$\\frac{1}{2}$", "../../etc/passwd",
        "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "a\x00b", "x" * 20_000,
        "19121212-1212", "2027-02-30 25:61", "Åsa Öberg", "مرحبا", "\u202e", "\ud7ff",
        "2027-01-31 08:00", "placement_officer", "administrator", "guardian", "other",
    ])
    return st.one_of(special, st.sampled_from(known or ["x"]), st.text(max_size=40))


@st.composite
def cases(draw, routes, known):
    method, path = draw(st.sampled_from(routes))
    value = _nasty(known)
    for name in re.findall(r"{(\w+)}", path):
        part = draw(st.one_of(st.integers(-3, 2**40).map(str), value))
        path = path.replace("{" + name + "}", quote(part, safe="") or "1")
    query = draw(st.dictionaries(st.sampled_from(QUERIES), value, max_size=3))
    form = draw(st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12),
                                          st.just("places-" + (known[0] if known else "x"))),
                                value, max_size=8))
    upload = draw(st.one_of(st.none(), st.binary(max_size=300),
                            st.text(max_size=300).map(lambda t: t.encode("utf-8"))))
    return (draw(st.sampled_from(sorted(VISITORS))), method, path, query, form, upload,
            draw(st.booleans()))


def _client(app, visitor: str) -> TestClient:
    c = TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
    if VISITORS[visitor]:
        assert sign_in(c, *VISITORS[visitor]).status_code == 303
    return c


def test_no_route_gives_a_server_error(portal) -> None:
    app, _ = portal
    routes = _routes(app)
    assert len(routes) >= 40
    with app.state.sessions() as s:
        known = [*s.scalars(select(School.school_id).limit(3)),
                 *(str(i) for i in s.scalars(select(Child.id).limit(3))),
                 *s.scalars(select(Child.child_id).limit(2))]
    clients = {name: _client(app, name) for name in VISITORS}
    tokens = {name: csrf_of(c.get("/login").text) for name, c in clients.items()}

    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(cases(routes, known))
    def check(case) -> None:
        visitor, method, path, query, form, upload, real_token = case
        c = clients[visitor]
        if real_token:
            form = {**form, "csrf": tokens[visitor]}
        files = {"file": ("register.csv", upload, "text/csv")} if upload is not None else None
        response = c.request(method, path, params=query, data=form or None, files=files,
                             follow_redirects=False)
        count_case("portal routes")
        count_case(f"portal routes answered {response.status_code}")
        assert response.status_code < 500, (visitor, method, path, query, form,
                                            response.status_code, response.text[:300])
        assert "Traceback" not in response.text
        if response.headers.get("location", "").endswith("/login") and VISITORS[visitor]:
            clients[visitor] = _client(app, visitor)  # signed out (or role changed) by a case
            tokens[visitor] = csrf_of(clients[visitor].get("/login").text)

    check()


def test_every_number_in_a_path_is_bounded(portal) -> None:
    """A number in a path beyond what the database holds is a 'not found', never a crash: every
    integer path parameter must carry the bounds of `deps.Id` (the fuzzer found one without)."""
    app, _ = portal
    unbounded = []
    for entry in app.routes:
        router = getattr(entry, "original_router", None)
        for route in (router.routes if router is not None else [entry]):
            if not isinstance(route, APIRoute):
                continue
            for param in route.dependant.path_params:
                if param.field_info.annotation is not int:
                    continue
                limits = {type(m).__name__ for m in param.field_info.metadata}
                if not {"Ge", "Le"} <= limits:
                    unbounded.append((route.path, param.name))
    assert unbounded == []


def test_numbers_that_int_cannot_read_are_refused_not_crashed(portal) -> None:
    """'²' passes str.isdigit() but not int(): every number typed in a form is checked with
    isdecimal(), and a year far off is refused (each of these gave a server error)."""
    app, _ = portal
    principal = _client(app, "principal")
    with app.state.sessions() as s:
        school = s.scalars(select(School.school_id).order_by(School.school_id)).first()
    made = principal.post("/staff/support", data={
        "csrf": csrf_of(principal.get("/staff/support").text), "school_id": school,
        "trigger": "other", "title": "x", "proposal": "y", "cost": "²"})
    assert made.status_code == 400
    evaluator = _client(app, "evaluator")
    token = csrf_of(evaluator.get("/login").text)
    assert evaluator.post("/staff/dialogue/coding", data={
        "csrf": token, "passage": "²"}).status_code == 404
    assert evaluator.post("/staff/dialogue/group", data={
        "csrf": token, "step": "meeting", "starts": "0001-01-01 00:00", "minutes_long": "60",
        "place": "x", "agenda": "y"}).status_code == 400
