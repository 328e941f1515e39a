"""The dialogue's report, as far as its material goes: how many passages each theme and
sub-code carries (a passage counted under a code when a coder gave it), quotes only from
passages whose authors consented, the working group's proposals and decisions by theme, and
the complaint routine's own measure — feedback answered on time, per year.

Names never appear: passages are marked out when they join the material, and only quotable
ones are quoted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.dialogue.themes import CODES, THEME_OF, THEMES
from huvudman.store import audit_log
from huvudman.store.models import Coding, Feedback, GroupItem, Passage, User
from huvudman.store.times import as_utc
from huvudman.workdays import swedish_date

#: Quotes shown per theme.
QUOTES = 3


@dataclass(frozen=True)
class DialogueReport:
    """What the material says, theme by theme, and how the routine kept its times."""

    passages: int
    by_theme: dict[str, int]  # passages carrying any of the theme's codes
    by_code: dict[str, int]
    quotes: dict[str, list[str]]
    group: dict[str, list[GroupItem]]  # theme → proposals and decisions
    on_time: dict[int, tuple[int, int]]  # year → (answered in time, answered)


def dialogue_report(session: Session, viewer: User, now: datetime) -> DialogueReport:
    """The report as it stands; the read is audited."""
    codes_of: dict[int, set[str]] = {}
    for passage_id, code in session.execute(select(Coding.passage_id, Coding.code)):
        codes_of.setdefault(passage_id, set()).add(code)
    by_code = Counter(code for codes in codes_of.values() for code in codes)
    by_theme = Counter(theme for codes in codes_of.values()
                       for theme in {THEME_OF[c] for c in codes if c in THEME_OF})
    quotes: dict[str, list[str]] = {t: [] for t in THEMES}
    for passage in session.scalars(select(Passage).where(Passage.quotable)
                                   .order_by(Passage.id)):
        for theme in sorted({THEME_OF[c] for c in codes_of.get(passage.id, ())}):
            if len(quotes[theme]) < QUOTES:
                quotes[theme].append(passage.text)
    group: dict[str, list[GroupItem]] = {t: [] for t in THEMES}
    for item in session.scalars(select(GroupItem).where(GroupItem.kind.in_(
            ("proposal", "decision"))).order_by(GroupItem.id)):
        group[item.theme].append(item)
    on_time: dict[int, list[int]] = {}
    for received, answered, due in session.execute(
            select(Feedback.received_at, Feedback.answered_at, Feedback.answer_by)
            .where(Feedback.answered_at.is_not(None))):
        year = swedish_date(as_utc(received)).year
        counts = on_time.setdefault(year, [0, 0])
        counts[0] += as_utc(answered) <= as_utc(due)
        counts[1] += 1
    passages = session.scalar(select(func.count()).select_from(Passage)) or 0
    audit_log.record(session, viewer.email, "read_dialogue_report", "dialogue", at=now)
    return DialogueReport(
        passages,
        {t: by_theme.get(t, 0) for t in THEMES}, {c: by_code.get(c, 0) for c in CODES},
        quotes, group, {y: (a, b) for y, (a, b) in sorted(on_time.items())})
