"""The access matrix, generated: every route the portal serves × every role (and a visitor
not signed in) × their own family's or another's records, expected from the one role table
(`portal.roles`: who may open a page, who may act on it). A route missing from the matrix
fails the test, so new pages (governance, dialogue) join it as they land. The data holds
children with protected identity, one of them overridden and given a special reason: every
response — pages, exports, letters, error messages — to anyone not entitled is searched for
their names, ids and personnummer."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from portal_helpers import close_choices, csrf_of, sign_in
from sqlalchemy import select
from test_fuzz_routes import _routes

from helpers import count_case
from huvudman.governance.deviations import CATEGORIES
from huvudman.governance.roles import ROLES, sees_protected_children
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.demo.portal_seed import DEMO_ACCOUNTS
from huvudman.store.models import Child, Feedback, Notice, School, SpecialReason, User

PUBLIC, SIGNED_IN, OWN_CHILD, CASE = "public", "signed in", "own child", "case"
PUPIL_CASE, THREAD, MEETING = "pupil case", "thread", "meeting"
GROUP_MEETING = "group meeting"
#: (method, path) → who may use it: a kind above, or (staff page, "read" | "act").
MATRIX: dict[tuple[str, str], object] = {
    ("GET", "/"): PUBLIC, ("GET", "/login"): PUBLIC, ("POST", "/login"): PUBLIC,
    ("GET", "/login/oidc"): PUBLIC, ("GET", "/login/oidc/callback"): PUBLIC,
    ("POST", "/logout"): PUBLIC, ("GET", "/lang/{code}"): PUBLIC,
    ("POST", "/notices/{notice_id}/dismiss"): PUBLIC,
    ("GET", "/reminders/off/{token}"): PUBLIC, ("POST", "/reminders/off/{token}"): PUBLIC,
    ("POST", "/me/reminders"): OWN_CHILD,
    ("GET", "/children"): OWN_CHILD, ("GET", "/children/{child_id}"): OWN_CHILD,
    ("GET", "/children/{child_id}/schools/{school_id}"): OWN_CHILD,
    ("POST", "/children/{child_id}/choices"): OWN_CHILD,
    ("POST", "/children/{child_id}/chances"): OWN_CHILD,
    ("GET", "/children/{child_id}/decision"): OWN_CHILD,
    ("GET", "/children/{child_id}/letter"): OWN_CHILD,
    ("GET", "/children/{child_id}/letter.pdf"): OWN_CHILD,
    ("POST", "/children/{child_id}/feedback"): OWN_CHILD,
    ("POST", "/children/{child_id}/address"): OWN_CHILD,
    ("POST", "/children/{child_id}/disagree"): OWN_CHILD,
    ("POST", "/children/{child_id}/pick"): OWN_CHILD,
    ("GET", "/staff/address"): ("applications", "act"),
    ("POST", "/staff/address"): ("applications", "act"),
    ("POST", "/children/{child_id}/appeal"): OWN_CHILD,
    ("GET", "/staff/appeals"): ("appeals", "read"), ("POST", "/staff/appeals"): ("appeals", "act"),
    ("GET", "/staff/appeals/{appeal_id}"): ("appeals", "read"),
    ("POST", "/staff/appeals/{appeal_id}/act"): ("appeals", "act"),
    ("GET", "/me/data"): SIGNED_IN, ("GET", "/me/feedback"): SIGNED_IN,
    ("GET", "/feedback"): PUBLIC, ("POST", "/feedback"): PUBLIC,
    ("POST", "/feedback/follow"): PUBLIC, ("GET", "/questions"): PUBLIC,
    ("GET", "/staff/feedback/{feedback_id}"): ("feedback", "read"),
    ("POST", "/staff/feedback/{feedback_id}/act"): ("feedback", "act"),
    ("GET", "/staff"): ("applications", "read"), ("POST", "/staff/remind"): ("applications", "act"),
    ("GET", "/staff/runs"): ("runs", "read"), ("POST", "/staff/runs"): ("runs", "act"),
    ("GET", "/staff/runs/{run_id}"): ("runs", "read"),
    ("POST", "/staff/runs/{run_id}/override"): ("runs", "act"),
    ("POST", "/staff/runs/{run_id}/publish"): ("runs", "act"),
    ("GET", "/staff/runs/{run_id}/publish"): ("runs", "act"),
    ("POST", "/staff/runs/{run_id}/justify"): ("runs", "act"),
    ("POST", "/staff/runs/{run_id}/approve"): ("run_approval", "act"),
    ("GET", "/staff/dialogue/survey"): ("survey", "read"),
    ("POST", "/staff/dialogue/survey"): ("survey", "act"),
    ("GET", "/staff/dialogue/survey/{survey_id}"): ("survey", "act"),
    ("GET", "/staff/dialogue/survey/{survey_id}/calls"): ("survey", "read"),
    ("POST", "/staff/dialogue/survey/{survey_id}/calls/{family_id}"): ("survey", "read"),
    ("GET", "/staff/dialogue/interviews"): ("interviews", "read"),
    ("POST", "/staff/dialogue/interviews"): ("interviews", "act"),
    ("GET", "/staff/runs/{run_id}/letters"): ("runs", "act"),
    ("GET", "/staff/runs/{run_id}/letters/progress"): ("runs", "act"),
    ("POST", "/staff/runs/{run_id}/letters"): ("runs", "act"),
    ("GET", "/staff/runs/{run_id}/letters.zip"): ("runs", "act"),
    ("GET", "/staff/compare"): ("compare", "read"),
    ("GET", "/staff/feedback"): ("feedback", "read"),
    ("GET", "/staff/import"): ("import", "read"), ("POST", "/staff/import"): ("import", "act"),
    ("GET", "/staff/statistics"): ("statistics", "read"),
    ("GET", "/staff/statistics.csv"): ("statistics", "read"),
    ("GET", "/staff/notices"): ("notices", "read"), ("POST", "/staff/notices"): ("notices", "act"),
    ("POST", "/staff/notices/{notice_id}/end"): ("notices", "act"),
    ("GET", "/staff/settings"): ("settings", "read"),
    ("POST", "/staff/settings"): ("settings", "act"),
    ("GET", "/staff/school"): ("school", "read"), ("GET", "/staff/audit"): ("audit", "read"),
    ("GET", "/staff/users"): ("users", "read"), ("POST", "/staff/users"): ("users", "act"),
    ("POST", "/staff/users/{user_id}/role"): ("users", "act"),
    ("GET", "/staff/special-reasons"): ("special_reasons", "read"),
    ("POST", "/staff/special-reasons"): ("special_reasons", "act"),
    ("POST", "/staff/special-reasons/{reason_id}/withdraw"): ("special_reasons", "act"),
    ("GET", "/staff/deviations/new"): ("report", "read"),
    ("POST", "/staff/deviations/new"): ("report", "act"),
    ("GET", "/staff/deviations"): ("deviations", "read"),
    ("GET", "/staff/deviations/{deviation_id}"): CASE,
    ("POST", "/staff/deviations/{deviation_id}/act"): CASE,
    ("GET", "/report"): PUBLIC, ("POST", "/report"): PUBLIC, ("POST", "/report/follow"): PUBLIC,
    ("GET", "/staff/inspections"): ("inspections", "read"),
    ("POST", "/staff/inspections"): ("inspections", "act"),
    ("GET", "/staff/inspections/{decision_id}"): ("inspections", "read"),
    ("POST", "/staff/inspections/{decision_id}/act"): ("inspections", "act"),
    ("GET", "/staff/inspections/{decision_id}/report.pdf"): ("inspections", "read"),
    ("GET", "/staff/early-warning"): ("early_warning", "read"),
    ("POST", "/staff/early-warning"): ("early_warning", "act"),
    ("GET", "/staff/advisers"): ("advisers", "read"),
    ("POST", "/staff/advisers"): ("advisers", "act"),
    ("POST", "/staff/advisers/{assignment_id}/notes"): ("adviser_notes", "act"),
    ("GET", "/staff/organisation"): ("organisation", "read"),
    ("GET", "/staff/dialogue/coding"): ("coding", "read"),
    ("POST", "/staff/dialogue/coding"): ("coding", "act"),
    ("POST", "/staff/dialogue/collect"): ("coding", "act"),
    ("GET", "/staff/dialogue/agreement"): ("coding", "read"),
    ("GET", "/staff/dialogue/report"): ("coding", "read"),
    ("GET", "/staff/dialogue/report.pdf"): ("coding", "read"),
    ("POST", "/staff/dialogue/report/calls"): ("coding", "act"),
    ("GET", "/staff/dialogue/coding.{kind}"): ("coding", "read"),
    ("GET", "/staff/evaluation"): ("evaluation", "read"),
    ("POST", "/staff/evaluation"): ("evaluation", "act"),
    ("GET", "/staff/evaluation/{plan_id}"): ("evaluation", "read"),
    ("POST", "/staff/evaluation/{plan_id}"): ("evaluation", "act"),
    ("GET", "/staff/dialogue/group"): ("working_group", "read"),
    ("POST", "/staff/dialogue/group"): ("working_group", "act"),
    ("GET", "/staff/dialogue/group/meetings/{meeting_id}"): GROUP_MEETING,
    ("POST", "/staff/dialogue/group/meetings/{meeting_id}"): GROUP_MEETING,
    ("GET", "/invitations/{meeting_id}.ics"): PUBLIC,
    ("GET", "/staff/governance-report"): ("governance_report", "read"),
    ("GET", "/staff/governance-report.pdf"): ("governance_report", "read"),
    ("GET", "/staff/support"): ("support", "read"), ("POST", "/staff/support"): ("support", "act"),
    ("GET", "/staff/support/{measure_id}"): ("support", "read"),
    ("POST", "/staff/support/{measure_id}/act"): ("support", "act"),
    ("GET", "/staff/pupil-support"): ("pupil_support", "read"),
    ("POST", "/staff/pupil-support"): ("pupil_support", "act"),
    ("GET", "/staff/pupil-support/{case_id}"): PUPIL_CASE,
    ("POST", "/staff/pupil-support/{case_id}/act"): PUPIL_CASE,
    ("GET", "/staff/management"): ("management", "read"),
    ("POST", "/staff/management/threads"): ("management", "act"),
    ("GET", "/staff/management/threads/{thread_id}"): THREAD,
    ("POST", "/staff/management/threads/{thread_id}/answer"): THREAD,
    ("POST", "/staff/management/meetings"): ("management", "act"),
    ("GET", "/staff/management/meetings/{meeting_id}"): MEETING,
    ("POST", "/staff/management/meetings/{meeting_id}/items"): MEETING,
}
#: The case the matrix reads: degrading treatment at the principal's school, which a teacher
#: reported — for its chain of command and its reporter only.
CASE_READERS = (*CATEGORIES["degrading_treatment"].chain, "teacher")
#: The pupil case the matrix reads: signalled by the teacher at the principal's school — for
#: the school's principal and pupil health, and the teacher who signalled, only.
PUPIL_CASE_READERS = ("principal", "pupil_health", "teacher")
PUPIL = "Pelle Hemligsson"
#: The thread the matrix reads: the principal's to the head of schools — the two levels and
#: those above; the meeting: the head of schools' team — that level and those above.
THREAD_READERS = ("principal", "head_of_schools", "education_director", "municipal_director")
MEETING_READERS = ("head_of_schools", "education_director", "municipal_director")
#: Records read only by some of a page's roles: the others get "not found" (ids are not
#: probed), roles without the page "forbidden".
SCOPED = {PUPIL_CASE: ("pupil_support", PUPIL_CASE_READERS),
          THREAD: ("management", THREAD_READERS), MEETING: ("management", MEETING_READERS)}
#: Where those who audit read protected children's ids by their task (the audit log).
ENTITLED_PAGES = {("GET", "/staff/audit"): ("auditor", "administrator")}


def _allowed(rule, role: str | None) -> bool:
    if rule == PUBLIC:
        return True
    if role is None:
        return False
    if rule == SIGNED_IN:
        return True
    if rule == OWN_CHILD:
        return role == "guardian"
    if rule == CASE:
        return role in CASE_READERS
    if rule == GROUP_MEETING:  # the management meeting's id names no group meeting: not found
        return role in roles_for("working_group")
    if rule in SCOPED:
        return role in SCOPED[rule][1]
    page, how = rule
    return role in (roles_for(page) if how == "read" else roles_acting(page))


def _signed_in(app, role: str | None) -> TestClient:
    c = TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
    if role is not None:
        account = next(a for a in DEMO_ACCOUNTS if a.role == role)
        assert sign_in(c, account.email, account.password).status_code == 303
    return c


def _setup(app) -> tuple[dict[str, str], list[str]]:
    """A placed, overridden and published run with protected children in it; the ids the
    routes take, and the protected children's identifying values."""
    officer = _signed_in(app, "placement_officer")
    token = csrf_of(officer.get("/staff/runs").text)
    made = officer.post("/staff/runs", data={"csrf": token, "seed": "4"},
                        follow_redirects=False)
    run_id = made.headers["location"].rsplit("/", 1)[1]
    with app.state.sessions() as s:
        protected = s.scalars(select(Child).where(Child.protected)).all()
        own = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        other = s.scalars(select(Child).where(Child.name == "Elias Berg")).one()
        schools = s.scalars(select(School.school_id).order_by(School.school_id)).all()
        evaluator = s.scalars(select(User.id).where(User.role == "school_evaluator")).first()
    assert protected
    hidden = protected[0]
    assert officer.post(f"/staff/runs/{run_id}/override", data={
        "csrf": token, "child_id": hidden.child_id, "school_id": schools[-1],
        "reason": "Skyddad adress: skolan närmast det tillfälliga boendet"},
        follow_redirects=False).status_code == 303
    assert officer.post("/staff/special-reasons", data={
        "csrf": token, "child": hidden.child_id, "school_id": schools[0],
        "category": "social", "note": "Skyddat boende"}, follow_redirects=False).status_code == 303
    assert officer.post("/staff/notices", data={
        "csrf": token, "title": "Driftstörning", "body": "Portalen stängs i kväll.",
        "starts": "2027-01-01 08:00", "ends": ""}, follow_redirects=False).status_code == 303
    # the override is audited: it may have broken a rule, then the two-person rule applies
    assert officer.post(f"/staff/runs/{run_id}/justify", data={
        "csrf": token, "justification": "Skyddat boende går före"},
        follow_redirects=False).status_code in (303, 400)
    admin = _signed_in(app, "administrator")
    admin.post(f"/staff/runs/{run_id}/approve", data={"csrf": csrf_of(admin.get(
        f"/staff/runs/{run_id}").text)}, follow_redirects=False)
    close_choices(app)
    assert officer.post(f"/staff/runs/{run_id}/publish", data={"csrf": token},
                        follow_redirects=False).status_code == 303
    # the protected child's family appealed on paper: the case must not show who it is
    made = officer.post("/staff/appeals", data={
        "csrf": token, "child": hidden.child_id, "route": "administrative_appeal",
        "channel": "paper", "text": f"Överklagande för {hidden.name}",
        "received_on": "2027-01-20", "starts_on": "2027-01-20"}, follow_redirects=False)
    assert made.status_code == 303, made.text
    appeal = made.headers["location"].rsplit("/", 1)[1]
    teacher = _signed_in(app, "teacher")
    page = teacher.get("/staff/deviations/new").text
    reported = teacher.post("/staff/deviations/new", data={
        "csrf": csrf_of(page), "category": "degrading_treatment", "severity": "2",
        "school_id": re.search(r'<option value="([^"]+)" selected>', page).group(1),
        "title": "Kränkning i matsalen", "description": "En elev hånades av flera andra."},
        follow_redirects=False)
    deviation = reported.headers["location"].split("?")[0].rsplit("/", 1)[1]
    head = _signed_in(app, "head_of_schools")
    page = head.get("/staff/inspections").text
    with app.state.sessions() as s:
        rektor_school = s.scalars(select(User.school_id).where(User.role == "principal")).one()
    decision = head.post("/staff/inspections", data={
        "csrf": csrf_of(page), "school_id": rektor_school, "decided_on": "2027-01-10",
        "kind": "injunction", "reference": "SI 2026:77", "area1": "support",
        "text1": "Stöd ges inte.", "by1": "2027-05-01"},
        follow_redirects=False).headers["location"].rsplit("/", 1)[1]
    page = teacher.get("/staff/pupil-support").text
    pupil_case = teacher.post("/staff/pupil-support", data={
        "csrf": csrf_of(page), "pupil_name": PUPIL, "pupil_class": "3B",
        "text": "Läser långsamt och tappar i matematik."},
        follow_redirects=False).headers["location"].rsplit("/", 1)[1]
    principal = _signed_in(app, "principal")
    measure = principal.post("/staff/support", data={
        "csrf": csrf_of(principal.get("/staff/support").text), "school_id": rektor_school,
        "trigger": "inspection_finding", "title": "Specialpedagog två dagar i veckan",
        "proposal": "Stöd till lärarna i att anpassa undervisningen.", "cost": "180 000"},
        follow_redirects=False).headers["location"].rsplit("/", 1)[1]
    sent = _signed_in(app, "guardian")
    sent.post("/feedback", data={"csrf": csrf_of(sent.get("/feedback").text), "kind": "question",
                                 "category": "placement", "text": "När kommer beslutet?"})
    with app.state.sessions() as s:
        feedback_id = str(s.scalars(select(Feedback.id)).first())
    board = principal.get("/staff/management").text
    thread = principal.post("/staff/management/threads", data={
        "csrf": csrf_of(board), "to_role": "head_of_schools", "subject": "Vikariebrist",
        "text": "Två lärare saknas."}, follow_redirects=False).headers["location"]
    meeting = head.post("/staff/management/meetings", data={
        "csrf": csrf_of(head.get("/staff/management").text), "held_on": "2027-01-25"},
        follow_redirects=False).headers["location"]
    with app.state.sessions() as s:
        reason = s.scalars(select(SpecialReason.id)).first()
        notice = s.scalars(select(Notice.id)).first()
    ids = {"run_id": run_id, "school_id": schools[0], "notice_id": str(notice),
           "reason_id": str(reason), "user_id": str(evaluator), "code": "sv",
           "deviation_id": deviation, "decision_id": decision, "assignment_id": "1",
           "case_id": pupil_case, "measure_id": measure, "feedback_id": feedback_id,
           "kind": "csv", "plan_id": "1", "appeal_id": appeal,
           "thread_id": thread.rsplit("/", 1)[1], "meeting_id": meeting.rsplit("/", 1)[1],
           "own": str(own.id), "other": str(other.id), "token": "no-such-token",
           "survey_id": "1", "family_id": "1"}
    secrets = [v for c in protected for v in (c.name, c.child_id, c.personnummer) if v]
    return ids, secrets


