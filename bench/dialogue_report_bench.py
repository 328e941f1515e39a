"""The dialogue's report of a 12,000-family round (issue 17).

Seeds a fresh SQLite database with a 12,000-child demo municipality (its dialogue history
included), places the round and publishes it, gives every family a guardian with a telephone
number, draws a 200-family survey and records every call it takes (reserves included), then
times what the analysis team does: the report as a page's data (`dialogue_report`) and as a
PDF/UA document (`report_pdf`). The peer, in the same run: the round's own placement run
(`run_round`, what the officer waits for on the runs page). Goal: the report under 30 s.

Run:  .venv/bin/python bench/dialogue_report_bench.py [--families 12000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    """Seed, place, publish, survey; time the report beside the placement run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=12_000)
    args = parser.parse_args()

    from sqlalchemy import select

    from huvudman.services.demo.portal_seed import seed_demo
    from huvudman.services.dialogue import survey
    from huvudman.services.dialogue.report import dialogue_report, report_pdf
    from huvudman.services.rounds.portal_rounds import run_round
    from huvudman.store.database import make_engine, sessions, upgrade
    from huvudman.store.models import Child, Guardianship, User

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HUVUDMAN_CACHE"] = str(tmp / "cache")
        engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
        upgrade(engine)
        made = sessions(engine)
        t0 = time.perf_counter()
        with made.begin() as s:
            seed_demo(s, tmp / "data", children=args.families, schools=80)
        print(f"seeded {args.families:,} children with the dialogue history in "
              f"{time.perf_counter() - t0:.1f} s")
        now = datetime(2027, 2, 20, 10, tzinfo=UTC)
        with made.begin() as s:
            officer = s.scalars(select(User).where(User.role == "placement_officer")).first()
            t0 = time.perf_counter()
            run = run_round(s, officer, "2027", 1, tmp / "runs", now)
            placing = time.perf_counter() - t0
            run.published_at = now
            for child in s.scalars(select(Child).where(~Child.guardians.any())):
                parent = User(email=f"g{child.id}@example.se", name=f"Förälder {child.id}",
                              role="guardian", locale="sv", phone=f"070-{child.id:07d}")
                s.add(parent)
                s.flush()
                s.add(Guardianship(user_id=parent.id, child_id=child.id))
        with made.begin() as s:
            keeper = s.scalars(select(User).where(User.role == "school_evaluator")).first()
            callers = [u.id for u in s.scalars(select(User).where(
                User.role.in_(("school_evaluator", "head_of_schools", "education_director"))))]
            drawn = survey.draw_survey(s, keeper, "2027", "Hur gick skolvalet?", 200, 7,
                                       callers, now)
            rng = random.Random(3)
            by_id = {u.id: u for u in s.scalars(select(User).where(User.id.in_(callers)))}
            calls = 0
            while True:
                waiting = [c for cid in callers
                           for c in survey.call_list(s, by_id[cid], drawn.id, now)
                           if c.family.state in ("pending", "trying")]
                if not waiting:
                    break
                for call in waiting:
                    outcome = rng.choices(("answered", "no_answer", "declined"),
                                          (0.6, 0.3, 0.1))[0]
                    said = survey.Answered(consent=True, quote_consent=rng.random() < 0.5,
                                           language="sv",
                                           answers={"understood_rules": str(rng.randint(1, 5)),
                                                    "information_in_time": "partly"},
                                           free_text="Brevet var svårt att förstå.")
                    survey.record_call(s, by_id[call.family.caller_id], call.family.id,
                                       outcome, now, said if outcome == "answered" else None)
                    calls += 1
        print(f"survey: 200 families drawn, {calls} calls recorded")
        with made.begin() as s:
            keeper = s.scalars(select(User).where(User.role == "school_evaluator")).first()
            t0 = time.perf_counter()
            report = dialogue_report(s, keeper, now)
            page = time.perf_counter() - t0
            t0 = time.perf_counter()
            document = report_pdf(report, "Älvstad kommun (demo)", "sv")
            pdf = time.perf_counter() - t0
        print(f"the report's data: {page:.2f} s ({report.passages} passages, "
              f"{len(report.measures)} years of measures, survey reached "
              f"{report.survey.reached} of {report.survey.attempted})")
        print(f"the report as PDF/UA: {pdf:.2f} s ({len(document) / 1e3:.0f} kB)")
        total = page + pdf
        print(f"report in all: {total:.2f} s (goal: under 30 s); peer, the round's placement "
              f"run of {args.families:,} children: {placing:.2f} s — the report takes "
              f"{total / placing:.2f}x the placement run")


if __name__ == "__main__":
    main()
