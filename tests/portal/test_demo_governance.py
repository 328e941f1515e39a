"""The demo municipality's governance history (what `run-demo` shows): a year of deviations
moved by the same use cases staff use — every case accounted for — and an injunction with
findings on the countdown board (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from huvudman.governance import deviations as core
from huvudman.services.demo.portal_seed import seed_demo
from huvudman.services.governance.deviation_cases import board, case_of
from huvudman.services.governance.indicators import early_warning
from huvudman.services.governance.inspections import countdown
from huvudman.services.governance.pupil_support import times_by_school
from huvudman.store.database import sessions
from huvudman.store.models import (
    AdviserAssignment,
    CodedPassage,
    Deviation,
    DeviationEvent,
    EvaluationPlan,
    Feedback,
    ManagementMeeting,
    Passage,
    PupilCase,
    School,
    SupportMeasure,
    User,
)
from huvudman.store.times import as_utc


def test_the_demo_has_a_year_of_governance(engine, tmp_path) -> None:
    with sessions(engine).begin() as s:
        assert seed_demo(s, tmp_path, children=300, schools=6, seed=5)
    with sessions(engine)() as s:
        rows = s.scalars(select(Deviation)).all()
        assert len(rows) >= 200
        assert all(core.accounted_for(case_of(r)) for r in rows)
        closed = [r for r in rows if r.state == core.CLOSED]
        assert len(closed) > len(rows) // 2 and all(r.outcome for r in closed)
        assert s.scalar(select(func.count()).select_from(DeviationEvent).where(
            DeviationEvent.kind == "escalate")) > 0
        principal = s.scalars(select(User).where(User.role == "principal")).one()
        assert board(s, principal).counts["mine"] > 0
        head = s.scalars(select(User).where(User.role == "head_of_schools")).one()
        decisions = countdown(s, head, date(2026, 11, 25))
        assert [d.decision.reference for d in decisions] == ["SI 2026:4711"]
        assert {f.status for f in decisions[0].findings} - {"reported"}
        # every school has statistics; the principal's is flagged and has an adviser at work
        warned = early_warning(s, head, datetime(2026, 11, 26, tzinfo=UTC))
        assert len(warned) == s.scalar(select(func.count()).select_from(School))
        assert [w.school.school_id for w in warned if w.assessment.flagged] == [
            principal.school_id]
        assignment = s.scalars(select(AdviserAssignment)).one()
        assert assignment.school_id == principal.school_id and assignment.notes
        # support measures in every state but declined; the pupils' times tell the routine's
        # effect (slow before 10 October 2026, prompt after)
        measures = s.scalars(select(SupportMeasure)).all()
        assert {m.state for m in measures} == {"proposed", "decided", "followed_up"}
        cases = s.scalars(select(PupilCase).order_by(PupilCase.signalled_on)).all()
        assert len(cases) == 30 and {c.school_id for c in cases} == {principal.school_id}
        before = [c for c in cases if c.signalled_on < date(2026, 10, 1) and c.investigation_on]
        after = [c for c in cases if c.signalled_on >= date(2026, 10, 10) and c.investigation_on]
        days = [(c.investigation_on - c.signalled_on).days for c in before]
        assert min(days) >= 8 and after and max(
            (c.investigation_on - c.signalled_on).days for c in after) <= 4
        times = times_by_school(s, head, datetime(2026, 11, 26, tzinfo=UTC))
        assert [t.school_id for t in times] == [principal.school_id]
        assert times[0].times.late_investigations > 0 and times[0].shown_to_investigation
        # the head of schools' team met twice; November's agenda has the principal's thread
        # and October's action item still open
        meetings = s.scalars(select(ManagementMeeting).order_by(ManagementMeeting.held_on)).all()
        assert [m.held_on.isoformat() for m in meetings] == ["2026-10-05", "2026-11-02"]
        november = {(i.kind, i.text.split(" — ")[0]) for i in meetings[1].items}
        assert ("new", "Vikariebrist i matematik från januari") in november
        assert ("open_actions", "Kartlägg otrygga platser med eleverna") in november
        assert not any(text.startswith("Ny rutin") for _, text in november)  # done
        # seventy written comments through the complaint routine: most answered, some late,
        # some published with consent, one made a deviation
        notes = s.scalars(select(Feedback)).all()
        answered = [f for f in notes if f.state == "answered"]
        assert len(notes) == 70 and len(answered) >= 50
        assert any(as_utc(f.answered_at) > as_utc(f.answer_by) for f in answered)
        assert all(f.consent for f in notes if f.published_at) and any(
            f.published_at for f in notes)
        assert sum(1 for f in notes if f.deviation_id) == 1
        coded = s.scalars(select(CodedPassage).join(
            Passage, Passage.id == CodedPassage.passage_id).where(Passage.source == "feedback")
            ).all()
        assert len({c.coder_id for c in coded}) == 2 and len(coded) == 70
        plan = s.scalars(select(EvaluationPlan)).one()
        assert plan.school_id == principal.school_id and len(plan.visits) == 2


def test_the_demo_has_last_years_dialogue(engine, tmp_path) -> None:
    """Last year's survey (drawn from last year's run, called, its families' link removed),
    interviews, a working group of eighteen with four meetings, the contact centre's calls —
    and the report shows them."""
    from huvudman.services.dialogue.report import dialogue_report, report_pdf
    from huvudman.store.models import (
        ContactCalls,
        GroupMeeting,
        GroupMember,
        Interview,
        Survey,
        SurveyFamily,
    )

    with sessions(engine).begin() as s:
        assert seed_demo(s, tmp_path, children=300, schools=6, seed=5)
    now = datetime(2026, 12, 2, 10, tzinfo=UTC)
    with sessions(engine).begin() as s:
        survey = s.scalars(select(Survey)).one()
        families = s.scalars(select(SurveyFamily)).all()
        assert survey.round == "2026" and survey.size == 200
        assert sum(not f.reserve for f in families) == 200
        assert all(f.child_id is None for f in families)  # closed: no link to the register
        assert sum(f.state == "reached" for f in families) > 100
        assert any(f.reserve and f.state != "pending" for f in families)  # reserves called
        assert s.scalar(select(func.count()).select_from(Interview)) == 30
        assert s.scalar(select(func.count()).select_from(GroupMember)) == 18
        meetings = s.scalars(select(GroupMeeting)).all()
        assert len(meetings) == 4 and all(m.minutes for m in meetings)
        assert s.scalar(select(func.count()).select_from(ContactCalls)) == 3
        evaluator = s.scalars(select(User).where(User.role == "school_evaluator")).first()
        report = dialogue_report(s, evaluator, now)
        assert report.survey is not None and report.survey.reached > 100
        assert sum(r.population for r in report.survey.strata) <= 300
        years = {m.year: m for m in report.measures}
        assert years[2026].first_choice is not None and years[2026].contact_calls == 3910
        assert report.by_source["interview"] >= 20 and report.by_source["survey"] > 20
        assert report_pdf(report, "Älvstad kommun (demo)", "sv").startswith(b"%PDF")
