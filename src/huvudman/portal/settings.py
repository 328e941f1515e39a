"""The portal's settings (from the environment, with defaults for the demo)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from huvudman.decisions.timeline import RoundDates
from huvudman.dialogue.feedback import Times
from huvudman.services.rounds.portal_rounds import Sender
from huvudman.workdays import STOCKHOLM


def choice_deadline(text: str | None = None) -> datetime:
    """The last minute families may change their lists, written "2027-01-31 23:59" in Swedish
    time (HUVUDMAN_CHOICE_DEADLINE; the demo round's by default). Decisions are published only
    after it."""
    text = text if text is not None else os.environ.get("HUVUDMAN_CHOICE_DEADLINE",
                                                        "2027-01-31 23:59")
    try:
        local = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"HUVUDMAN_CHOICE_DEADLINE={text!r}: write the last minute of the "
                         "choice period as 2027-01-31 23:59 (Swedish time)") from None
    return local.replace(tzinfo=STOCKHOLM).astimezone(UTC)


def round_day(name: str, default: str) -> date:
    """A day of the round from the environment variable `name` (written 2027-03-31)."""
    text = os.environ.get(name, default)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{name}={text!r}: write the day as 2027-03-31") from None


@dataclass(frozen=True)
class PortalSettings:
    """What the portal needs to know besides its database."""

    round_name: str = "2027"
    deadline: datetime = field(default_factory=choice_deadline)
    # the round's other days, shown to families as a timeline (the demo round's by default)
    choices_open: date = field(default_factory=lambda: round_day("HUVUDMAN_CHOICES_OPEN",
                                                                 "2026-11-16"))
    decision_day: date = field(default_factory=lambda: round_day("HUVUDMAN_DECISION_DAY",
                                                                 "2027-03-31"))
    school_start: date = field(default_factory=lambda: round_day("HUVUDMAN_SCHOOL_START",
                                                                 "2027-08-17"))
    secret_key: str = field(default_factory=lambda: os.environ.get("HUVUDMAN_SECRET_KEY")
                            or secrets.token_urlsafe(32))
    # cookies only over HTTPS (HUVUDMAN_SECURE_COOKIES=0 turns it off; `huvudman serve` on the
    # machine's own loopback address does so for local development)
    secure_cookies: bool = os.environ.get("HUVUDMAN_SECURE_COOKIES", "1") != "0"
    contact_name: str = "Skolvalsenheten"
    contact_phone: str = "0123-45 67 00"
    contact_email: str = "skolval@alvstad.example"
    municipality: str = "Älvstad kommun (demo)"
    # sign-in attempts a minute: per account, and per address (many guardians may share one)
    attempts_per_account: int = 5
    attempts_per_address: int = int(os.environ.get("HUVUDMAN_ATTEMPTS_PER_ADDRESS", "30"))
    # threads of a worker process serving requests at once (HUVUDMAN_THREADS)
    threads: int = int(os.environ.get("HUVUDMAN_THREADS", "4"))
    # how long a worker process shows the notices it read before reading them again
    notice_refresh_seconds: float = 5.0
    # the key of the pseudonyms of pupils and staff named in deviation reports (kept apart
    # from the session key, which may be rotated: the same person must keep one pseudonym)
    pseudonym_key: str = os.environ.get("HUVUDMAN_PSEUDONYM_KEY", "huvudman-demo-pseudonyms")
    # how often overdue deviations are escalated, without anyone opening a page
    sweep_seconds: float = float(os.environ.get("HUVUDMAN_SWEEP_SECONDS", "300"))
    # working days to acknowledge and to answer feedback (the complaint routine)
    feedback_times: Times = field(default_factory=lambda: Times(
        int(os.environ.get("HUVUDMAN_FEEDBACK_ACKNOWLEDGE_DAYS", "2")),
        int(os.environ.get("HUVUDMAN_FEEDBACK_ANSWER_DAYS", "10"))))
    now: object = None  # a callable giving the current time (tests set the clock)

    def sender(self) -> Sender:
        """Who the municipality's letters and mail come from."""
        return Sender(self.municipality, self.contact_name, self.contact_phone,
                      self.contact_email)

    def round_dates(self) -> RoundDates:
        """The round's days in order (the deadline as its Swedish day)."""
        return RoundDates(self.choices_open, self.deadline.astimezone(STOCKHOLM).date(),
                          self.decision_day, self.school_start)

    def current_time(self) -> datetime:
        """Now (or the test's clock)."""
        return self.now() if callable(self.now) else datetime.now(UTC)
