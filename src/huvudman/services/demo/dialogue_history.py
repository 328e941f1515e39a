"""The demo municipality's dialogue after last year's round, as the case in DESIGN.md tells
it: a telephone survey of 200 families drawn from last year's published run (its calls made
and the families' link to the register removed once it closed), about thirty interviews with
guardians, staff and politicians, a working group of eighteen that met four times online in
October–December, and the contact centre's calls per year — so `run-demo` shows the whole
report. Everything goes through the same use cases and cores as live work, except the survey's
families, which come from last year's run record (last year's children are not in this
year's register)."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from itertools import cycle
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.demo.comments import comments
from huvudman.dialogue import sample as sampling
from huvudman.dialogue import survey as rules
from huvudman.dialogue.themes import THEMES
from huvudman.services.dialogue import coding, interviews, working_group
from huvudman.services.dialogue.report import import_contact_calls
from huvudman.services.dialogue.survey import SEPARATOR, outcome_of
from huvudman.store.models import (
    Passage,
    PlacementRun,
    Survey,
    SurveyAttempt,
    SurveyFamily,
    User,
)

#: How families answer the phone in the demo (shares of calls).
LANGUAGES = (("sv", 0.80), ("ar", 0.08), ("so", 0.05), ("en", 0.04), ("fa", 0.03))
MEMBERS = (("guardian", 8), ("politician", 4), ("principal", 1), ("manager", 3), ("officer", 2))
MEMBER_LABELS = {"guardian": "Vårdnadshavare", "politician": "Politiker", "principal": "Rektor",
                 "manager": "Chef", "officer": "Handläggare"}
MEETINGS = ("2026-10-21 18:00", "2026-11-04 18:00", "2026-11-18 18:00", "2026-12-01 18:00")
PROPOSALS = {
    "treatment": ("Tolk erbjuds i varje samtal där familjen vill det.",
                  "Skolvalsenheten svarar i telefon alla vardagar under valperioden."),
    "understandable_process": ("Beslutsbrevet skrivs om på lätt svenska, med en karta.",
                               "Reglerna förklaras med exempel på sju språk."),
    "communication": ("Påminnelse med sms och e-post en vecka före sista dagen.",
                      "Informationsmöten på biblioteken i alla stadsdelar."),
    "security_predictability": ("Familjerna ser sina chanser när de rangordnar skolor.",
                                "En tidslinje visar när beslutet kommer och när skolan börjar."),
}


def seed_dialogue_history(session: Session, users: dict[str, User], last_run: PlacementRun,
                          seed: int = 2026) -> None:
    """Last year's survey, the interviews, the working group and the contact centre's calls."""
    rng = random.Random(seed)
    keeper = users["utvarderare@demo.huvudman.se"]
    _survey(session, users, last_run, rng)
    _interviews(session, keeper, rng)
    _code(session, keeper)
    _working_group(session, keeper)
    import_contact_calls(session, keeper, b"year,calls\n2024,5480\n2025,5120\n2026,3910\n",
                         datetime(2026, 11, 30, 9, 0, tzinfo=UTC))


def _families(last_run: PlacementRun, rng: random.Random) -> list[sampling.Unit]:
    """Last year's families as strata: district from the run's children, language as the
    family answered the phone, outcome from the run's placements (a few appealed)."""
    record = Path(last_run.run_dir)
    inputs = record.parent / "inputs" / "children.csv"
    with inputs.open(encoding="utf-8") as fh:
        district = {r["child_id"]: r.get("district", "") for r in csv.DictReader(fh)}
    with (record / "placements.csv").open(encoding="utf-8") as fh:
        placed = list(csv.DictReader(fh))
    codes, weights = zip(*LANGUAGES, strict=True)
    units = []
    for row in placed:
        rank = int(row["choice_rank"] or 0)
        appealed = rank != 1 and rng.random() < 0.06
        language = rng.choices(codes, weights)[0]
        units.append(sampling.Unit(row["child_id"], (district.get(row["child_id"]) or "–",
                                                     language, outcome_of(rank, appealed))))
    return units


def _survey(session: Session, users: dict[str, User], last_run: PlacementRun,
            rng: random.Random) -> None:
    units = _families(last_run, rng)
    drawn = sampling.draw(units, 200, 2026)
    callers = [users[e] for e in ("utvarderare@demo.huvudman.se",
                                  "skolchef@demo.huvudman.se",
                                  "forvaltningschef@demo.huvudman.se")]
    order = sorted(drawn, key=lambda d: (d.reserve, d.position, d.stratum))
    given = rules.assign([d.key for d in order], [c.id for c in callers])
    opened = datetime(2026, 9, 7, 8, 0, tzinfo=UTC)
    survey = Survey(round=last_run.round, title="Hur gick skolvalet 2026?", seed=2026, size=200,
                    design=json.dumps(dict(sorted(Counter(
                        SEPARATOR.join(u.stratum) for u in units).items()))),
                    created_by=users["utvarderare@demo.huvudman.se"].id, created_at=opened)
    session.add(survey)
    session.flush()
    rows = {d.key: SurveyFamily(survey_id=survey.id, child_id=None,
                                stratum=SEPARATOR.join(d.stratum), position=d.position,
                                reserve=d.reserve, caller_id=given[d.key], state="pending")
            for d in drawn}
    session.add_all(rows.values())
    texts = cycle(comments(60, 11))
    # call in rounds: the sample first, then each reserve its stratum's losses release
    for day in range(10):
        members = [rules.Member(k, tuple(f.stratum.split(SEPARATOR)), f.position, f.reserve,
                                f.state) for k, f in rows.items()]
        waiting = [rows[k] for k in sorted(rules.to_call(members), key=str)
                   if rows[k].state in ("pending", "trying")]
        if not waiting:
            break
        for family in waiting:
            at = opened + timedelta(days=day, hours=rng.randrange(0, 8))
            outcome = rng.choices(("answered", "no_answer", "busy", "declined", "wrong_number"),
                                  (0.55, 0.25, 0.08, 0.08, 0.04))[0]
            family.attempts.append(SurveyAttempt(caller_id=family.caller_id, at=at,
                                                 outcome=outcome))
            family.state = rules.call_state([a.outcome for a in family.attempts])
            if family.state == "reached":
                _answered(family, rng, texts, at)
    session.flush()
    for family in rows.values():
        if family.free_text:
            session.add(Passage(source="survey", source_id=family.id, text=family.free_text,
                                quotable=family.quote_consent, added_at=opened))
    session.flush()


