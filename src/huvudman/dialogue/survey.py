"""The telephone survey after a round: the questions, what a call can come to, when a family
counts as reached or lost, when a reserve is called instead, who calls whom, and the answers
counted. Pure: codes and numbers; the words (questions, outcomes, the script) are in the
catalogs (`words/dialogue.py`).

After 2020 the administration's managers phoned 200 randomly drawn guardians; the questions
follow the four themes that came out of that material.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from huvudman.dialogue.sample import Stratum


@dataclass(frozen=True)
class Question:
    """A structured question: its code, the theme it asks about, and its answer scale."""

    code: str
    theme: str
    scale: tuple[str, ...]


#: Answer scales: five steps from the worst to the best, and yes/partly/no.
FIVE = ("1", "2", "3", "4", "5")
YES_PARTLY_NO = ("yes", "partly", "no")

QUESTIONS: tuple[Question, ...] = (
    Question("understood_rules", "understandable_process", FIVE),
    Question("letter_clear", "understandable_process", FIVE),
    Question("information_in_time", "communication", YES_PARTLY_NO),
    Question("treated_well", "treatment", FIVE),
    Question("knew_what_would_happen", "security_predictability", FIVE),
)
QUESTION = {q.code: q for q in QUESTIONS}

#: What one attempt to call can come to.
ATTEMPT_OUTCOMES = ("answered", "declined", "no_answer", "busy", "wrong_number", "call_back")
#: Attempts without an answer before a family counts as not reached.
MAX_ATTEMPTS = 3

#: A family's state in the survey: not called yet, being tried, reached (answered),
#: declined, or lost (not reached after MAX_ATTEMPTS, a wrong number or no number at all).
STATES = ("pending", "trying", "reached", "declined", "lost")
#: States in which the family will not be reached: a reserve of its stratum is called.
GONE = ("declined", "lost")


def call_state(attempts: Sequence[str], has_number: bool = True) -> str:
    """A family's state from its attempts' outcomes, in order."""
    if "answered" in attempts:
        return "reached"
    if "declined" in attempts:
        return "declined"
    if not has_number or "wrong_number" in attempts:
        return "lost"
    tried = [a for a in attempts if a != "call_back"]
    if len(tried) >= MAX_ATTEMPTS:
        return "lost"
    return "trying" if attempts else "pending"


@dataclass(frozen=True)
class Member:
    """One family drawn for the survey, as the call order knows it."""

    key: Hashable
    stratum: Stratum
    position: int
    reserve: bool
    state: str


def to_call(members: Sequence[Member]) -> set[Hashable]:
    """The families to call now: the sample, and in each stratum as many reserves (in their
    drawn order) as families of the stratum were declined or lost — a reserve that is lost in
    turn releases the next."""
    by_stratum: dict[Stratum, list[Member]] = {}
    for m in sorted(members, key=lambda m: (m.stratum, m.position)):
        by_stratum.setdefault(m.stratum, []).append(m)
    out: set[Hashable] = set()
    for group in by_stratum.values():
        sample = [m for m in group if not m.reserve]
        reserves = [m for m in group if m.reserve]
        out.update(m.key for m in sample)
        needed = sum(m.state in GONE for m in sample)
        for reserve in reserves:
            if needed <= 0:
                break
            out.add(reserve.key)
            if reserve.state not in GONE:
                needed -= 1
    return out


def assign(keys: Sequence[Hashable], callers: Sequence[Hashable]) -> dict[Hashable, Hashable]:
    """Who calls whom: the families in their order dealt out to the callers in turn, so each
    caller gets as many (within one) and a share of every stratum."""
    if not callers:
        raise ValueError("a survey needs at least one caller")
    return {key: callers[i % len(callers)] for i, key in enumerate(keys)}


def tally(answers: Sequence[Mapping[str, str]]) -> dict[str, dict[str, int]]:
    """For every question, how many gave each answer (every step of its scale, 0 included;
    an unknown answer or a question not asked is not counted)."""
    out: dict[str, dict[str, int]] = {}
    for q in QUESTIONS:
        counts = Counter(a.get(q.code) for a in answers)
        out[q.code] = {step: counts.get(step, 0) for step in q.scale}
    return out


def valid_answers(raw: Mapping[str, str]) -> dict[str, str]:
    """The answers given, each on its question's scale (a skipped question is left out);
    raises ValueError naming the first question whose answer is off its scale."""
    out = {}
    for q in QUESTIONS:
        value = (raw.get(q.code) or "").strip()
        if not value:
            continue
        if value not in q.scale:
            raise ValueError(q.code)
        out[q.code] = value
    return out
