"""`huvudman serve`: migrate the database, fill it with the demo when empty, start the portal."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from huvudman.datafiles.rules import load_rules
from huvudman.services.demo.portal_seed import DEMO_ACCOUNTS, seed_demo
from huvudman.services.forecast.chance_service import ChanceService
from huvudman.services.governance.categories_file import CategoriesRefused, check_kinds_in_use
from huvudman.store.database import database_url, make_engine, sessions, upgrade

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def prepare(data_dir: Path, console: Console, children: int = 6000, schools: int = 60,
            settings=None):
    """Migrate, seed when empty, and build the portal app."""
    from huvudman.portal.app import create_app

    url = database_url()
    engine = make_engine(url)
    upgrade(engine)
    with console.status("preparing the demo municipality"), sessions(engine).begin() as s:
        seeded = seed_demo(s, data_dir, children, schools)
    engine.dispose()
    last = data_dir / "last-year"
    chances = None
    if (last / "children.csv").is_file():
        chances = ChanceService(last / "schools.csv", last / "children.csv", load_rules(None))
    walking = None
    if (data_dir / "this-year" / "streets.osm").is_file():
        from huvudman.services.streets.walking_service import WalkingService

        walking = WalkingService(data_dir / "this-year" / "streets.osm")
    if seeded:
        console.print(f"filled the empty database with the demo municipality ({children:,} "
                      f"children, {schools} schools)")
    app = create_app(url, settings, chances=chances, runs_dir=data_dir / "runs",
                     walking=walking)  # puts the configured kinds of deviation in force
    with app.state.sessions() as s:
        check_kinds_in_use(s)
    return app, url


def serve(host: str, port: int, data_dir: Path, console: Console) -> int:
    """Run the portal until interrupted; returns the exit code."""
    from dataclasses import replace

    import uvicorn

    from huvudman.portal.settings import PortalSettings

    try:
        settings = PortalSettings()
        settings.round_dates()  # in order, or said now rather than on a family's page
    except ValueError as err:
        console.print(f"[red]{escape(str(err))}[/]")
        return 2
    if host in LOOPBACK and "HUVUDMAN_SECURE_COOKIES" not in os.environ:
        settings = replace(settings, secure_cookies=False)  # local development over http
    try:
        app, url = prepare(data_dir, console, settings=settings)
    except CategoriesRefused as err:
        console.print(f"[red]{escape(str(err))}[/]")
        return 2
    shown = url.split("@")[-1] if "@" in url else url
    console.print(f"huvudman portal on [bold]http://{host}:{port}/[/] (database {shown})")
    console.print("demo accounts (e-mail / password):")
    for a in DEMO_ACCOUNTS:
        console.print(f"  {a.email} / {a.password}  ({a.role.replace('_', ' ')})",
                      highlight=False)
    uvicorn.run(app, host=host, port=port, **server_options(os.environ))
    return 0


def server_options(env: Mapping[str, str]) -> dict:
    """How uvicorn serves the portal. `X-Forwarded-For` is believed only from the proxies
    named in HUVUDMAN_TRUSTED_PROXIES (else a client could pick its own address and evade
    the per-address sign-in limit)."""
    proxies = env.get("HUVUDMAN_TRUSTED_PROXIES", "").strip()
    return {"log_level": env.get("HUVUDMAN_LOG", "warning"), "timeout_keep_alive": 30,
            "proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or "",
            "server_header": False}
