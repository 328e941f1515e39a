"""Staff pages of the portal with the 6,000-child demo, as a placement officer loads them.

Fills a fresh SQLite database with the demo and its street map, makes a placement run, and
loads every staff page an officer uses 20 times each (the first load included: a person meets
it), printing the median and the 95th percentile; as the peer in the same run, the sign-in page
(the framework's own cost of a page). Goal (issue 13): every staff page under 300 ms at p95.

Run:  .venv/bin/python bench/staff_pages_bench.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

LOADS = 20


def main() -> None:
    """Seed, place, load the pages; print the figures."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "portal"))
    from portal_helpers import client, csrf_of, sign_in

    from huvudman.portal.app import create_app
    from huvudman.portal.settings import PortalSettings
    from huvudman.services.demo.portal_seed import seed_demo
    from huvudman.services.streets.walking_service import WalkingService
    from huvudman.store.database import make_engine, sessions, upgrade

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HUVUDMAN_CACHE"] = str(tmp / "cache")
        url = f"sqlite:///{tmp / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        with sessions(engine).begin() as s:
            seed_demo(s, tmp / "data")
        engine.dispose()
        now = datetime(2027, 1, 20, 10, tzinfo=UTC)
        app = create_app(url, PortalSettings(secret_key="bench", secure_cookies=False,
                                             now=lambda: now), None,
                         walking=WalkingService(tmp / "data" / "this-year" / "streets.osm"),
                         runs_dir=tmp / "runs")
        officer = client(app)
        sign_in(officer, "handlaggare@demo.huvudman.se", "demo-officer")
        token = csrf_of(officer.get("/staff/runs").text)
        run = officer.post("/staff/runs", data={"csrf": token, "seed": "1"},
                           follow_redirects=False).headers["location"]
        pages = ["/staff", "/staff/runs", run, f"{run}?q=alva", f"{run}/publish",
                 "/staff/compare", "/staff/compare?a=1&b=2", "/staff/settings",
                 "/staff/statistics", "/staff/feedback",
                 "/staff/special-reasons", "/staff/appeals", "/staff/import",
                 "/staff/notices", "/staff/deviations", "/staff/organisation"]
        peer = _loads(client(app), "/login")
        print(f"peer, the sign-in page: median {statistics.median(peer):.0f} ms, "
              f"p95 {_p95(peer):.0f} ms")
        worst = 0.0
        for path in pages:
            times = _loads(officer, path)
            worst = max(worst, _p95(times))
            print(f"  {path:32s} median {statistics.median(times):5.0f} ms  "
                  f"p95 {_p95(times):5.0f} ms  ({_p95(times) / _p95(peer):.1f}x the peer)")
        t0 = time.perf_counter()
        officer.post("/staff/remind", data={"csrf": token})
        print(f"  sending every reminder: {(time.perf_counter() - t0) * 1000:.0f} ms")
        print(f"slowest page at p95: {worst:.0f} ms (goal under 300 ms)")


def _loads(c, path: str) -> list[float]:
    out = []
    for _ in range(LOADS):
        t0 = time.perf_counter()
        response = c.get(path)
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return out


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


if __name__ == "__main__":
    main()
