"""Shared by the portal tests: a test client, the form token, signing in, the test clock."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from fastapi.testclient import TestClient

NOW = datetime(2027, 1, 20, 10, 0, tzinfo=UTC)


def client(app) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def sign_in(c: TestClient, email: str, password: str):
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"email": email, "password": password, "csrf": token},
                  follow_redirects=False)


def signed_in(app, account: tuple[str, str]) -> TestClient:
    """A client signed in with (e-mail, password)."""
    c = client(app)
    assert sign_in(c, *account).status_code == 303
    return c


def run_folder(runs_dir, run_id) -> Path:
    """The folder of a portal run (its name ends with a unique token)."""
    return next(Path(runs_dir).glob(f"2027-run{run_id}-*"))


def close_choices(app) -> None:
    """End the choice period a minute before the test clock's time: decisions are published
    only after it."""
    settings = app.state.settings
    app.state.settings = replace(settings,
                                 deadline=settings.current_time() - timedelta(minutes=1))


SRC = Path(__file__).resolve().parents[2] / "src" / "huvudman"
RLE, PDF = "\u202b", "\u202c"  # right-to-left embedding: every text turned round


def pseudo_rtl(folder: Path) -> None:
    """`<folder>/ar/LC_MESSAGES/portal.po` and `words.po`: every message as its English text
    embedded right to left (placeholders kept)."""
    for domain, source in (("portal", SRC / "portal" / "locale"), ("words", SRC / "words" /
                                                                   "locale")):
        with (source / "sv" / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
            swedish = read_po(fh)
        pseudo = Catalog(locale="ar")
        for m in swedish:
            if m.id and isinstance(m.id, str):
                pseudo.add(m.id, f"{RLE}{m.id}{PDF}")
        out = folder / "ar" / "LC_MESSAGES" / f"{domain}.po"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as fh:
            write_po(fh, pseudo)
