"""The demo municipality in the portal's database: this year's children (year 1 of Älvstad),
its schools, demo accounts for every kind of user, and last year's cohort as CSV for the
forecasts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from personnummer import personnummer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.outputs import write_atomically
from huvudman.datafiles.rules import DEFAULT_PRESET
from huvudman.demo import generate_municipality
from huvudman.geo import to_wgs84
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.runs.record import write_run
from huvudman.services.accounts.passwords import hash_password
from huvudman.services.demo.dialogue_history import seed_dialogue_history
from huvudman.services.demo.dialogue_seed import seed_dialogue
from huvudman.services.demo.governance_seed import seed_governance
from huvudman.services.demo.municipality import municipality_files
from huvudman.services.governance.organisation import hold
from huvudman.services.rounds.placement_run import PlacementRequest, execute
from huvudman.services.rounds.round_settings import RoundRules
from huvudman.store.models import (
    Application,
    Child,
    Choice,
    PlacementRun,
    School,
    SiblingSchool,
    SpecialReason,
    User,
)


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in, printed when the portal starts."""

    email: str
    password: str
    name: str
    role: str


DEMO_ACCOUNTS = (
    DemoAccount("anna@demo.huvudman.se", "demo-anna", "Anna Andersson", "guardian"),
    DemoAccount("bo@demo.huvudman.se", "demo-bo", "Bo Andersson", "guardian"),
    DemoAccount("cecilia@demo.huvudman.se", "demo-cecilia", "Cecilia Berg", "guardian"),
    DemoAccount("handlaggare@demo.huvudman.se", "demo-officer", "Hanna Handläggare",
                "placement_officer"),
    DemoAccount("admin@demo.huvudman.se", "demo-admin", "Adam Admin", "administrator"),
    DemoAccount("rektor@demo.huvudman.se", "demo-rektor", "Rut Rektor", "principal"),
    DemoAccount("larare@demo.huvudman.se", "demo-larare", "Lars Lärare", "teacher"),
    DemoAccount("elevhalsa@demo.huvudman.se", "demo-elevhalsa", "Elin Elevhälsa",
                "pupil_health"),
    DemoAccount("skolchef@demo.huvudman.se", "demo-skolchef", "Sven Skolchef",
                "head_of_schools"),
    DemoAccount("forvaltningschef@demo.huvudman.se", "demo-forvaltning", "Dora Förvaltningschef",
                "education_director"),
    DemoAccount("kommundirektor@demo.huvudman.se", "demo-kommun", "Kim Kommundirektör",
                "municipal_director"),
    DemoAccount("utvarderare@demo.huvudman.se", "demo-utvardering", "Ulla Utvärderare",
                "school_evaluator"),
    DemoAccount("radgivare@demo.huvudman.se", "demo-radgivare", "Rita Rådgivare", "adviser"),
    DemoAccount("revisor@demo.huvudman.se", "demo-revisor", "Rolf Revisor", "auditor"),
)
FIRST_NAMES = ("Alva", "Elias", "Maja", "Noah", "Ella", "Hugo", "Astrid", "Liam", "Selma", "Omar")


def valid_personnummer(birth: str, serial: int) -> str:
    """A personnummer (YYYYMMDD-NNNC) for a demo child with a correct check digit."""
    digits = birth[2:] + f"{serial:03d}"
    total = 0
    for i, ch in enumerate(digits):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        total += v // 10 + v % 10
    number = f"{birth}-{serial:03d}{(10 - total % 10) % 10}"
    if not personnummer.valid(number):  # the library checks what we made
        raise ValueError(f"invalid demo personnummer {number}")
    return number


#: When the demo's staff took up their posts; the principal replaced one who left in June.
POSTS_SINCE = datetime(2024, 8, 1, 6, 0, tzinfo=UTC)
NEW_PRINCIPAL = datetime(2026, 7, 1, 6, 0, tzinfo=UTC)


def _posts(session: Session, users: dict[str, User], school_ids: list[str]) -> None:
    """Every demo account's post, and the history of the principal's school: Per Persson was
    its principal until June 2026 and teaches at another school since."""
    for account in DEMO_ACCOUNTS:
        if account.role != "guardian":
            hold(session, users[account.email],
                 NEW_PRINCIPAL if account.role == "principal" else POSTS_SINCE, "demo")
    former = User(email="per.persson@demo.huvudman.se", name="Per Persson", role="principal",
                  school_id=school_ids[0], locale="sv", password_hash=None)
    session.add(former)
    session.flush()
    hold(session, former, datetime(2019, 8, 1, 6, 0, tzinfo=UTC), "demo")
    former.role, former.school_id = "teacher", school_ids[1]
    hold(session, former, NEW_PRINCIPAL, "demo")


