"""The telephone survey of a round's families: drawn from its published decisions (stratified
by district, language and outcome, from a recorded seed), dealt out to callers, called with a
script, answered on the survey's questions with free text that joins the dialogue's material,
and followed by the response rate of every stratum.

Families of children with protected personal data are never drawn: their guardians' contact
details are not for a survey. Every reading of a call list and every call is audited.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.dialogue import sample as sampling
from huvudman.dialogue import survey as rules
from huvudman.dialogue.redaction import redact
from huvudman.governance.roles import DIALOGUE_CODERS, STAFF_ROLES
from huvudman.services.decisions.corrections import standing_decisions
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import (
    Appeal,
    Child,
    Guardianship,
    Passage,
    PlacementRun,
    Survey,
    SurveyAttempt,
    SurveyFamily,
    User,
)
from huvudman.words.dialogue import SURVEY_REFUSALS

#: Who draws a survey and reads its results (the administration's analysis team).
KEEPERS = DIALOGUE_CODERS
LONGEST = 10_000
SEPARATOR = "|"


def _refused(code: str) -> NotAllowed:
    return NotAllowed(SURVEY_REFUSALS[code])


def _keeper(user: User) -> None:
    if user.role not in KEEPERS:
        raise _refused("not_yours")


def callers(session: Session) -> list[User]:
    """Staff who can be given families to call."""
    return list(session.scalars(select(User).where(User.role.in_(STAFF_ROLES))
                                .order_by(User.name)))


def outcome_of(rank: int, appealed: bool) -> str:
    """A family's placement outcome, the survey's third dimension."""
    if appealed:
        return "appealed"
    return "first_choice" if rank == 1 else "other_choice" if rank > 1 else "fallback"


def population(session: Session, round_name: str) -> list[sampling.Unit]:
    """The families that can be drawn: children with a published decision in the round (not
    protected), each in its stratum (district, the language the family uses with us, outcome)."""
    decided = standing_decisions(session, round_name)
    runs = select(PlacementRun.id).where(PlacementRun.round == round_name)
    appealed = set(session.scalars(select(Appeal.child_id).where(Appeal.run_id.in_(runs))))
    language: dict[int, str] = {}
    for child, locale in session.execute(
            select(Guardianship.child_id, User.locale).join(User, User.id == Guardianship.user_id)
            .order_by(Guardianship.child_id, User.id)):
        language.setdefault(child, locale or "sv")
    units = []
    for key, district, protected in session.execute(
            select(Child.id, Child.district, Child.protected).order_by(Child.id)):
        if protected or key not in decided:
            continue
        stratum = (district or "–", language.get(key, "sv"),
                   outcome_of(decided[key][1], key in appealed))
        units.append(sampling.Unit(key, stratum))
    return units


def draw_survey(session: Session, keeper: User, round_name: str, title: str, size: int,
                seed: int, caller_ids: list[int], now: datetime) -> Survey:
    """Draw the sample and its reserves and deal them out to the callers."""
    _keeper(keeper)
    title = title.strip()
    if not title:
        raise _refused("title_needed")
    chosen = [u.id for u in callers(session) if u.id in set(caller_ids)]
    if not chosen:
        raise _refused("callers_needed")
    units = population(session, round_name)
    if not units:
        raise _refused("nothing_published")
    if not 1 <= size <= len(units):
        raise _refused("size")
    drawn = sampling.draw(units, size, seed)
    order = sorted(drawn, key=lambda d: (d.reserve, d.position, d.stratum))
    given = rules.assign([d.key for d in order], chosen)
    design = Counter(SEPARATOR.join(u.stratum) for u in units)
    survey = Survey(round=round_name, title=title[:200], seed=seed, size=size,
                    design=json.dumps(dict(sorted(design.items()))), created_by=keeper.id,
                    created_at=now)
    session.add(survey)
    session.flush()
    session.add_all(SurveyFamily(survey_id=survey.id, child_id=d.key,
                                 stratum=SEPARATOR.join(d.stratum), position=d.position,
                                 reserve=d.reserve, caller_id=given[d.key], state="pending")
                    for d in drawn)
    audit_log.record(session, keeper.email, "draw_survey", f"survey:{survey.id}",
                     f"round {round_name}, {size} families, seed {seed}", at=now)
    session.flush()
    return survey


def surveys(session: Session) -> list[Survey]:
    """Every survey, the newest first."""
    return list(session.scalars(select(Survey).order_by(Survey.id.desc())))


def _members(families: list[SurveyFamily]) -> list[rules.Member]:
    return [rules.Member(f.id, tuple(f.stratum.split(SEPARATOR)), f.position, f.reserve,
                         f.state) for f in families]


@dataclass(frozen=True)
class Call:
    """A family on a caller's list: whom to call, about which child, in which language."""

    family: SurveyFamily
    child: Child
    guardians: list[User]
    outcome: str

    @property
    def numbers(self) -> list[str]:
        """The guardians' telephone numbers the register holds."""
        return [g.phone for g in self.guardians if g.phone]