def test_every_route_for_every_role_as_the_role_table_says(portal) -> None:
    app, _ = portal
    routes = _routes(app)
    missing = sorted(set(routes) - set(MATRIX))
    assert not missing, f"add these routes to the access matrix: {missing}"
    ids, secrets = _setup(app)
    leak = re.compile("|".join(re.escape(s) for s in secrets))
    # signing out comes last, so every other route is tried signed in
    ordered = sorted(routes, key=lambda r: r == ("POST", "/logout"))
    wrong, seen_by_entitled = [], set()
    for role in (None, *ROLES):
        c = _signed_in(app, role)
        token = csrf_of(c.get("/login").text)
        for method, path in ordered:
            rule = MATRIX[method, path]
            families = ("own", "other") if "{child_id}" in path else ("own",)
            for family in families:
                url = path.replace("{child_id}", ids[family])
                for name in re.findall(r"{(\w+)}", url):
                    url = url.replace("{" + name + "}", ids[name])
                response = c.request(method, url, data={"csrf": token} if method == "POST"
                                     else None, follow_redirects=False)
                count_case("access matrix requests")
                code = response.status_code
                to_login = code == 303 and response.headers["location"].endswith("/login")
                allowed = _allowed(rule, role) and not (rule == OWN_CHILD and family == "other")
                if code >= 500:
                    ok = False
                elif rule == PUBLIC:
                    ok = code not in (401, 403) or path.startswith("/login/oidc")
                elif allowed:
                    ok = code not in (401, 403) and not to_login
                elif role is None:
                    ok = to_login or (method == "POST" and code == 403)
                elif rule == OWN_CHILD and role == "guardian":
                    ok = code == 404  # another family's child: not found, not forbidden
                elif rule == CASE and role != "guardian":
                    ok = code == 404  # a case they may not read: not found
                elif rule in SCOPED and role in roles_for(SCOPED[rule][0]):
                    ok = code == 404  # the page is theirs, the record is not
                else:
                    ok = code == 403
                if not ok:
                    wrong.append((role, method, url, code))
                entitled = sees_protected_children(role or "") or \
                    role in ENTITLED_PAGES.get((method, path), ())
                if entitled and leak.search(response.text):
                    seen_by_entitled.add((method, path))
                if PUPIL in response.text and role not in PUPIL_CASE_READERS:
                    wrong.append((role, method, url, "shows the pupil's name"))
                if not entitled and leak.search(response.text):
                    wrong.append((role, method, url, "shows a protected child: "
                                  + leak.search(response.text).group(0)))
    assert not wrong, "\n".join(map(str, wrong))
    # the search finds them where those entitled look (so it would find a leak elsewhere)
    assert {("GET", "/staff/special-reasons"), ("GET", "/staff/audit")} <= seen_by_entitled
