"""A municipality adds a language as a catalog, without touching the package (issue 15): a
right-to-left pseudo-locale built from the portal's own messages is found through
$HUVUDMAN_LOCALE_PATH, offered in the header, and its pages say lang="ar" dir="rtl"."""

from __future__ import annotations

from portal_helpers import PDF, RLE, client, pseudo_rtl, sign_in
from sqlalchemy import select

from huvudman.store.models import Child


def test_an_added_right_to_left_language(portal, tmp_path, monkeypatch) -> None:
    app, _clock = portal
    pseudo_rtl(tmp_path / "locale")
    monkeypatch.setenv("HUVUDMAN_LOCALE_PATH", str(tmp_path / "locale"))
    c = client(app)
    start = c.get("/login").text
    assert '<a href="/lang/ar" lang="ar" hreflang="ar">العربية</a>' in start
    c.get("/lang/ar")
    assert sign_in(c, "anna@demo.huvudman.se", "demo-anna").status_code == 303
    with app.state.sessions() as s:
        key = s.scalars(select(Child.id).where(Child.name == "Alva Andersson")).one()
    page = c.get(f"/children/{key}").text
    assert '<html lang="ar" dir="rtl">' in page
    assert f"{RLE}Rank schools{PDF}" in page and f"{RLE}When things happen{PDF}" in page
    assert ">Svenska</a>" in page and ">English</a>" in page
    # the shared words too (a band of the chances, a step of the timeline)
    assert f"{RLE}Last day to choose{PDF}" in page
    monkeypatch.delenv("HUVUDMAN_LOCALE_PATH")
    assert c.get("/lang/ar", follow_redirects=False).status_code == 303
    assert '<html lang="ar"' not in c.get(f"/children/{key}").text  # gone with its catalog