def call_list(session: Session, caller: User, survey_id: int, now: datetime) -> list[Call]:
    """The families the caller is to call now (the sample and any reserves released), with
    whom to ask for; the reading is audited."""
    survey = session.get(Survey, survey_id)
    if survey is None:
        return []
    active = rules.to_call(_members(survey.families))
    mine = [f for f in survey.families if f.id in active and f.caller_id == caller.id
            and f.child_id is not None]
    if not mine:
        return []
    # a child given protected personal data after the draw is not called about
    children = {c.id: c for c in session.scalars(
        select(Child).where(Child.id.in_([f.child_id for f in mine]),
                            Child.protected.is_(False)))}
    mine = [f for f in mine if f.child_id in children]
    if not mine:
        return []
    audit_log.record(session, caller.email, "read_call_list", f"survey:{survey.id}",
                     f"{len(mine)} families", at=now)
    calls = [Call(f, children[f.child_id], list(children[f.child_id].guardians),
                  f.stratum.split(SEPARATOR)[2]) for f in mine]
    waiting = ("pending", "trying")
    return sorted(calls, key=lambda c: (c.family.state not in waiting, c.family.reserve,
                                        c.family.id))


@dataclass(frozen=True)
class Answered:
    """What an answered call brought."""

    consent: bool = False
    quote_consent: bool = False
    language: str = ""
    interpreter: bool = False
    answers: dict[str, str] | None = None
    free_text: str = ""


def record_call(session: Session, caller: User, family_id: int, outcome: str, now: datetime,
                answered: Answered | None = None) -> SurveyFamily:
    """One attempt to call a family. An answered call needs the guardian's consent (asked
    first, as the script says); its answers are kept on the survey's scales and its free
    text, marked out, joins the dialogue's material (quotable only with that consent too)."""
    family = session.get(SurveyFamily, family_id)
    child = session.get(Child, family.child_id) if family and family.child_id else None
    if family is None or family.caller_id != caller.id or child is None or child.protected \
            or family.id not in rules.to_call(_members(family.survey.families)):
        raise _refused("not_yours")
    if family.state in ("reached", "declined", "lost"):
        raise _refused("done")
    if outcome not in rules.ATTEMPT_OUTCOMES:
        raise _refused("outcome")
    if outcome == "answered":
        said = answered or Answered()
        if not said.consent:
            raise _refused("consent")
        try:
            kept = rules.valid_answers(said.answers or {})
        except ValueError:
            raise _refused("answers") from None
        family.consent = True
        family.quote_consent = said.quote_consent
        family.language = (said.language or "sv")[:16]
        family.interpreter = said.interpreter
        family.answers = json.dumps(kept, sort_keys=True)
        family.free_text = said.free_text.strip()[:LONGEST]
    family.attempts.append(SurveyAttempt(caller_id=caller.id, at=now, outcome=outcome))
    has_number = any(g.phone for g in child.guardians)
    family.state = rules.call_state([a.outcome for a in family.attempts], has_number)
    if family.state == "reached" and family.free_text:
        names = [child.name] + [g.name for g in child.guardians]
        session.add(Passage(source="survey", source_id=family.id,
                            text=redact(family.free_text, names),
                            quotable=family.quote_consent,
                            added_at=now))
    audit_log.record(session, caller.email, "survey_call", f"survey_family:{family.id}",
                     outcome, at=now)
    session.flush()
    return family


def no_number(session: Session, caller: User, family_id: int, now: datetime) -> SurveyFamily:
    """The register holds no number for the family: it cannot be reached, and a reserve of
    its stratum is called instead."""
    return record_call(session, caller, family_id, "wrong_number", now)


@dataclass(frozen=True)
class StratumRow:
    """One stratum of the survey's design and how far it came."""

    district: str
    language: str
    outcome: str
    population: int
    sampled: int
    reserves_called: int
    attempted: int
    reached: int

    @property
    def rate(self) -> float | None:
        """Reached of those tried."""
        return self.reached / self.attempted if self.attempted else None


@dataclass(frozen=True)
class SurveyResults:
    """A survey's design, response by stratum, the answers counted, languages and interpreters."""

    survey: Survey
    strata: list[StratumRow]
    answers: dict[str, dict[str, int]]
    reached: int
    attempted: int
    sampled: int
    languages: dict[str, int]
    interpreters: int

    @property
    def rate(self) -> float | None:
        """Reached of all tried."""
        return self.reached / self.attempted if self.attempted else None


def results(session: Session, viewer: User, survey_id: int, now: datetime
            ) -> SurveyResults | None:
    """Where the survey stands: no family is named, only counts."""
    _keeper(viewer)
    survey = session.get(Survey, survey_id)
    if survey is None:
        return None
    families = survey.families
    active = rules.to_call(_members(families))
    sizes: dict[str, int] = json.loads(survey.design)
    rows = []
    for stratum in sorted({f.stratum for f in families}):
        group = [f for f in families if f.stratum == stratum]
        called = [f for f in group if f.id in active]
        district, language, outcome = stratum.split(SEPARATOR)
        rows.append(StratumRow(district, language, outcome, sizes.get(stratum, 0),
                               sum(not f.reserve for f in group),
                               sum(f.reserve for f in called),
                               sum(f.state != "pending" for f in called),
                               sum(f.state == "reached" for f in called)))
    reached = [f for f in families if f.state == "reached"]
    audit_log.record(session, viewer.email, "read_survey", f"survey:{survey.id}", at=now)
    return SurveyResults(
        survey, rows, rules.tally([json.loads(f.answers) for f in reached]),
        len(reached), sum(r.attempted for r in rows), sum(r.sampled for r in rows),
        dict(Counter(f.language for f in reached).most_common()),
        sum(f.interpreter for f in reached))
