"""The monthly governance report for the board (nämnden): deviations by category and age,
escalations, overdue matters, inspection decisions, support measures and pupils' support,
with a year's trend — as a page and as a tagged PDF.

The month's arithmetic is `governance.report`; this module counts in the database (a year of
a large municipality's cases stays quick), draws the trend and hands the PDF its words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.documents.charts import monthly_svg
from huvudman.documents.typst_pdf import pdf
from huvudman.governance import deviations as cases_core
from huvudman.governance import report as core
from huvudman.governance import support as support_core
from huvudman.services.governance import inspections, pupil_support
from huvudman.store import audit_log
from huvudman.store.models import Deviation, DeviationEvent, SupportMeasure, User
from huvudman.store.times import as_utc
from huvudman.words.catalogs import translations
from huvudman.words.formatting import number
from huvudman.words.governance import (
    AGE_WORDS,
    FINDING_STATUSES,
    INSPECTION_KINDS,
    MEASURE_STATES,
    MONTHLY,
    category_words,
    month_name,
)
from huvudman.workdays import swedish_date


@dataclass(frozen=True)
class CategoryRow:
    """One category's month: reported, closed, and open at the month's end by age."""

    category: str
    reported: int
    closed: int
    open_by_age: dict[str, int]

    @property
    def open(self) -> int:
        """Open at the month's end."""
        return sum(self.open_by_age.values())


@dataclass(frozen=True)
class MonthlyReport:
    """What the board reads about one month (inspections, measures and pupils' times as of the
    day the report was made)."""

    month: core.Month
    made_at: datetime
    categories: list[CategoryRow]
    escalations: int
    overdue_now: int
    trend_months: list[core.Month]
    trend: dict[str, list[int]]  # reported, escalated, closed
    decisions: list[inspections.DecisionView]
    measures: dict[str, int]  # by state, now
    measures_late: int
    pupil_times: list[pupil_support.SchoolTimes]

    @property
    def totals(self) -> tuple[int, int, int]:
        """Reported, closed and open at the month's end, all categories."""
        return (sum(r.reported for r in self.categories), sum(r.closed for r in self.categories),
                sum(r.open for r in self.categories))


def monthly_report(session: Session, viewer: User, month: core.Month, now: datetime
                   ) -> MonthlyReport:
    """The report on `month` for the whole municipality; the read is audited."""
    # in UTC: SQLite keeps a time as the wall clock it was given
    start, end = (at.astimezone(UTC) for at in core.bounds(month))
    months = core.trend(month)
    first = core.bounds(months[0])[0].astimezone(UTC)
    events = select(DeviationEvent.deviation_id, DeviationEvent.kind, DeviationEvent.at).where(
        DeviationEvent.at >= first, DeviationEvent.at < end)
    kinds: dict[str, list[datetime]] = {"report": [], "escalate": [], "close": []}
    closed_in_month: set[int] = set()
    for deviation_id, kind, at in session.execute(events):
        at = as_utc(at)
        if kind in kinds:
            kinds[kind].append(at)
        if kind == "close" and start <= at:
            closed_in_month.add(deviation_id)
    by_category: dict[str, list[tuple[int, datetime]]] = {c: [] for c in cases_core.CATEGORIES}
    for deviation_id, category, at in session.execute(
            select(Deviation.id, Deviation.category, Deviation.reported_at)
            .where(Deviation.reported_at < end)):
        by_category.setdefault(category, []).append((deviation_id, as_utc(at)))
    open_at_end = _open_at(session, end)
    rows = [CategoryRow(
        code, sum(1 for _, at in cases if at >= start),
        sum(1 for i, _ in cases if i in closed_in_month),
        core.by_age((at for i, at in cases if i in open_at_end), end))
        for code, cases in ((c, by_category[c]) for c in cases_core.CATEGORIES)]
    trend = {name: core.per_month(kinds[kind], months)
             for name, kind in (("reported", "report"), ("escalated", "escalate"),
                                ("closed", "close"))}
    today = swedish_date(now)
    measures = dict(session.execute(select(SupportMeasure.state, func.count())
                                    .group_by(SupportMeasure.state)).all())
    late = sum(1 for state, ends in session.execute(
        select(SupportMeasure.state, SupportMeasure.ends_on))
        if support_core.follow_up_late(state, ends, today))
    overdue = session.scalar(select(func.count()).select_from(Deviation).where(
        Deviation.state != cases_core.CLOSED, Deviation.due_at <= now.astimezone(UTC)))
    audit_log.record(session, viewer.email, "read_governance_report",
                     f"month:{month[0]}-{month[1]:02d}", at=now)
    return MonthlyReport(month, now, rows, trend["escalated"][-1], overdue or 0, months, trend,
                         inspections.countdown(session, viewer, today),
                         {s: measures.get(s, 0) for s in support_core.MEASURE_STATES}, late,
                         pupil_support.times_by_school(session, viewer, now))