def _answered(family: SurveyFamily, rng: random.Random, texts, at: datetime) -> None:
    """A family that took part: consent, the call's language, its answers and maybe words."""
    language = family.stratum.split(SEPARATOR)[1]
    outcome = family.stratum.split(SEPARATOR)[2]
    good = {"first_choice": 0.75, "other_choice": 0.5, "fallback": 0.25, "appealed": 0.15}
    answers = {}
    for q in rules.QUESTIONS:
        if q.scale == rules.FIVE:
            high = rng.random() < good[outcome]
            answers[q.code] = str(rng.choice((4, 5)) if high else rng.choice((1, 2, 3)))
        else:
            answers[q.code] = rng.choice(("yes", "partly") if rng.random() < good[outcome]
                                         else ("partly", "no"))
    family.consent = True
    family.language = language
    family.interpreter = language not in ("sv", "en") and rng.random() < 0.7
    family.answers = json.dumps(answers, sort_keys=True)
    if rng.random() < 0.45:
        family.free_text = next(texts)[0]
        family.quote_consent = rng.random() < 0.5


def _interviews(session: Session, keeper: User, rng: random.Random) -> None:
    """About thirty interviews in September and October, most with consent."""
    texts = comments(30, 23)
    kinds = ["guardian"] * 18 + ["staff"] * 8 + ["politician"] * 4
    labels = {"guardian": "Vårdnadshavare", "staff": "Personal", "politician": "Politiker"}
    for k, ((text, _codes), kind) in enumerate(zip(texts, kinds, strict=True)):
        held = date(2026, 9, 14) + timedelta(days=k * 1.5)
        consent = rng.random() < 0.9
        interviews.record_interview(
            session, keeper, kind, f"{labels[kind]} {k + 1}", held.isoformat(), text, consent,
            consent and rng.random() < 0.6,
            datetime.combine(held, datetime.min.time(), tzinfo=UTC) + timedelta(hours=16))


def _code(session: Session, coder: User) -> None:
    """The evaluator codes the interviews' and the survey's passages (with the codes their
    words were made from), so the report's themes count the whole material."""
    truth = {text: codes for seed, n in ((11, 60), (23, 30)) for text, codes in comments(n, seed)}
    at = datetime(2026, 10, 20, 15, 0, tzinfo=UTC)
    for passage in session.scalars(select(Passage).where(
            Passage.source.in_(("interview", "survey"))).order_by(Passage.id)):
        codes = sorted(next((c for t, c in truth.items() if t in passage.text), ()))
        if codes:
            coding.code_passage(session, coder, passage.id, codes, {}, at)


def _working_group(session: Session, keeper: User) -> None:
    """Eighteen members; four meetings online with minutes, proposals and decisions."""
    made = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    people = []
    for kind, count in MEMBERS:
        for n in range(count):
            name = f"{MEMBER_LABELS[kind]} {n + 1}"
            people.append(working_group.add_member(session, keeper, name, kind, "", made))
    owners = [p for p in people if p.kind in ("manager", "officer")]
    for k, starts in enumerate(MEETINGS):
        theme = THEMES[k]
        meeting = working_group.plan_meeting(
            session, keeper, starts, 90, "Digitalt möte (länk i kallelsen)",
            "1. Vad dialogen sa om temat\n2. Förslag\n3. Beslut och åtgärder", made,
            "demo-history")
        at = meeting.starts_at + timedelta(hours=2)
        working_group.write_minutes(
            session, keeper, meeting.id,
            f"Gruppen gick igenom materialet om temat och samtalsundersökningens svar. "
            f"{len(PROPOSALS[theme])} förslag lades fram.", at)
        first, second = PROPOSALS[theme]
        working_group.record_item(session, keeper, meeting.id, "proposal", theme, first, "",
                                  None, at)
        working_group.record_item(session, keeper, meeting.id, "decision", theme, second, "",
                                  None, at)
        owner = owners[k % len(owners)]
        working_group.record_item(session, keeper, meeting.id, "action", theme,
                                  f"Ta fram ett underlag: {first.lower()}", str(owner.id),
                                  date(2027, 1, 31), at)
