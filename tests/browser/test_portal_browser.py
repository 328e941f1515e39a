"""The portal in Debian's Chromium (Playwright): a guardian signs in, ranks schools, sees the
chances, saves, looks at a school and the walk there; another guardian guessing ids finds
nothing; an officer imports, sets places, publishes a notice, places, reviews, overrides,
publishes, compares runs and reads the statistics; the guardian then reads the decision and the
letter and sends feedback; the auditor reads the audit log. Accessibility (axe-core, WCAG 2.1
AA) on every page visited; screenshots to build/screenshots/ (ignored by git), or to the
README's docs/screenshots/ when `scripts/refresh-screenshots` asks for them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select

from huvudman.datafiles.rules import load_rules
from huvudman.decisions.appeals import last_day
from huvudman.portal.app import create_app
from huvudman.portal.settings import PortalSettings
from huvudman.services.demo.portal_seed import seed_demo
from huvudman.services.families.applications import save_choices
from huvudman.services.forecast.chance_service import ChanceService
from huvudman.services.streets.walking_service import WalkingService
from huvudman.store.database import make_engine, sessions, upgrade
from huvudman.store.models import Child, School, User
from huvudman.workdays import STOCKHOLM, swedish_holidays
from portal.portal_helpers import close_choices

ROOT = Path(__file__).resolve().parents[2]
SHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("HUVUDMAN_REFRESH_DOCS") == "1"
         else ROOT / "build" / "screenshots")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    url = f"sqlite:///{tmp / 'portal.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with sessions(engine).begin() as s:
        seed_demo(s, tmp, children=1500, schools=15, seed=3)
    # the round's days around today (the browser's clock is the real one): choosing is open
    now = datetime.now(UTC)
    today = now.astimezone(STOCKHOLM).date()
    settings = PortalSettings(secret_key="browser-test", secure_cookies=False,
                              deadline=now + timedelta(days=30),
                              choices_open=today - timedelta(days=14),
                              decision_day=today + timedelta(days=60),
                              school_start=today + timedelta(days=200))
    with sessions(engine).begin() as s:
        # Cecilia puts first a school with no places this year: her family will be refused
        cecilia = s.scalars(select(User).where(User.email == "cecilia@demo.huvudman.se")).one()
        closed, other = s.scalars(select(School).order_by(School.school_id)).all()[-2:]
        closed.capacity = 0
        save_choices(s, cecilia, cecilia.children[0], "2027", [closed.school_id,
                                                               other.school_id],
                     now, settings.deadline)
    engine.dispose()
    last = tmp / "last-year"
    app = create_app(url, settings,
                     ChanceService(last / "schools.csv", last / "children.csv",
                                   load_rules(None), 150), runs_dir=tmp / "runs",
                     walking=WalkingService(tmp / "this-year" / "streets.osm"))
    app.state.tmp = tmp
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        yield b
        b.close()


def new_page(browser, **options):
    """A page in its own context; the page's CSP would (rightly) block injecting axe-core."""
    return browser.new_context(bypass_csp=True, **options).new_page()


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")


PHONE = {"width": 420, "height": 900}
DESK = {"width": 1100, "height": 800}
ANNA = ("anna@demo.huvudman.se", "demo-anna")


def signed_in_page(browser, base: str, account: tuple[str, str], landing: str,
                   viewport: dict = PHONE, **options):
    """A new page signed in as `account`, waiting on its landing page."""
    page = new_page(browser, viewport=viewport, **options)
    sign_in(page, base, *account)
    page.wait_for_url(f"{base}{landing}")
    return page


def axe_problems(page) -> list[tuple[str, int]]:
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).with_name("axe.min.js")))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [(v["id"], len(v["nodes"])) for v in result["violations"]]


