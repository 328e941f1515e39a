"""Soak test on loopback: the portal under steady load for ten minutes, with the database
restarted in the middle; bounded (it stops by itself) and printed.

Starts the portal (uvicorn, 2 workers) on the demo municipality in a fresh PostgreSQL database,
with one guardian account per family; each guardian loops — their children, a child's page,
the chances of a list, and every second time saves a new list — reading 1–3 s between pages.
A request answered with a server error, or not answered, is sent again up to three times
(as a person presses reload). Halfway, PostgreSQL is restarted. At the end every family's saved
list in the database is compared with the last list the portal confirmed saving.

Prints: requests, answers by status, errors a retry answered, errors no retry answered, saves
confirmed and saves lost, latency percentiles overall and around the restart.

Run:  .venv/bin/python bench/portal_soak.py [--minutes 10] [--users 60]
      (restarts the machine's PostgreSQL cluster: run nothing else against it meanwhile)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
import numpy as np
from rich.console import Console
from sqlalchemy import select

from huvudman.portal.serve import prepare
from huvudman.store.database import make_engine, sessions
from huvudman.store.models import Application, User
from portal_load import CSRF, PASSWORD, add_families, database, serving

RETRIES = 3


def restart_postgresql() -> float:
    """Restart the machine's PostgreSQL cluster; the seconds it took."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    t0 = time.perf_counter()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


async def guardian(base: str, email: str, until: float, stats: dict) -> None:
    """One guardian: sign in, then browse and save lists until the time is up."""
    await asyncio.sleep(random.uniform(0, 10))
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(base, cookie_jar=jar,
                                     timeout=aiohttp.ClientTimeout(total=30)) as c:
        async def call(method: str, path: str, **kw) -> tuple[int, str, str]:
            for attempt in range(RETRIES + 1):
                t0 = time.perf_counter()
                try:
                    async with c.request(method, path, allow_redirects=False, **kw) as r:
                        body, status = await r.text(), r.status
                        location = r.headers.get("location", "")
                except (TimeoutError, aiohttp.ClientError):
                    status, body, location = 0, "", ""
                stats["latency"].append((t0, time.perf_counter() - t0))
                stats["status"][status] += 1
                if status and status < 500:
                    if attempt:
                        stats["answered_by_retry"] += 1
                    return status, body, location
                await asyncio.sleep(1.0)
            stats["unanswered"].append(f"{method} {path}: {status}")
            return status, "", ""

        _, page, _ = await call("GET", "/login")
        token = CSRF.search(page).group(1) if page else ""
        await call("POST", "/login", data={"email": email, "password": PASSWORD, "csrf": token})
        rounds = 0
        while time.perf_counter() < until:
            _, children, _ = await call("GET", "/children")
            found = re.search(r'href="/children/(\d+)"', children)
            if not found:
                await asyncio.sleep(1)
                continue
            child = found.group(1)
            _, page, _ = await call("GET", f"/children/{child}")
            token_found = CSRF.search(page)
            if token_found is None:
                continue
            options = re.findall(r'<option value="(\d+)"', page)[:8]
            listed = random.sample(options, 3)
            form = {"csrf": token_found.group(1),
                    **{f"choice{k + 1}": s for k, s in enumerate(listed)}}
            await call("POST", f"/children/{child}/chances", data=form)
            if rounds % 2 == 1:
                status, _, location = await call("POST", f"/children/{child}/choices", data=form)
                if status == 303 and "saved" in location:
                    stats["saved"][email] = listed
                    stats["saves"] += 1
            rounds += 1
            await asyncio.sleep(random.uniform(1.0, 3.0))


async def soak(base: str, emails: list[str], seconds: float) -> tuple[dict, float, float]:
    stats = {"latency": [], "status": Counter(), "answered_by_retry": 0, "unanswered": [],
             "saved": {}, "saves": 0}
    t0 = time.perf_counter()
    workers = asyncio.gather(*(guardian(base, e, t0 + seconds, stats) for e in emails))
    await asyncio.sleep(seconds / 2)
    restart_at = time.perf_counter()
    took = await asyncio.to_thread(restart_postgresql)
    await workers
    return stats, restart_at - t0, took


def lost_saves(url: str, saved: dict[str, list[str]]) -> int:
    """Families whose stored list is not the last list the portal confirmed saving."""
    engine = make_engine(url)
    lost = 0
    with sessions(engine)() as s:
        for email, listed in saved.items():
            user = s.scalars(select(User).where(User.email == email)).one()
            app = s.scalars(select(Application).where(
                Application.child_id == user.children[0].id)).first()
            lost += app is None or [c.school_id for c in app.choices] != listed
    engine.dispose()
    return lost


def main() -> None:
    """Run the soak test and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    random.seed(2)
    seconds = args.minutes * 60
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url, drop = database("postgresql", tmp)
        env = {**os.environ, "DATABASE_URL": url, "HUVUDMAN_DATA_DIR": str(tmp / "data"),
               "HUVUDMAN_SECURE_COOKIES": "0", "HUVUDMAN_SECRET_KEY": "soak-test-secret",
               "HUVUDMAN_ATTEMPTS_PER_ADDRESS": "100000"}
        os.environ.update(env)
        prepare(tmp / "data", Console(quiet=True))
        emails = add_families(url, args.users)
        try:
            with serving(env, args.port) as base:
                stats, restart_at, took = asyncio.run(soak(base, emails, seconds))
            lost = lost_saves(url, stats["saved"])
        finally:
            drop()
    starts = np.array([t for t, _ in stats["latency"]])
    ms = np.array([d for _, d in stats["latency"]]) * 1000
    at = starts - starts.min()
    near = ms[(at >= restart_at - 5) & (at < restart_at + took + 15)]
    statuses = ", ".join(f"{k or 'no answer'}: {v:,}" for k, v in sorted(stats["status"].items()))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; portal on PostgreSQL, "
          f"uvicorn with 2 workers; {len(emails)} guardians for {seconds / 60:g} min; "
          f"PostgreSQL restarted at {restart_at:.0f} s (took {took:.1f} s)")
    print(f"requests: {len(ms):,} ({len(ms) / seconds:.0f}/s); answers: {statuses}")
    print(f"server errors or no answer that a retry answered: {stats['answered_by_retry']:,}; "
          f"that no retry answered: {len(stats['unanswered'])}")
    print(f"saves confirmed: {stats['saves']:,} by {len(stats['saved'])} families; lost: {lost}")
    print(f"latency p50 {np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms, "
          f"max {ms.max():.0f} ms; around the restart ({len(near):,} requests): p95 "
          f"{np.percentile(near, 95):.0f} ms, max {near.max():.0f} ms")
    for e in sorted(set(stats["unanswered"]))[:5]:
        print(f"  unanswered: {e}")


if __name__ == "__main__":
    main()
