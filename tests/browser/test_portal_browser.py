"""The portal in Debian's Chromium (Playwright): a guardian signs in, ranks schools, sees the
chances, saves; another guardian guessing ids finds nothing; accessibility (axe-core) on the
main pages; screenshots for the README in docs/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select

from huvudman.datafiles.rules import load_rules
from huvudman.portal.app import create_app
from huvudman.portal.settings import PortalSettings
from huvudman.services.chance_service import ChanceService
from huvudman.services.portal_seed import seed_demo
from huvudman.store.database import make_engine, sessions, upgrade
from huvudman.store.models import User

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


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
    engine.dispose()
    last = tmp / "last-year"
    app = create_app(url, PortalSettings(secret_key="browser-test"),
                     ChanceService(last / "schools.csv", last / "children.csv",
                                   load_rules(None), 150), runs_dir=tmp / "runs")
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
    page.click("button[type=submit]")


def axe_problems(page) -> list[tuple[str, int]]:
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).with_name("axe.min.js")))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [(v["id"], len(v["nodes"])) for v in result["violations"]]


def test_a_guardian_ranks_schools_and_sees_the_chances(portal, browser) -> None:
    base, _ = portal
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, viewport={"width": 420, "height": 900}, locale="sv-SE")  # phone
    sign_in(page, base, "anna@demo.huvudman.se", "demo-anna")
    page.wait_for_url(f"{base}/children")
    assert page.locator("h1").inner_text() == "Era barn"
    page.screenshot(path=str(SHOTS / "guardian-children.png"), full_page=True)
    assert axe_problems(page) == []
    page.click("text=Alva Andersson")
    page.wait_for_selector("#choice1")
    first = page.locator("#choice1 option").nth(1).get_attribute("value")
    second = page.locator("#choice2 option").nth(2).get_attribute("value")
    page.select_option("#choice1", first)
    page.select_option("#choice2", second)
    page.wait_for_selector(f"#chances tr[data-school='{second}']", timeout=20000)
    assert "%" in page.locator("#chances").inner_text()
    page.screenshot(path=str(SHOTS / "guardian-chances.png"), full_page=True)
    assert axe_problems(page) == []
    page.click("button.primary")
    page.wait_for_selector("p.ok")
    assert "Bo Andersson" in page.locator("p.warning").inner_text()
    page.screenshot(path=str(SHOTS / "guardian-receipt.png"), full_page=True)
    page.close()


def test_a_guardian_guessing_another_childs_id_gets_not_found(portal, browser) -> None:
    base, app = portal
    with app.state.sessions() as s:
        other = s.scalars(select(User).where(User.email == "cecilia@demo.huvudman.se")) \
            .one().children[0].id
    page = new_page(browser, locale="sv-SE")
    sign_in(page, base, "anna@demo.huvudman.se", "demo-anna")
    page.wait_for_url(f"{base}/children")
    response = page.goto(f"{base}/children/{other}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Hittades inte"
    page.close()


def test_an_officer_sees_incomplete_applications_in_english(portal, browser) -> None:
    base, _ = portal
    page = new_page(browser, viewport={"width": 1100, "height": 800})
    page.goto(f"{base}/lang/en")
    sign_in(page, base, "handlaggare@demo.huvudman.se", "demo-officer")
    page.wait_for_url(f"{base}/staff")
    assert page.locator("h1").inner_text() == "Applications that do not count yet"
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-applications.png"))
    page.goto(f"{base}/staff/runs")
    page.click("button.primary")  # place the round
    page.wait_for_selector("text=Audit")
    page.click("text=Publish the decisions")
    page.wait_for_selector("p.ok")
    page.goto(f"{base}/staff/statistics")
    page.wait_for_selector("figure svg")
    assert "Oversubscribed schools" in page.content()
    assert axe_problems(page) == []
    page.screenshot(path=str(SHOTS / "staff-statistics.png"), full_page=True)
    page.close()