def _risky_school(app) -> tuple[int, str]:
    """Alva's key and a school that, listed alone, risks none of it (so the chances name
    schools to add), asked of the same forecast the page asks."""
    with app.state.sessions() as s:
        alva = s.scalars(select(Child).where(Child.name == "Alva Andersson")).one()
        ids = s.scalars(select(School.school_id).order_by(School.school_id)).all()
        for sid in ids:
            advice = app.state.chances.chances(alva.lat, alva.lon, [sid])
            if advice is not None and advice.warn and advice.suggestions:
                return alva.id, sid
    raise AssertionError("no risky school for Alva")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_guardian_ranks_schools_and_sees_the_chances(portal, browser) -> None:
    base, app = portal
    SHOTS.mkdir(parents=True, exist_ok=True)
    key, risky = _risky_school(app)
    page = signed_in_page(browser, base, ANNA, "/children", locale="sv-SE",
                          viewport={"width": 390, "height": 844})  # a phone
    assert page.locator("h1").inner_text() == "Era barn"
    page.screenshot(path=str(SHOTS / "guardian-children.png"), full_page=True)
    assert axe_problems(page) == []
    page.click("text=Alva Andersson")
    page.wait_for_selector("#choice1")
    page.select_option("#choice1", risky)
    page.wait_for_selector(f"#chances tr[data-school='{risky}']", timeout=20000)
    chances = page.locator("#chances").inner_text()
    # words first, numbers beside them, and the schools that would lower the risk, by name
    assert re.search(r"(mycket troligt|troligt|osäkert|osannolikt) \d+\s%", chances), chances
    assert "Hög risk" in chances and "risken blir" in chances
    suggested = page.locator("#chances li[data-suggested]").first.get_attribute("data-suggested")
    page.screenshot(path=str(SHOTS / "guardian-chances.png"), full_page=True)
    assert axe_problems(page) == [] and no_sideways_scroll(page)
    page.select_option("#choice2", suggested)  # she takes the advice
    page.wait_for_selector(f"#chances tr[data-school='{suggested}']", timeout=20000)
    after = page.locator("#chances").inner_text()
    assert "Säkert: ert barn får" in after or "Ingen skola på er lista kan utlovas" in after
    page.click("button.primary")
    page.wait_for_selector("p.ok[role=status]")
    assert "Bo Andersson" in page.locator("p.warning").first.inner_text()
    # the receipt shows the chances again, drawn by the server
    assert page.locator("#status-h ~ section #chances-h, section[aria-labelledby='status-h'] "
                        "#chances-h").count() == 1
    assert page.locator("ol.timeline li").count() == 5
    page.screenshot(path=str(SHOTS / "guardian-receipt.png"), full_page=True)
    assert no_sideways_scroll(page)
    page.close()
    # without JavaScript: the same chances, after saving and on asking
    plain = new_page(browser, viewport={"width": 320, "height": 800}, locale="sv-SE",
                     java_script_enabled=False)
    sign_in(plain, base, *ANNA)
    plain.goto(f"{base}/children/{key}")
    assert "Vad er lista troligen leder till" in plain.locator("main").inner_text()
    plain.click("button:has-text('Visa chanserna för den här listan')")
    plain.wait_for_selector(f"#chances tr[data-school='{suggested}']")
    assert no_sideways_scroll(plain)
    plain.screenshot(path=str(SHOTS / "guardian-chances-no-js.png"), full_page=True)
    plain.close()


def test_the_other_guardian_approves_the_list_on_the_narrowest_phone(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, ("bo@demo.huvudman.se", "demo-bo"), "/children",
                          viewport={"width": 320, "height": 800}, locale="sv-SE")
    page.click("text=Titta på listan och bekräfta den")  # the notice on his start page
    page.wait_for_selector("#agree-h")
    assert page.locator("#agree-h").inner_text() == (
        "Anna Andersson har valt listan ovan. Håller ni med?")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "guardian-approve.png"), full_page=True)
    page.click("button:has-text('Godkänn listan')")
    page.wait_for_selector("p.ok[role=status]")
    assert "alla vårdnadshavare har bekräftat dem" in \
        page.locator("p.ok[role=status]").inner_text()
    assert page.locator("#agree-h").count() == 0
    page.close()


