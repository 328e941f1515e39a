"""The school evaluator's indicators and early warning: Skolverket's school-unit statistics
imported (CSV or Excel in its layout, its value marks understood), the system's own figures
added (deviations and degrading treatment per 100 pupils in the last year, overdue matters),
and every school scored by `governance.early_warning`, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from huvudman.datafiles.register import Rejection, UnreadableFile, read_table
from huvudman.governance import deviations as core
from huvudman.governance.early_warning import INDICATORS, Assessment, assess, skolverket_number
from huvudman.services.governance.advisers import raise_flags
from huvudman.store import audit_log
from huvudman.store.models import Deviation, School, SchoolIndicator, User

#: Skolverket's statistics keys (planned-educations API, compulsory school) → our codes; our
#: own codes are read as they are.
SKOLVERKET_KEYS = {
    "certifiedTeachersQuota": "certified_teachers",
    "ratioOfPupilsIn6thGradeWithAllSubjectsPassed": "passed_all_subjects",
    "ratioOfPupilsIn9thGradeWithAllSubjectsPassed": "passed_all_subjects",
    "ratioOfPupilsIn9thGradeEligibleForNationalProgramYR": "eligible_upper_secondary",
    "studentsPerTeacherQuota": "pupils_per_teacher",
    "totalNumberOfPupils": "pupils",
}
SCHOOL_COLUMNS = ("skolenhetskod", "schoolUnit", "school_id")
PERIOD_COLUMNS = ("timePeriod", "lasar", "läsår", "period")


@dataclass(frozen=True)
class IndicatorImport:
    """What an import did: rows stored, or the rejected rows (and nothing stored)."""

    stored: int
    rejected: list[Rejection]


@dataclass(frozen=True)
class SchoolWarning:
    """A school's early warning: its latest school year, values, and assessment."""

    school: School
    period: str
    values: dict[str, float | None]
    assessment: Assessment


def import_indicators(session: Session, staff: User, filename: str, data: bytes,
                      now: datetime) -> IndicatorImport:
    """Read a statistics file (one row per school and school year, a column per indicator)
    and store it whole, or nothing with every problem named by line and column."""
    try:
        header, rows = read_table(filename, data)
    except UnreadableFile as err:
        return IndicatorImport(0, [Rejection(1, "file", str(err))])
    school_col = next((c for c in SCHOOL_COLUMNS if c in header), None)
    period_col = next((c for c in PERIOD_COLUMNS if c in header), None)
    columns = {i: SKOLVERKET_KEYS.get(h, h) for i, h in enumerate(header)
               if SKOLVERKET_KEYS.get(h, h) in (*INDICATORS, "pupils")}
    rejected: list[Rejection] = []
    if school_col is None or period_col is None or not columns:
        rejected.append(Rejection(1, "header", "needs a school unit code (skolenhetskod), a "
                                  "school year (timePeriod) and at least one indicator"))
        return IndicatorImport(0, rejected)
    known = set(session.scalars(select(School.school_id)))
    school_at, period_at = header.index(school_col), header.index(period_col)
    values = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        school = cells[school_at].strip() if school_at < len(cells) else ""
        period = cells[period_at].strip() if period_at < len(cells) else ""
        if school not in known:
            rejected.append(Rejection(line, school_col, f"unknown school unit {school!r}"))
            continue
        if not period or len(period) > 9:
            rejected.append(Rejection(line, period_col, f"a school year like 2025/26, got "
                                      f"{period!r}"))
            continue
        if (school, period) in seen:
            rejected.append(Rejection(line, school_col, f"{school} {period} is listed twice "
                                      f"(also on line {seen[school, period]})"))
            continue
        seen[school, period] = line
        for i, code in columns.items():
            text = cells[i] if i < len(cells) else ""
            value = skolverket_number(text)
            if value is None and text.strip() not in ("", "..", "*", "-", "–", "."):
                rejected.append(Rejection(line, header[i], f"{text!r} is not a number"))
            values.append({"school_id": school, "period": period, "code": code,
                           "value": value, "imported_at": now})
    if rejected:
        return IndicatorImport(0, rejected)
    codes = sorted(set(columns.values()))
    for school, period in sorted({(r["school_id"], r["period"]) for r in values}):
        # a school year imported again replaces what it had of these indicators
        session.execute(delete(SchoolIndicator).where(
            SchoolIndicator.school_id == school, SchoolIndicator.period == period,
            SchoolIndicator.code.in_(codes)))
    if values:
        session.execute(insert(SchoolIndicator), values)
    audit_log.record(session, staff.email, "import_indicators", filename,
                     f"{len(values)} values", at=now)
    session.flush()
    raise_flags(session, warnings(session, now), now)
    return IndicatorImport(len(values), [])


def early_warning(session: Session, viewer: User, now: datetime) -> list[SchoolWarning]:
    """Every school with indicators, scored on its latest school year and the system's own
    figures of the last year, the highest score first; the read is audited."""
    out = warnings(session, now)
    audit_log.record(session, viewer.email, "read_early_warning", "schools",
                     f"{len(out)} schools, {sum(w.assessment.flagged for w in out)} flagged",
                     at=now)
    return out


def warnings(session: Session, now: datetime) -> list[SchoolWarning]:
    """The early warning of every school with indicators (no audit entry: for the import's
    own check of which schools it flags)."""
    latest: dict[str, str] = dict(session.execute(
        select(SchoolIndicator.school_id, func.max(SchoolIndicator.period))
        .group_by(SchoolIndicator.school_id)).all())
    figures: dict[str, dict[str, float | None]] = {s: {} for s in latest}
    for school_id, period, code, value in session.execute(
            select(SchoolIndicator.school_id, SchoolIndicator.period, SchoolIndicator.code,
                   SchoolIndicator.value)):
        if latest.get(school_id) == period:
            figures[school_id][code] = value
    _own_figures(session, figures, now)
    schools = {s.school_id: s for s in session.scalars(select(School).where(
        School.school_id.in_(list(figures))))}
    out = [SchoolWarning(schools[s], latest[s], v, assess(v)) for s, v in figures.items()]
    out.sort(key=lambda w: (-w.assessment.score, w.school.name))
    return out


def _own_figures(session: Session, figures: dict[str, dict], now: datetime) -> None:
    """Deviations and degrading treatment per 100 pupils in the last year, overdue matters."""
    year_ago = now - timedelta(days=365)
    counts = dict(session.execute(select(Deviation.school_id, func.count()).where(
        Deviation.reported_at >= year_ago).group_by(Deviation.school_id)).all())
    degrading = dict(session.execute(select(Deviation.school_id, func.count()).where(
        Deviation.reported_at >= year_ago, Deviation.category == "degrading_treatment")
        .group_by(Deviation.school_id)).all())
    overdue = dict(session.execute(select(Deviation.school_id, func.count()).where(
        Deviation.state != core.CLOSED, Deviation.due_at <= now)
        .group_by(Deviation.school_id)).all())
    for school_id, values in figures.items():
        pupils = values.get("pupils")
        if pupils:
            values["deviations_per_100"] = 100 * counts.get(school_id, 0) / pupils
            values["degrading_per_100"] = 100 * degrading.get(school_id, 0) / pupils
        values["overdue_matters"] = float(overdue.get(school_id, 0))
