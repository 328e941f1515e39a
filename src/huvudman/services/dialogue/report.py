"""The dialogue's report: who was asked and how (the survey's sample design and its response by
stratum, the interviews, the written feedback), how many passages each theme and sub-code
carries (a passage counted under a code when a coder gave it), quotes only from passages whose
authors consented, the working group's proposals and decisions by theme, and the key measures
year over year — first choice, any choice, appeals, calls to the contact centre (imported) and
feedback answered on time. As a page, and as a PDF/UA document.

Names never appear: passages are marked out when they join the material, only quotable ones
are quoted, and the survey is shown as counts."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.dialogue.themes import CODES, THEME_OF, THEMES
from huvudman.documents.charts import COLOURS, figure, plain, to_svg
from huvudman.documents.typst_pdf import pdf
from huvudman.services.dialogue import survey as surveys
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import (
    Appeal,
    Coding,
    ContactCalls,
    Feedback,
    GroupItem,
    Interview,
    Passage,
    PlacementRun,
    Survey,
    User,
)
from huvudman.store.times import as_utc
from huvudman.words.catalogs import translations
from huvudman.words.dialogue import (
    CODES as CODE_WORDS,
)
from huvudman.words.dialogue import (
    GROUP_ITEMS,
    INTERVIEW_KINDS,
    PLACEMENT_OUTCOMES,
    REPORT,
    SOURCES,
    SURVEY_QUESTIONS,
    SURVEY_REFUSALS,
    SURVEY_SCALE,
)
from huvudman.words.dialogue import (
    THEMES as THEME_WORDS,
)
from huvudman.words.formatting import language_name, percent
from huvudman.workdays import swedish_date

#: Quotes shown per theme.
QUOTES = 3


@dataclass(frozen=True)
class YearMeasures:
    """The key measures of one year (None where nothing is known for that year)."""

    year: int
    first_choice: float | None = None  # share of the year's children, from its published run
    any_choice: float | None = None
    appeals: int | None = None
    contact_calls: int | None = None
    feedback_on_time: tuple[int, int] | None = None  # (answered in time, answered)


@dataclass(frozen=True)
class DialogueReport:
    """What the material says, theme by theme, who was asked, and the measures by year."""

    passages: int
    by_source: dict[str, int]
    by_theme: dict[str, int]  # passages carrying any of the theme's codes
    by_code: dict[str, int]
    quotes: dict[str, list[str]]
    group: dict[str, list[GroupItem]]  # theme → proposals and decisions
    on_time: dict[int, tuple[int, int]]  # year → (answered in time, answered)
    interviews: dict[str, int]  # kind → interviews with consent
    survey: surveys.SurveyResults | None
    measures: list[YearMeasures]
    made_at: datetime


def _on_time(session: Session) -> dict[int, tuple[int, int]]:
    counts: dict[int, list[int]] = {}
    for received, answered, due in session.execute(
            select(Feedback.received_at, Feedback.answered_at, Feedback.answer_by)
            .where(Feedback.answered_at.is_not(None))):
        year = swedish_date(as_utc(received)).year
        pair = counts.setdefault(year, [0, 0])
        pair[0] += as_utc(answered) <= as_utc(due)
        pair[1] += 1
    return {y: (a, b) for y, (a, b) in sorted(counts.items())}


def _year_of(run: PlacementRun) -> int:
    return int(run.round) if run.round.isdecimal() else swedish_date(
        as_utc(run.published_at)).year


def measures(session: Session, on_time: dict[int, tuple[int, int]]) -> list[YearMeasures]:
    """The key measures year over year: each round's published run (its statistics as the
    run record wrote them), the round's appeals, the contact centre's calls, feedback."""
    rows: dict[int, dict] = {}
    runs = session.scalars(select(PlacementRun).where(
        PlacementRun.published_at.is_not(None), PlacementRun.corrects.is_(None))
        .order_by(PlacementRun.published_at))
    for run in runs:
        year = _year_of(run)
        stats = Path(run.run_dir) / "statistics.json"
        overall = json.loads(stats.read_text())["overall"] if stats.is_file() else {}
        appeals = session.scalar(select(func.count()).select_from(Appeal).where(
            Appeal.run_id.in_(select(PlacementRun.id).where(PlacementRun.round == run.round))))
        rows.setdefault(year, {}).update(first_choice=overall.get("first_choice_share"),
                                         any_choice=overall.get("any_choice_share"),
                                         appeals=appeals)
    for year, calls in session.execute(select(ContactCalls.year, ContactCalls.calls)):
        rows.setdefault(year, {})["contact_calls"] = calls
    for year, pair in on_time.items():
        rows.setdefault(year, {})["feedback_on_time"] = pair
    return [YearMeasures(year, **rows[year]) for year in sorted(rows)]


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
    by_source = dict(session.execute(select(Passage.source, func.count())
                                     .group_by(Passage.source)).all())
    interviews = dict(session.execute(select(Interview.kind, func.count())
                                      .where(Interview.consent).group_by(Interview.kind)).all())
    newest = session.scalars(select(Survey.id).order_by(Survey.id.desc())).first()
    survey = surveys.results(session, viewer, newest, now) if newest is not None else None
    on_time = _on_time(session)
    audit_log.record(session, viewer.email, "read_dialogue_report", "dialogue", at=now)
    return DialogueReport(
        sum(by_source.values()), by_source,
        {t: by_theme.get(t, 0) for t in THEMES}, {c: by_code.get(c, 0) for c in CODES},
        quotes, group, on_time, interviews, survey, measures(session, on_time), now)


def import_contact_calls(session: Session, keeper: User, data: bytes, now: datetime) -> int:
    """The contact centre's calls per year from a CSV file (columns `year` and `calls`);
    returns the years imported. A file with any bad row changes nothing."""
    if keeper.role not in surveys.KEEPERS:
        raise NotAllowed(SURVEY_REFUSALS["not_yours"])
    try:
        text = data.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if ";" in
                                   text.splitlines()[0] else ","))
        found = {int(r["year"]): int(r["calls"]) for r in rows}
    except (UnicodeDecodeError, KeyError, ValueError, IndexError, TypeError):
        raise NotAllowed(REPORT["calls_file"]) from None
    if not found or any(not 1990 <= y <= 2100 or c < 0 for y, c in found.items()):
        raise NotAllowed(REPORT["calls_file"])
    for year, calls in found.items():
        row = session.get(ContactCalls, year)
        if row is None:
            session.add(ContactCalls(year=year, calls=calls, imported_by=keeper.id,
                                     imported_at=now))
        else:
            row.calls, row.imported_by, row.imported_at = calls, keeper.id, now
    audit_log.record(session, keeper.email, "import_contact_calls", "dialogue",
                     ", ".join(f"{y}: {c}" for y, c in sorted(found.items())), at=now)
    return len(found)


def theme_chart(report: DialogueReport, lang: str) -> str:
    """Passages per theme as horizontal bars (SVG, its text kept as text)."""
    t = translations(lang).gettext
    names = [plain(t(THEME_WORDS[theme])) for theme in THEMES]
    fig, ax = figure(8, 2.6)
    values = [report.by_theme[theme] for theme in THEMES]
    ax.barh(range(len(names)), values, color=COLOURS[0])
    ax.set_yticks(range(len(names)), names, fontsize=9)
    ax.invert_yaxis()
    ax.set_title(plain(t(REPORT["chart_title"])), fontsize=10)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    for k, v in enumerate(values):
        ax.text(v, k, f" {v}", va="center", fontsize=9)
    return to_svg(fig)


def _share(value: float | None, lang: str) -> str:
    return percent(value, lang, 0) if value is not None else "–"


def report_pdf(report: DialogueReport, organizer: str, lang: str) -> bytes:
    """The report as a tagged PDF/UA-1 document in `lang`."""
    t = translations(lang).gettext
    survey = report.survey
    method = [t(REPORT["material"]) % {
        "feedback": report.by_source.get("feedback", 0),
        "interviews": sum(report.interviews.values()),
        "survey": report.by_source.get("survey", 0)}]
    method += [f"{t(INTERVIEW_KINDS[k])}: {n}" for k, n in sorted(report.interviews.items())]
    strata: list[list[str]] = []
    answers: list[list[str]] = []
    if survey is not None:
        method.append(t(REPORT["survey"]) % {
            "title": survey.survey.title, "round": survey.survey.round,
            "sampled": survey.sampled, "seed": survey.survey.seed,
            "reached": survey.reached, "tried": survey.attempted,
            "rate": _share(survey.rate, lang)})
        strata = [[r.district, language_name(r.language), t(PLACEMENT_OUTCOMES[r.outcome]),
                   str(r.population),
                   str(r.sampled), str(r.attempted), str(r.reached), _share(r.rate, lang)]
                  for r in survey.strata]
        for code, counts in survey.answers.items():
            steps = ", ".join(f"{t(SURVEY_SCALE[s]) if s in SURVEY_SCALE else s}: {n}"
                              for s, n in counts.items())
            answers.append([t(SURVEY_QUESTIONS[code]), steps])
    themes = []
    for theme in THEMES:
        themes.append({
            "heading": f"{t(THEME_WORDS[theme])}: {report.by_theme[theme]}",
            "codes": [f"{t(CODE_WORDS[c])}: {report.by_code[c]}" for c in CODES
                      if THEME_OF[c] == theme],
            "quotes": report.quotes[theme],
            "group": [f"{t(GROUP_ITEMS[i.kind])}: {i.text}" for i in report.group[theme]],
        })
    return pdf("dialogue_report", {
        "lang": "sv" if lang.startswith("sv") else lang,
        "organizer": organizer,
        "title": t(REPORT["title"]),
        "made": t(REPORT["made"]) % {"day": swedish_date(report.made_at).isoformat()},
        "method_heading": t(REPORT["method"]),
        "method": method,
        "strata_heading": t(REPORT["strata"]),
        "strata_columns": [t(REPORT[k]) for k in ("district", "language", "outcome",
                                                   "families", "sample", "called", "reached",
                                                   "rate")],
        "strata": strata,
        "answers_heading": t(REPORT["answers"]),
        "answers": answers,
        "themes_heading": t(REPORT["themes"]),
        "chart": theme_chart(report, lang),
        "chart_alt": t(REPORT["chart_alt"]) % {"passages": report.passages},
        "themes": themes,
        "quotes_note": t(REPORT["quotes_note"]),
        "measures_heading": t(REPORT["measures"]),
        "measure_columns": [t(REPORT[k]) for k in ("year", "first_choice", "any_choice",
                                                    "appeals", "contact_calls", "on_time")],
        "measures": [[str(m.year), _share(m.first_choice, lang), _share(m.any_choice, lang),
                      "–" if m.appeals is None else str(m.appeals),
                      "–" if m.contact_calls is None else str(m.contact_calls),
                      _share(m.feedback_on_time[0] / m.feedback_on_time[1], lang)
                      if m.feedback_on_time else "–"] for m in report.measures],
        "sources": [f"{t(SOURCES[k])}: {n}" for k, n in sorted(report.by_source.items())],
    })