def test_a_guardian_guessing_another_childs_id_gets_not_found(portal, browser) -> None:
    base, app = portal
    with app.state.sessions() as s:
        other = s.scalars(select(User).where(User.email == "cecilia@demo.huvudman.se")) \
            .one().children[0].id
    page = signed_in_page(browser, base, ANNA, "/children", locale="sv-SE")
    response = page.goto(f"{base}/children/{other}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Hittades inte"
    page.close()


def test_a_guardian_looks_at_a_school_and_the_walk_there(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, ANNA, "/children", locale="sv-SE")
    page.click("text=Alva Andersson")
    page.click(".schools li:first-child a")
    page.wait_for_selector("svg.route-map")
    assert "Promenad från ert hem" in page.content() and "Förra året" in page.content()
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "guardian-school.png"), full_page=True)
    page.close()


def test_an_officer_imports_sets_places_places_overrides_and_publishes(portal, browser) -> None:
    base, app = portal
    tmp = app.state.tmp
    page = new_page(browser, viewport=DESK)
    page.goto(f"{base}/lang/en")
    sign_in(page, base, "handlaggare@demo.huvudman.se", "demo-officer")
    page.wait_for_url(f"{base}/staff")
    assert page.locator("h1").inner_text() == "Applications that do not count yet"
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-applications.png"))
    # import: a bad file is rejected whole, a good one imported
    with app.state.sessions() as s:
        near = s.scalars(select(School).order_by(School.school_id)).first()
    header = "school_id,name,lat,lon,capacity,district\n"
    (tmp / "bad.csv").write_text(header + f"N1,Nya skolan,{near.lat},{near.lon},-5,Norr\n")
    (tmp / "good.csv").write_text(header + f"N1,Nya skolan,{near.lat + 0.01},{near.lon},30,"
                                  "Norr\n")
    page.goto(f"{base}/staff/import")
    page.set_input_files("#file", str(tmp / "bad.csv"))
    page.click("button.primary")
    assert "Nothing was imported" in page.locator("p.warning").inner_text()
    page.set_input_files("#file", str(tmp / "good.csv"))
    page.click("button.primary")
    assert "Imported 1 rows" in page.locator("p.ok").inner_text()
    # rules and places
    page.goto(f"{base}/staff/settings")
    page.fill("#places-N1", "24")
    page.click("button.primary")
    page.wait_for_selector("p.ok")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-settings.png"), full_page=True)
    # a notice every page shows
    page.goto(f"{base}/staff/notices")
    page.fill("#title", "Disruption")
    page.fill("#body", "The e-service closes at 18:00 today for maintenance.")
    page.click("form.stack button.primary")
    page.wait_for_selector(".notice")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-notices.png"), full_page=True)
    # place, review, override with a reason, publish
    page.goto(f"{base}/staff/runs")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/staff/runs/[0-9]+$"))
    with app.state.sessions() as s:
        cecilia = s.scalars(select(User).where(User.email == "cecilia@demo.huvudman.se")).one()
        child_id = s.get(Child, cecilia.children[0].id).child_id
    run_url = page.url
    # before the choice deadline nothing can be published: no button, and the page says why
    assert "Families may change their lists until" in page.content()
    assert page.locator("a:has-text('Publish the decisions')").count() == 0
    page.goto(f"{run_url}/publish")
    assert page.locator("h1").inner_text() == "The decisions cannot be published yet"
    page.goto(run_url)
    page.fill("#child_id", child_id)
    page.select_option("#school_id", "N1")
    page.fill("#reason", "Needs the new school's reception class (decided with the family).")
    page.click("button:has-text('Override')")
    page.wait_for_selector(f"text={child_id}: ")
    # an override into a full school: the audit, redone at once, shows it as a finding
    full = page.locator("#school_id option", has_text="— 0 free").first.get_attribute("value")
    with app.state.sessions() as s:
        other = s.scalars(select(Child.child_id).where(~Child.protected, Child.child_id !=
                                                       child_id)
                          .order_by(Child.child_id.desc())).first()  # not Anna's child
    page.fill("#child_id", other)
    page.select_option("#school_id", full)
    page.fill("#reason", "Testing what the audit says.")
    page.click("button:has-text('Override')")
    page.wait_for_selector("text=Audited again after the overrides below.")
    assert "Places: 1 findings" in page.locator("#audit + p + ul").inner_text()
    with app.state.sessions() as s:
        name = s.get(School, full).name
    assert page.locator(f"li:has-text('school {name} has')").count() == 1
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-run.png"), full_page=True)
    # findings need a justification that a second person approves
    page.fill("#justification", "Both children have decided special reasons for these schools.")
    page.click("button:has-text('Save the justification')")
    page.wait_for_selector("text=Someone other than its writer must approve it.")
    admin = signed_in_page(browser, base, ("admin@demo.huvudman.se", "demo-admin"), "/staff",
                           DESK)
    admin.goto(f"{base}/lang/en")
    admin.goto(run_url)
    admin.click("button:has-text('Approve the justification')")
    admin.wait_for_selector("text=Approved by admin@demo.huvudman.se")
    admin.close()
    close_choices(app)  # the choice period ends
    page.goto(run_url)
    page.click("a:has-text('Publish the decisions')")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Publish decisions for ") and " children, dated " in heading
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-publish.png"), full_page=True)
    page.click("button.primary")
    page.wait_for_selector("p.ok")
    page.goto(f"{base}/staff/compare")
    page.wait_for_selector("text=Fairness measures")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-compare.png"))
    page.goto(f"{base}/staff/statistics")
    page.wait_for_selector("svg.fallback-map")
    assert "Oversubscribed schools" in page.content() and "By year" in page.content()
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-statistics.png"), full_page=True)
    page.close()


