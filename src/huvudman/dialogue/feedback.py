"""Feedback and complaints (synpunkter och klagomål) as the law's complaint routine has them
(skollagen 4 kap. 8 §): received with a receipt at once, acknowledged within two working days,
answered within ten — reminded before and escalated when a deadline is missed — and, if the
sender agrees, published without who sent it as an answered question for everyone.

Pure: kinds, categories, states and deadlines in, codes out; the use cases store, mail and
audit, and the words live in the catalogs."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime

from huvudman.workdays import WORKING_DAYS, deadline_at

#: What a message is: a view or suggestion, or a complaint about the education or the service.
KINDS = ("opinion", "complaint", "question")
#: What it is about.
CATEGORIES = ("placement", "treatment", "communication", "e_service", "school", "other")
#: Where it came in.
CHANNELS = ("form", "portal", "email")
RECEIVED, ACKNOWLEDGED, ANSWERED = "received", "acknowledged", "answered"
STATES = (RECEIVED, ACKNOWLEDGED, ANSWERED)


@dataclass(frozen=True)
class Times:
    """The working days to acknowledge and to answer (the municipality may set its own)."""

    acknowledge: int = 2
    answer: int = 10


#: The times unless the municipality sets its own.
DEFAULT_TIMES = Times()


@dataclass(frozen=True)
class Due:
    """When a message must be acknowledged and answered, and when a reminder goes out."""

    acknowledge: datetime
    answer: datetime
    remind: datetime  # the start of the working day before the one the answer is due


def due(received_at: datetime, times: Times = DEFAULT_TIMES,
        days_off: Container[date] | None = None) -> Due:
    """The deadlines of a message received at `received_at` (aware)."""
    answer = deadline_at(received_at, times.answer, WORKING_DAYS, days_off)
    remind = deadline_at(received_at, max(times.answer - 2, 0), WORKING_DAYS, days_off)
    return Due(deadline_at(received_at, times.acknowledge, WORKING_DAYS, days_off), answer,
               remind)


class Refused(ValueError):
    """A step the message in its state does not take; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def acknowledge(state: str) -> str:
    """The administration confirms it has the message and who handles it."""
    if state != RECEIVED:
        raise Refused("not_now")
    return ACKNOWLEDGED


def answer(state: str, text: str) -> str:
    """The answer (acknowledging, if that was not done apart)."""
    if state == ANSWERED:
        raise Refused("not_now")
    if not text.strip():
        raise Refused("answer_needed")
    return ANSWERED


def may_publish(state: str, consent: bool) -> bool:
    """An answered message may be published — without who sent it — only with consent."""
    return state == ANSWERED and consent


#: What the sweep does to a message: remind its handlers, or escalate it.
REMIND, ESCALATE = "remind", "escalate"
#: The deadlines a message can miss, in order.
ACKNOWLEDGE, ANSWER = "acknowledge", "answer"


def missed(state: str, deadlines: Due, now: datetime) -> str | None:
    """The deadline a message has missed by `now` (the answer's first), if any."""
    if state == ANSWERED:
        return None
    if now >= deadlines.answer:
        return ANSWER
    if state == RECEIVED and now >= deadlines.acknowledge:
        return ACKNOWLEDGE
    return None


def sweep_step(state: str, deadlines: Due, now: datetime, reminded: bool,
               escalated_for: str | None) -> str | None:
    """What is due now for a message: escalation for each deadline missed (acknowledgement,
    then answer: each once), else a reminder from the working day before the answer is due
    (once)."""
    late = missed(state, deadlines, now)
    if late is not None and late != escalated_for and not (
            late == ACKNOWLEDGE and escalated_for == ANSWER):
        return ESCALATE
    if late != ANSWER and state != ANSWERED and now >= deadlines.remind and not reminded:
        return REMIND
    return None