def seed_demo(session: Session, data_dir: Path, children: int = 6000, schools: int = 60,
              seed: int = 2021, round_name: str = "2027", governance: bool = True) -> bool:
    """Fill an empty database with the demo (with `governance`, a year of deviations, an
    inspection decision and written feedback too); returns False when it held schools already."""
    if session.scalar(select(func.count()).select_from(School)):
        return False
    last = generate_municipality(children, schools, seed, "realistic", year=0)
    for name, text in municipality_files(last, streets=False).items():
        write_atomically(data_dir / "last-year" / name, text)
    now = generate_municipality(children, schools, seed, "realistic", year=1)
    this_year = data_dir / "this-year"
    for name, text in municipality_files(now, streets=True).items():
        write_atomically(this_year / name, text)
    instance = read_instance(this_year / "schools.csv", this_year / "children.csv")
    session.add_all(School(school_id=s.school_id, name=s.name, lat=s.lat, lon=s.lon,
                           capacity=s.capacity, district=s.district, **_school_facts(k, s.name))
                    for k, s in enumerate(instance.schools))
    lat, lon = to_wgs84(now.child_xy)
    ids = [s.school_id for s in instance.schools]
    rows = []
    for i, cid in enumerate(now.child_ids):
        rows.append(Child(child_id=cid, personnummer=valid_personnummer("20210301", i + 1)
                          if i < 999 else None,
                          name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {cid[-4:]}",
                          lat=float(lat[i]), lon=float(lon[i]), district=now.child_district[i],
                          grade="F", protected=bool(now.protected[i]),
                          sibling_schools=[SiblingSchool(school_id=ids[j])
                                           for j in sorted(set(now.siblings[i]))]))
    session.add_all(rows)
    users = {a.email: User(email=a.email, name=a.name, role=a.role, locale="sv",
                           password_hash=hash_password(a.password)) for a in DEMO_ACCOUNTS}
    for account in DEMO_ACCOUNTS:
        if account.role in SCHOOL_BOUND:
            users[account.email].school_id = instance.schools[0].school_id
    session.add_all(users.values())
    family = next(c for c in rows if not c.protected)
    other = next(c for c in rows if not c.protected and c is not family)
    family.name, other.name = "Alva Andersson", "Elias Berg"
    family.guardians = [users["anna@demo.huvudman.se"], users["bo@demo.huvudman.se"]]
    other.guardians = [users["cecilia@demo.huvudman.se"]]
    session.flush()
    _posts(session, users, ids)
    officer = users["handlaggare@demo.huvudman.se"]
    decided = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    session.add_all(SpecialReason(child_id=child.id, school_id=ids[j], category="special_needs",
                                  note="", decided_by=officer.id, decided_at=decided)
                    for i, child in enumerate(rows) for j in sorted(set(now.special_reasons[i])))
    # The other families applied through the e-service already (no guardian accounts in the
    # demo, so their lists count as they are): staff have a realistic round to place.
    stamp = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
    session.add_all(
        Application(child_id=child.id, round=round_name, updated_at=stamp,
                    choices=[Choice(rank=k, school_id=ids[j])
                             for k, j in enumerate(now.choices[i], start=1)])
        for i, child in enumerate(rows)
        if now.choices[i] and child is not family and child is not other)
    session.flush()
    last_run = _last_years_run(session, data_dir, users["admin@demo.huvudman.se"], round_name)
    if governance:
        seed_governance(session, users, ids)
        seed_dialogue(session, users)
        seed_dialogue_history(session, users, last_run)
    return True


#: What the demo's school register says about its schools, in turn.
PROFILES = ("", "Musik", "Idrott och hälsa", "Naturvetenskap och teknik", "", "Bild och form",
            "Engelska från förskoleklass", "")
LANGUAGES = ("arabiska;somaliska", "", "persiska", "finska;arabiska", "", "tigrinja",
             "polska;bosniska", "")


def _school_facts(k: int, name: str) -> dict[str, object]:
    """A school's address, profile, fritids and languages taught, for the demo."""
    street = name.split()[0].removesuffix("skolan").removesuffix("s") or "Skol"
    return {"address": f"{street}vägen {3 + k % 40}", "profile": PROFILES[k % len(PROFILES)],
            "fritids": k % 9 != 4, "languages": LANGUAGES[k % len(LANGUAGES)]}


def _last_years_run(session: Session, data_dir: Path, admin: User,
                    round_name: str) -> PlacementRun:
    """Last year's placement, published, so statistics have a year to compare with."""
    year = int(round_name) - 1 if round_name.isdecimal() else None
    last_round = str(year) if year is not None else f"{round_name}-previous"
    folder = data_dir / "runs" / f"{last_round}-history"
    result, files = execute(PlacementRequest(
        schools=data_dir / "last-year" / "schools.csv",
        children=data_dir / "last-year" / "children.csv", seed=year or 0,
        run_dir=folder / "record"))
    if not (folder / "record" / "run.json").is_file():
        write_run(folder / "record", files)
    for name in ("schools.csv", "children.csv"):
        write_atomically(folder / "inputs" / name,
                         (data_dir / "last-year" / name).read_text(encoding="utf-8"))
    decided = datetime(year or 2026, 3, 15, 9, 0, tzinfo=UTC)
    run = PlacementRun(
        round=last_round, created_at=decided, created_by=admin.id, seed=result.seed,
        run_dir=str(folder / "record"), audit_passed=result.audit.passed,
        rules=RoundRules(DEFAULT_PRESET, result.config.mechanism, result.config.fallback).label,
        summary=json.dumps(result.statistics["overall"], sort_keys=True), published_at=decided)
    session.add(run)
    session.flush()
    return run