def test_a_guardian_reads_the_decision_and_the_letter_and_sends_feedback(portal,
                                                                         browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, ANNA, "/children", locale="sv-SE")
    page.click("text=beslut")
    page.wait_for_selector("h1")
    assert "Beslut för Alva Andersson" in page.locator("h1").inner_text()
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "guardian-decision.png"), full_page=True)
    page.click("text=Läs beslutsbrevet")
    page.wait_for_selector("h2#appeal")
    appeal = page.locator("section[aria-labelledby=appeal]").inner_text()
    assert "laglighetsprövning" in appeal or "överklaga" in appeal  # one way, or none
    assert "laglighetsprövning" not in appeal or "överklagandenämnd" not in appeal
    # on the narrowest phone no cell of the letter spills over its neighbour or the screen
    page.set_viewport_size({"width": 320, "height": 800})
    spills = page.evaluate("""() => [...document.querySelectorAll('th, td, p, h1, h2, h3')]
        .filter(e => e.scrollWidth > e.clientWidth + 1
                  || e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))""")
    assert spills == [], spills
    # measured boxes: no cell of a row overlaps the next, the map fits the screen
    overlaps = page.evaluate("""() => [...document.querySelectorAll('tr')].flatMap(row => {
        const boxes = [...row.children].map(c => c.getBoundingClientRect());
        return boxes.slice(1).filter((b, i) => b.left < boxes[i].right - 1)
                    .map(() => row.textContent.trim().slice(0, 40)); })""")
    assert overlaps == [], overlaps
    map_box = page.locator("figure.map svg").bounding_box()
    assert map_box is not None and map_box["x"] >= 0 and map_box["x"] + map_box["width"] <= 321
    sentences = page.locator("main p").all_inner_texts()
    page.goto(page.url.replace("/letter", "/decision"))
    with page.expect_download() as download:
        page.click("text=Ladda ned brevet som PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(download.value.path())
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split())
                    for i in range(len(pdf)))
    for sentence in sentences:  # the PDF says what the page said, sentence by sentence
        assert " ".join(sentence.replace("\u00a0", " ").split()) in text.replace("\u00a0", " ")
    page.set_viewport_size(PHONE)
    page.goto(page.url.replace("/letter", "/decision"))
    # the one way to appeal this decision, with its last day (or plainly none)
    appeal = page.locator("h2#appeal-h + *").inner_text()
    assert ("senast" in page.content()) or ("inget att överklaga" in page.content()), appeal
    page.fill("#text", "Tack för ett tydligt beslut!")
    page.click("button.primary")
    page.wait_for_selector("text=och svarar senast")
    page.close()


