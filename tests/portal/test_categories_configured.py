"""A municipality's own kind of deviation, configured in a file (SQLite and PostgreSQL): staff
report it from the form, it carries its name and its times, the sweep escalates it by them;
the command shows and checks the file; a kind with cases cannot be dropped."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from portal_helpers import NOW, csrf_of, signed_in
from sqlalchemy import select

from helpers import hv
from huvudman.governance.categories import Configured
from huvudman.governance.deviations import BUILT_IN
from huvudman.services.governance.categories_file import (
    CategoriesRefused,
    check_kinds_in_use,
    install,
    read_categories,
)
from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.store.models import Deviation

TEACHER = ("larare@demo.huvudman.se", "demo-larare")
FILE = """
[[category]]
code = "vandalism"
respond = "4 hours"
resolve = "10 working days"
name = { sv = "Skadegörelse", en = "Vandalism" }
about = { sv = "Något förstört med avsikt." }
"""


@pytest.fixture()
def configured(tmp_path):
    path = tmp_path / "kategorier.toml"
    path.write_text(FILE, encoding="utf-8")
    install(read_categories(path))
    yield path
    install(Configured(dict(BUILT_IN), {}))


def test_a_configured_kind_is_reported_and_escalated_by_its_own_time(portal, configured):
    app, _ = portal
    teacher = signed_in(app, TEACHER)
    form = teacher.get("/staff/deviations/new").text
    assert '<option value="vandalism">Skadegörelse</option>' in form
    assert "Något förstört med avsikt." in form
    made = teacher.post("/staff/deviations/new", data={
        "csrf": csrf_of(form), "category": "vandalism", "severity": "1",
        "school_id": re.search(r'<option value="([^"]+)" selected>', form).group(1),
        "title": "Klotter på gymnastiksalen", "description": "Hela väggen."},
        follow_redirects=False)
    assert made.status_code == 303
    case_path = made.headers["location"].split("?")[0]
    assert "Skadegörelse" in teacher.get(case_path).text
    assert sweep_now(app.state.sessions, NOW + timedelta(hours=3)) == 0
    assert sweep_now(app.state.sessions, NOW + timedelta(hours=5)) == 1  # its 4 hours ran out
    with app.state.sessions() as s:
        row = s.scalars(select(Deviation)).one()
        assert (row.category, row.level) == ("vandalism", 1)
        install(Configured(dict(BUILT_IN), {}))  # the file no longer names it
        with pytest.raises(CategoriesRefused, match=r"vandalism \(1\)"):
            check_kinds_in_use(s)


def test_the_command_shows_and_checks_a_file(configured, tmp_path) -> None:
    shown = hv("governance", "categories", "--file", configured)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout + shown.stderr
    assert "vandalism" in out and "Skadegörelse" in out and "4 hours" in out
    assert "SL 6:10" in out  # the law's kinds are there too
    bad = tmp_path / "fel.toml"
    bad.write_text('[[category]]\ncode = "complaint"\nrespond = "20 working days"\n',
                   encoding="utf-8")
    refused = hv("governance", "categories", "--file", bad)
    assert refused.returncode == 2
    assert "[[category]] 1, respond" in refused.stdout + refused.stderr
    assert "kortare tid" in refused.stdout + refused.stderr
    broken = tmp_path / "trasig.toml"
    broken.write_text("[[category]\n", encoding="utf-8")
    assert hv("governance", "categories", "--file", broken).returncode == 2