def _open_at(session: Session, end: datetime) -> set[int]:
    """The deviations open at `end`: reported before it, and their last event before it did
    not leave them closed."""
    last = (select(func.max(DeviationEvent.id)).where(DeviationEvent.at < end)
            .group_by(DeviationEvent.deviation_id))
    return set(session.scalars(select(DeviationEvent.deviation_id).where(
        DeviationEvent.id.in_(last), DeviationEvent.state != cases_core.CLOSED)))


def trend_chart(report: MonthlyReport, lang: str) -> str:
    """The year's trend as an SVG chart, in `lang`."""
    t = translations(lang).gettext
    labels = [month_name(m, lang, short=True) for m in report.trend_months]
    return monthly_svg(labels, [(t(MONTHLY[k]), report.trend[k])
                                for k in ("reported", "escalated", "closed")],
                       t(MONTHLY["trend_title"]))


def report_pdf(report: MonthlyReport, organizer: str, lang: str) -> bytes:
    """The report as a tagged PDF/UA-1 document in `lang`."""
    t = translations(lang).gettext
    reported, closed, still_open = report.totals
    return pdf("governance_report", {
        "lang": "sv" if lang.startswith("sv") else lang,
        "organizer": organizer,
        "title": t(MONTHLY["title"]) % {"month": month_name(report.month, lang)},
        "made": t(MONTHLY["made"]) % {"day": swedish_date(report.made_at).isoformat()},
        "summary": t(MONTHLY["summary"]) % {"reported": reported, "closed": closed,
                                            "open": still_open,
                                            "escalated": report.escalations,
                                            "overdue": report.overdue_now},
        "deviations_heading": t(MONTHLY["deviations"]),
        "category_columns": [t(MONTHLY["category"]), t(MONTHLY["reported"]),
                             t(MONTHLY["closed"]), *(t(AGE_WORDS[a]) for a in core.AGE_BUCKETS)],
        "categories": [[category_words(r.category, lang)[0], str(r.reported), str(r.closed),
                        *(str(r.open_by_age[a]) for a in core.AGE_BUCKETS)]
                       for r in report.categories],
        "chart": trend_chart(report, lang),
        "chart_alt": t(MONTHLY["trend_alt"]),
        "trend_heading": t(MONTHLY["trend_title"]),
        "inspections_heading": t(MONTHLY["inspections"]),
        "inspections": [f"{v.school}: {t(INSPECTION_KINDS[v.decision.kind])} "
                        f"({v.decision.reference}) — {t(FINDING_STATUSES[v.status])}"
                        for v in report.decisions] or [t(MONTHLY["none"])],
        "measures_heading": t(MONTHLY["measures"]),
        "measures": [f"{t(MEASURE_STATES[s])}: {n}" for s, n in report.measures.items()]
        + [t(MONTHLY["measures_late"]) % {"n": report.measures_late}],
        "pupils_heading": t(MONTHLY["pupils"]),
        "pupil_columns": [t(MONTHLY[k]) for k in ("school", "cases", "to_investigation",
                                                   "to_decision", "late_investigations",
                                                   "late_decisions")],
        "pupils": [[r.school, str(r.times.cases), _days(r.shown_to_investigation, lang),
                    _days(r.shown_to_decision, lang), str(r.times.late_investigations),
                    str(r.times.late_decisions)]
                   for r in report.pupil_times] or [[t(MONTHLY["none"]), *[""] * 5]],
        "open_by_age": t(MONTHLY["open_by_age"]),
    })


def _days(value: float | None, lang: str) -> str:
    return "–" if value is None else number(value, lang, 1)