def test_a_refused_guardian_appeals_and_gets_a_receipt_with_the_last_day(portal,
                                                                          browser) -> None:
    base, app = portal
    with app.state.sessions() as s:
        elias = s.scalars(select(Child).where(Child.name == "Elias Berg")).one().id
    # Cecilia's first choice had no places (the fixture): the page names the one way to
    # appeal and its last day, three weeks from today (she reads the decision now)
    page = signed_in_page(browser, base, ("cecilia@demo.huvudman.se", "demo-cecilia"),
                          "/children", locale="sv-SE")
    page.goto(f"{base}/children/{elias}/decision")
    last = last_day(datetime.now(UTC).astimezone(STOCKHOLM).date(),
                    swedish_holidays(range(2026, 2029))).isoformat()
    assert f"Skicka överklagandet till oss senast {last}." in page.content()
    assert "Skolväsendets överklagandenämnd" in page.content()
    assert axe_problems(page) == []
    page.fill("#appeal-text", "Vi vill ha plats på skolan vi valde först.")
    page.click("button:has-text('Skicka överklagandet')")
    page.wait_for_selector("h1:has-text('Ert överklagande har kommit in')")
    assert f"Sista dagen för att överklaga beslutet är {last}." in page.content()
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "guardian-appeal-receipt.png"), full_page=True)
    page.close()


def test_the_auditor_reads_the_audit_log(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, ("revisor@demo.huvudman.se", "demo-revisor"),
                          "/staff", DESK, locale="sv-SE")
    page.goto(f"{base}/staff/audit")
    assert "är oförändrade" in page.locator("p.ok").inner_text()
    assert page.locator("td:text-is('override_placement')").count() == 2
    assert page.locator("td:text-is('approve_run')").count() == 1
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-audit.png"))
    page.close()


TEACHER = ("larare@demo.huvudman.se", "demo-larare")
PRINCIPAL = ("rektor@demo.huvudman.se", "demo-rektor")
HEAD = ("skolchef@demo.huvudman.se", "demo-skolchef")


def test_a_teacher_reports_a_deviation_on_a_phone(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, TEACHER, "/staff/deviations", locale="sv-SE")
    assert axe_problems(page) == []
    page.click("text=Anmäl en avvikelse")
    page.wait_for_selector("#category")
    page.select_option("#category", "safety_incident")
    page.check("input[name=severity][value='2']")
    page.select_option("#place", "schoolyard")
    page.fill("#title", "Glas på skolgården")
    page.fill("#description", "Krossat glas vid klätterställningen i morse.")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-report-deviation.png"), full_page=True)
    page.click("form[action='/staff/deviations/new'] button.primary")
    page.wait_for_selector("p.ok")
    assert "Tack. Anmälan ligger hos Rektor" in page.locator("p.ok").inner_text()
    assert axe_problems(page) == []
    page.close()


def test_each_level_sees_its_board(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, PRINCIPAL, "/staff/statistics", DESK, locale="sv-SE")
    page.goto(f"{base}/staff/deviations")
    assert "Glas på skolgården" in page.locator("main").inner_text()
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-deviations-principal.png"), full_page=True)
    page.click("text=Glas på skolgården")
    page.select_option("#action", "start")
    page.click("form[action$='/act'] button.primary")
    page.wait_for_selector("text=Utredning påbörjad")
    assert axe_problems(page) == []
    page.close()
    head = signed_in_page(browser, base, HEAD, "/staff", DESK, locale="sv-SE")
    head.goto(f"{base}/staff/deviations")
    text = head.locator("main").inner_text()
    assert "Öppet under mig i ledningskedjan" in text and "Glas på skolgården" in text
    assert axe_problems(head) == []
    head.screenshot(path=str(SHOTS / "staff-deviations-head.png"), full_page=True)
    head.close()


