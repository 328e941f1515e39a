"""Portal load test on loopback: many guardians browsing and ranking schools at once.

Starts the portal (uvicorn, 2 worker processes) on the demo municipality in a fresh database —
SQLite or the machine's PostgreSQL — with one guardian account per simulated family, then runs
that many virtual guardians (aiohttp clients: a light load generator, since it shares the
cores with the server) for the given time, arriving over the first `--ramp` seconds. Each signs in
(argon2), then loops: their children, a
child's page, the chances of a list (the htmx request), and every third time saves the list;
with a think time (default 2–6 s) between requests. Prints the count, throughput, latency
percentiles and errors (goal: p95 under 300 ms, no errors).

Run:  .venv/bin/python bench/portal_load.py --database sqlite|postgresql [--users 200]
      [--seconds 60]
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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import httpx
import numpy as np
from rich.console import Console
from sqlalchemy import create_engine, select, text

from huvudman.portal.serve import prepare
from huvudman.services.accounts.passwords import hash_password
from huvudman.store.database import make_engine, sessions
from huvudman.store.models import Child, User

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "load-test"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def database(kind: str, tmp: Path) -> tuple[str, callable]:
    """A fresh database URL and a function that removes it."""
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'load.db'}", lambda: None
    name = f"huvudman_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        admin.dispose()  # a fresh connection (the server may have restarted meanwhile)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


@contextmanager
def serving(env: dict[str, str], port: int, workers: int = 2) -> Iterator[str]:
    """The portal under uvicorn on loopback while the block runs (its base URL), stopped
    after — killed if a worker does not finish within 20 s."""
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "huvudman.portal.asgi:app", "--workers",
         str(workers), "--port", str(port), "--log-level", "warning",
         "--timeout-keep-alive", "30"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a worker still finishing a request
            server.kill()
            server.wait()


def add_families(url: str, users: int) -> list[str]:
    """One guardian account per simulated family, each with a child of its own."""
    engine = make_engine(url)
    stored = hash_password(PASSWORD)
    emails = []
    with sessions(engine).begin() as s:
        kids = s.scalars(select(Child).where(~Child.guardians.any(), Child.protected.is_(False))
                         .order_by(Child.id).limit(users)).all()
        for k, child in enumerate(kids):
            email = f"family{k}@load.huvudman.se"
            child.guardians = [User(email=email, name=f"Family {k}", role="guardian",
                                    locale="sv", password_hash=stored)]
            emails.append(email)
    engine.dispose()
    return emails


async def guardian(base: str, email: str, start: float, until: float, log: list,
                   errors: list, think: tuple[float, float]) -> None:
    """One guardian: arrive, sign in, then browse and rank until the time is up."""
    await asyncio.sleep(start)
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, cookie_jar=jar, timeout=timeout) as c:
        async def call(method: str, path: str, **kw) -> str | None:
            t0 = time.perf_counter()
            try:
                async with c.request(method, path, allow_redirects=False, **kw) as r:
                    text = await r.text()
            except (TimeoutError, aiohttp.ClientError) as err:
                errors.append(f"{method} {path}: {err.__class__.__name__}")
                return None
            log.append((path.split("/")[-1] or "/", time.perf_counter() - t0, t0))
            if r.status >= 400:
                errors.append(f"{method} {path}: {r.status}")
            return text

        page = await call("GET", "/login")
        token = CSRF.search(page).group(1) if page else ""
        await call("POST", "/login", data={"email": email, "password": PASSWORD, "csrf": token})
        rounds = 0
        while time.perf_counter() < until:
            children = await call("GET", "/children")
            found = re.search(r'href="/children/(\d+)"', children) if children else None
            if not found:
                errors.append("no child listed")
                return
            child = await call("GET", f"/children/{found.group(1)}")
            if child is None:
                continue
            token = CSRF.search(child).group(1)
            options = re.findall(r'<option value="(\d+)"', child)[:8]
            listed = random.sample(options, 3)
            form = {"csrf": token, **{f"choice{k + 1}": s for k, s in enumerate(listed)}}
            await call("POST", f"/children/{found.group(1)}/chances", data=form)
            if rounds % 3 == 2:
                await call("POST", f"/children/{found.group(1)}/choices", data=form)
            rounds += 1
            await asyncio.sleep(random.uniform(*think))


async def load(base: str, emails: list[str], seconds: float, ramp: float,
               think: tuple[float, float]) -> tuple[list, list, float]:
    log: list = []
    errors: list = []
    t0 = time.perf_counter()
    until = t0 + seconds
    await asyncio.gather(*(guardian(base, e, k * ramp / len(emails), until, log, errors, think)
                           for k, e in enumerate(emails)))
    return log, errors, time.perf_counter() - t0


def main() -> None:
    """Run the load test and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0),
                        help="seconds a guardian reads a page before the next (min max)")
    parser.add_argument("--ramp", type=float, default=40.0,
                        help="seconds over which the guardians arrive")
    args = parser.parse_args()
    random.seed(1)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url, drop = database(args.database, tmp)
        env = {**os.environ, "DATABASE_URL": url, "HUVUDMAN_DATA_DIR": str(tmp / "data"),
               "HUVUDMAN_SECURE_COOKIES": "0",  # plain http on loopback
               "HUVUDMAN_SECRET_KEY": "load-test-secret", "HUVUDMAN_ATTEMPTS_PER_ADDRESS": "100000"}
        os.environ.update(env)
        prepare(tmp / "data", Console(quiet=True))  # migrate and seed once, before the workers
        emails = add_families(url, args.users)
        try:
            with serving(env, args.port, args.workers) as base:
                log, errors, wall = asyncio.run(load(base, emails, args.seconds, args.ramp,
                                                     tuple(args.think)))
        finally:
            drop()
    ms = np.array([t for _, t, _ in log]) * 1000
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; portal on {args.database}, "
          f"uvicorn with {args.workers} workers; {len(emails)} guardians for {wall:.0f} s, "
          f"arriving over {args.ramp:.0f} s, reading {args.think[0]:g}–{args.think[1]:g} s "
          "between pages; the load generator runs on the same 2 cores")
    print(f"requests: {len(ms):,} ({len(ms) / wall:.0f}/s); latency p50 "
          f"{np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms, p99 "
          f"{np.percentile(ms, 99):.0f} ms, max "
          f"{ms.max():.0f} ms; errors: {len(errors)}; goal: p95 under 300 ms, no errors")
    for kind in ("children", "chances", "choices"):
        part = np.array([t for k, t, _ in log if k == kind]) * 1000
        if len(part):
            print(f"  {kind}: {len(part):,} requests, p95 {np.percentile(part, 95):.0f} ms")
    starts = np.array([t0 for _, _, t0 in log])
    for label, a, b in (("while arriving", 0, args.ramp), ("all arrived", args.ramp, None)):
        at = starts - starts.min()
        part = ms[(at >= a) & ((at < b) if b is not None else True)]
        if len(part):
            print(f"  {label}: {len(part):,} requests, p50 {np.percentile(part, 50):.0f} ms, "
                  f"p95 {np.percentile(part, 95):.0f} ms")
    for e in sorted(set(errors))[:5]:
        print(f"  error: {e}")


if __name__ == "__main__":
    main()