def test_an_anonymous_report_is_followed_and_answered_with_its_code(portal, browser) -> None:
    base, _ = portal
    page = new_page(browser, viewport=PHONE, locale="sv-SE")
    page.goto(f"{base}/report")
    assert axe_problems(page) == []
    page.select_option("#category", "complaint")
    page.fill("#title", "Ingen lärare i idrott")
    page.fill("#description", "Idrottslektionerna har ställts in i tre veckor.")
    page.click("form[action='/report'] button.primary")
    code = page.locator("p.receipt strong").inner_text()
    assert len(code) == 14 and code.count("-") == 2
    assert axe_problems(page) == []
    head = signed_in_page(browser, base, HEAD, "/staff", DESK, locale="sv-SE")
    head.goto(f"{base}/staff/deviations")
    head.click("text=Ingen lärare i idrott")
    head.select_option("#action", "question")
    head.fill("#text", "Vilken skola och klass gäller det?")
    head.click("form[action$='/act'] button.primary")
    head.wait_for_selector("text=Vilken skola och klass gäller det?")
    head.close()
    page.goto(f"{base}/report")
    page.fill("#code", code.lower())
    page.click("form[action='/report/follow'] button")
    page.wait_for_selector("text=Vilken skola och klass gäller det?")
    page.fill("#answer", "Ängskolan, klass 5A")
    page.click("form[action='/report/follow'] button")
    page.wait_for_selector("p.ok")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "anonymous-follow.png"), full_page=True)
    page.close()


HEALTH = ("elevhalsa@demo.huvudman.se", "demo-elevhalsa")


def test_a_pupil_is_signalled_on_a_phone_and_the_principal_decides(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, TEACHER, "/staff/deviations", locale="sv-SE")
    page.goto(f"{base}/staff/pupil-support")
    page.click("text=Signalera att en elev kan behöva särskilt stöd")
    page.fill("#pupil_name", "Ture Testsson")
    page.fill("#pupil_class", "4A")
    page.fill("#text", "Har svårt att komma igång med skrivuppgifter.")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-pupil-signal.png"), full_page=True)
    page.click("form[action='/staff/pupil-support'] button.primary")
    page.wait_for_selector("text=Signal given, rektor informerad")
    assert axe_problems(page) == []
    page.close()
    health = signed_in_page(browser, base, HEALTH, "/staff/deviations", locale="sv-SE")
    health.goto(f"{base}/staff/pupil-support")
    health.click("text=Ture Testsson")
    health.click("text=Starta utredningen i dag")
    health.wait_for_selector("text=Utredning påbörjad")
    health.close()
    principal = signed_in_page(browser, base, PRINCIPAL, "/staff/statistics", DESK,
                               locale="sv-SE")
    principal.goto(f"{base}/staff/pupil-support")
    principal.click("text=Ture Testsson")
    principal.fill("#note", "Anpassad skrivmall och stöd av speciallärare två gånger i veckan.")
    principal.click("button[value=programme]")
    principal.wait_for_selector("text=Åtgärdsprogram beslutat")
    assert axe_problems(principal) == []
    principal.goto(f"{base}/staff/pupil-support")
    assert axe_problems(principal) == []
    principal.screenshot(path=str(SHOTS / "staff-pupil-support.png"), full_page=True)
    principal.close()


def test_the_head_of_schools_board_and_the_monthly_agenda(portal, browser) -> None:
    base, _ = portal
    principal = signed_in_page(browser, base, PRINCIPAL, "/staff/statistics", PHONE,
                               locale="sv-SE")
    principal.goto(f"{base}/staff/management")
    principal.click("text=Lyft en fråga till en annan nivå")
    principal.fill("#subject", "Vikariebrist i matematik")
    principal.fill("#text", "Två lärare saknas från mars.")
    assert axe_problems(principal) == []
    principal.click("form[action='/staff/management/threads'] button.primary")
    principal.wait_for_selector("text=Två lärare saknas från mars.")
    principal.close()
    head = signed_in_page(browser, base, HEAD, "/staff", DESK, locale="sv-SE")
    head.goto(f"{base}/staff/management")
    assert "Vikariebrist i matematik" in head.locator("main").inner_text()
    assert axe_problems(head) == []
    head.screenshot(path=str(SHOTS / "staff-management-board.png"), full_page=True)
    head.click("text=Ta fram dagordningen")
    head.wait_for_selector("text=Dagordning")
    assert "Vikariebrist i matematik" in head.locator("main").inner_text()
    head.select_option("#kind", "action")
    head.fill("#text", "Rekrytera två vikarier till mars")
    head.select_option("#owner_role", "principal")
    head.fill("#due_on", "2027-02-20")
    head.click("form[action$='/items'] button.primary")
    head.wait_for_selector("text=Rekrytera två vikarier till mars")
    assert axe_problems(head) == []
    head.screenshot(path=str(SHOTS / "staff-management-meeting.png"), full_page=True)
    for path, shot in (("/staff/organisation", "staff-organisation.png"),
                       ("/staff/governance-report", "staff-governance-report.png")):
        head.goto(f"{base}{path}")
        assert axe_problems(head) == [], path
        head.screenshot(path=str(SHOTS / shot), full_page=True)
    head.set_viewport_size(PHONE)
    assert head.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    head.close()


def test_anonymous_feedback_in_english_on_a_phone(portal, browser) -> None:
    base, _ = portal
    page = new_page(browser, viewport=PHONE, locale="en-GB")
    page.goto(f"{base}/feedback")
    assert "Education Act, chapter 4, section 8" in page.locator("main").inner_text()
    page.check("input[name=kind][value=complaint]")
    page.select_option("#category", "communication")
    page.fill("#text", "The letter about the placement was only in Swedish.")
    page.check("input[name=consent]")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "feedback-form.png"), full_page=True)
    page.click("form[action='/feedback'] button.primary")
    page.wait_for_selector("p.receipt")
    code = page.locator("p.receipt").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert axe_problems(page) == []
    officer = signed_in_page(browser, base, ("handlaggare@demo.huvudman.se", "demo-officer"),
                             "/staff", DESK, locale="sv-SE")
    officer.goto(f"{base}/staff/feedback")
    officer.click("text=The letter about the placement")
    officer.fill("#answer", "Thank you. Letters are now sent in seven languages.")
    officer.check("input[name=publish]")
    officer.click("form[action$='/act'] button.primary")
    officer.wait_for_selector("text=Letters are now sent in seven languages.")
    assert axe_problems(officer) == []
    officer.close()
    page.goto(f"{base}/feedback")
    page.fill("#code", code)
    page.click("form[action='/feedback/follow'] button")
    page.wait_for_selector("text=Letters are now sent in seven languages.")
    assert axe_problems(page) == []
    page.goto(f"{base}/questions")
    assert "only in Swedish" in page.locator("main").inner_text()
    page.close()


def test_a_coder_takes_a_suggested_code(portal, browser) -> None:
    base, _ = portal
    page = signed_in_page(browser, base, ("utvarderare@demo.huvudman.se", "demo-utvardering"),
                          "/staff/statistics", PHONE, locale="sv-SE")
    page.goto(f"{base}/staff/dialogue/coding")
    page.wait_for_selector("text=Förslag (kryssa i för att ta med)")
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-coding.png"), full_page=True)
    first = page.locator("input[name=accept]").first
    code = first.get_attribute("value")
    first.check()
    page.click("form[action='/staff/dialogue/coding'] button.primary")
    page.wait_for_selector("text=Sparat.")
    page.goto(f"{base}/staff/dialogue/agreement")
    assert "κ" in page.locator("main").inner_text()
    assert axe_problems(page) == []
    page.close()
    assert code


def test_a_caller_draws_a_survey_and_records_a_call_on_a_phone(portal, browser) -> None:
    """The evaluator draws a sample of the published round, opens her call list on a phone,
    reads the script and records an answered call; the design page shows the response."""
    base, _ = portal
    page = signed_in_page(browser, base, ("utvarderare@demo.huvudman.se", "demo-utvardering"),
                          "/staff/statistics", PHONE, locale="sv-SE")
    page.goto(f"{base}/staff/dialogue/survey")
    page.fill("#title", "Hur gick skolvalet?")
    page.fill("#size", "20")
    page.locator("label.check", has_text="Ulla Utvärderare").locator("input").check()
    page.click("form[action='/staff/dialogue/survey'] button.primary")
    page.wait_for_selector("h2#strata")
    assert axe_problems(page) == []
    page.click("text=Alla undersökningar")
    page.click("text=Mina samtal")
    page.wait_for_selector("section.case")
    assert no_sideways_scroll(page)
    assert axe_problems(page) == []
    first = page.locator("section.case").first
    first.locator("summary").click()
    assert "Hej, jag heter Ulla Utvärderare" in first.inner_text()
    first.locator("select[name=outcome]").select_option("answered")
    first.locator("input[name=consent]").check()
    first.locator("input[name=understood_rules][value='4']").check()
    first.locator("textarea[name=text]").fill("Det var lätt att förstå i år.")
    page.screenshot(path=str(SHOTS / "staff-survey-call.png"), full_page=True)
    first.locator("button.primary").click()
    page.wait_for_selector("text=Nådd")
    page.goto(f"{base}/staff/dialogue/survey")
    page.click("text=Urval och svar")
    page.wait_for_selector("h2#strata")
    assert "Nådda: 1 av 1 uppringda familjer." in page.locator("main").inner_text()
    page.close()


def test_a_right_to_left_language_on_the_narrowest_phone_and_at_200_percent(
        portal, browser, tmp_path, monkeypatch) -> None:
    """A municipality's added right-to-left catalog: Anna's child page is laid out right to
    left on the narrowest phone (320 px) and in a 1,280 px window zoomed to 200 % (640 CSS
    pixels at twice the scale) — nothing needs sideways scrolling, the headings start at the
    right, axe-core finds nothing."""
    from portal.portal_helpers import pseudo_rtl

    base, app = portal
    pseudo_rtl(tmp_path / "locale")
    monkeypatch.setenv("HUVUDMAN_LOCALE_PATH", str(tmp_path / "locale"))
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
    for viewport, scale in (({"width": 320, "height": 800}, 1), ({"width": 640, "height": 900},
                                                                  2)):
        page = signed_in_page(browser, base, ANNA, "/children", viewport,
                              device_scale_factor=scale, locale="sv-SE")
        page.goto(f"{base}/lang/ar")
        page.goto(f"{base}/children/{key}")
        page.wait_for_selector("html[dir=rtl]")
        assert no_sideways_scroll(page)
        width = page.evaluate("document.documentElement.clientWidth")
        box = page.evaluate("""() => { const r = document.querySelector('h2#when-h')
            .getBoundingClientRect(); const t = document.createRange();
            t.selectNodeContents(document.querySelector('h2#when-h'));
            const x = t.getBoundingClientRect(); return [x.left, x.right]; }""")
        assert box[1] > width * 0.8 and box[0] > 30  # the heading's text starts at the right
        assert axe_problems(page) == []
        page.screenshot(path=str(SHOTS / f"guardian-rtl-{viewport['width']}.png"),
                        full_page=True)
        page.close()
