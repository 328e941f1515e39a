"""The tables, as SQLAlchemy 2 typed models."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Base of every table."""


class School(Base):
    """A school unit (skolenhet) and its places."""

    __tablename__ = "school"
    school_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer)
    district: Mapped[str] = mapped_column(String(100), default="")
    # what families read about the school, as the school register gives it: its visiting
    # address, its profile, whether it has fritids (school-age childcare; None: not known) and
    # the languages taught besides Swedish (mother tongue, ;-separated)
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    profile: Mapped[str] = mapped_column(String(300), default="", server_default="")
    fritids: Mapped[bool | None] = mapped_column(Boolean)
    languages: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Child(Base):
    """A child in the year group being placed."""

    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64), unique=True)
    personnummer: Mapped[str | None] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    district: Mapped[str] = mapped_column(String(100), default="")
    grade: Mapped[str] = mapped_column(String(8), default="F")
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    # the home's address as the population register gives it, how it was found in the
    # municipality's address register (addresses.index.QUALITIES; "" when the register gave a
    # position) and the address point taken; an officer's correction sets "corrected"
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    address_quality: Mapped[str] = mapped_column(String(20), default="", server_default="")
    address_point: Mapped[str] = mapped_column(String(200), default="", server_default="")
    guardians: Mapped[list[User]] = relationship(secondary="guardianship",
                                                 back_populates="children")
    sibling_schools: Mapped[list[SiblingSchool]] = relationship(
        order_by="SiblingSchool.school_id", cascade="all, delete-orphan")
    special_reasons: Mapped[list[SpecialReason]] = relationship(
        order_by="SpecialReason.school_id", cascade="all, delete-orphan")


class SiblingSchool(Base):
    """A school an older sibling of the child attends and will continue at (syskonförtur), as
    the population register import says."""

    __tablename__ = "sibling_school"
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), primary_key=True)


class SpecialReason(Base):
    """An officer's decision that a child has special reasons (särskilda skäl) for a school:
    the category, who decided and when. Never shown to other families or in statistics."""

    __tablename__ = "special_reason"
    __table_args__ = (UniqueConstraint("child_id", "school_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"))
    category: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A person who signs in: a guardian or a member of staff, with one role."""

    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("personnummer", name="uq_app_user_personnummer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # for sign-in through the municipality's e-identification (YYYYMMDD-NNNN)
    personnummer: Mapped[str | None] = mapped_column(String(13))
    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    locale: Mapped[str] = mapped_column(String(16), default="sv")
    # the guardian turned reminders off (receipts, decisions and appeals are always sent)
    reminders_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    unsubscribe_token: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # a guardian's telephone number from the population register (the dialogue's survey calls)
    phone: Mapped[str | None] = mapped_column(String(32))
    children: Mapped[list[Child]] = relationship(secondary="guardianship",
                                                 back_populates="guardians")


class WebSession(Base):
    """A signed-in session, known to the server so that signing out (or an administrator)
    ends it everywhere: the cookie carries a random token, the table only its hash."""

    __tablename__ = "web_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Guardianship(Base):
    """A guardian (vårdnadshavare) of a child."""

    __tablename__ = "guardianship"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), primary_key=True)


class Application(Base):
    """A child's ranked choices for one placement round; counts once every guardian confirmed
    the same list."""

    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("child_id", "round"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    round: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    choices: Mapped[list[Choice]] = relationship(order_by="Choice.rank",
                                                 cascade="all, delete-orphan")
    confirmations: Mapped[list[Confirmation]] = relationship(cascade="all, delete-orphan")


class Choice(Base):
    """One ranked school of an application."""

    __tablename__ = "choice"
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"))


class Confirmation(Base):
    """A guardian's confirmation of exactly this list (its fingerprint)."""

    __tablename__ = "confirmation"
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    choices_sha256: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the guardian does not agree with this list (and says why): the application does not
    # count, and both guardians and the officers see it
    disagrees: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")


class Notice(Base):
    """A disruption notice (störningsinformation) shown as a banner while it is current."""

    __tablename__ = "notice"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class Feedback(Base):
    """Feedback or a complaint (synpunkt, klagomål) — `dialogue.feedback`: who sent it (no
    one, for an anonymous sender with a receipt code), its deadlines, the acknowledgement and
    the answer, whether it may be published, and the deviation it became."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(16), default="opinion", server_default="opinion")
    category: Mapped[str] = mapped_column(String(20), default="other", server_default="other")
    channel: Mapped[str] = mapped_column(String(8), default="portal", server_default="portal")
    lang: Mapped[str] = mapped_column(String(8), default="sv", server_default="sv")
    reply_to: Mapped[str | None] = mapped_column(String(320))
    receipt_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="received", server_default="received")
    acknowledge_by: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answer_by: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    remind_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    public_question: Mapped[str] = mapped_column(Text, default="", server_default="")
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    escalated_for: Mapped[str | None] = mapped_column(String(16))  # the deadline missed
    deviation_id: Mapped[int | None] = mapped_column(ForeignKey("deviation.id"))


class AuditEntry(Base):
    """One entry of the append-only audit log; each entry's hash covers the one before."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class PlacementRun(Base):
    """A placement run made from the portal; its full, immutable record lies in `run_dir`."""

    __tablename__ = "placement_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    round: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    seed: Mapped[int] = mapped_column(Integer)
    run_dir: Mapped[str] = mapped_column(String(500))
    audit_passed: Mapped[bool] = mapped_column(Boolean)
    summary: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[str] = mapped_column(String(200), default="")  # preset · mechanism · fallback
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # the audit redone after overrides (JSON as audit.json's checks and violations); None while
    # the run is as placed
    current_audit: Mapped[str | None] = mapped_column(Text)
    # the two-person rule for a run with findings: why it may still be published, and who
    # (another person) approved that
    justification: Mapped[str | None] = mapped_column(Text)
    justified_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    justified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # a correction run (rättelse): the published run it corrects, and its policy
    # (decisions.correction); None for an ordinary run
    corrects: Mapped[int | None] = mapped_column(ForeignKey("placement_run.id"))
    policy: Mapped[str | None] = mapped_column(String(16))


class CorrectionMove(Base):
    """A child a correction run moves: its standing decision before, and after."""

    __tablename__ = "correction_move"
    run_id: Mapped[int] = mapped_column(ForeignKey("placement_run.id"), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), primary_key=True)
    from_school: Mapped[str | None] = mapped_column(String(32))
    to_school: Mapped[str | None] = mapped_column(String(32))
    from_rank: Mapped[int] = mapped_column(Integer)
    to_rank: Mapped[int] = mapped_column(Integer)
    worse_off: Mapped[bool] = mapped_column(Boolean)


class RoundSetting(Base):
    """How a round is placed, as staff set it: a rule-chain preset, the mechanism and the
    fallback (capacities live on the schools)."""

    __tablename__ = "round_setting"
    round: Mapped[str] = mapped_column(String(32), primary_key=True)
    preset: Mapped[str] = mapped_column(String(64))
    mechanism: Mapped[str] = mapped_column(String(32))
    fallback: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class Reminder(Base):
    """A reminder to a guardian to confirm their child's list (shown when they sign in)."""

    __tablename__ = "reminder"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    round: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class Placement(Base):
    """Where a run placed a child (an override keeps the run's answer beside it)."""

    __tablename__ = "placement"
    run_id: Mapped[int] = mapped_column(ForeignKey("placement_run.id"), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), primary_key=True)
    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    choice_rank: Mapped[int] = mapped_column(Integer, default=0)
    rule: Mapped[str] = mapped_column(String(32), default="")
    walking_m: Mapped[float | None] = mapped_column(Float)
    override_school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # when a guardian first read the published decision in the portal (the day they received it)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Appeal(Base):
    """An appeal of a child's placement decision (`decisions.appeals`): its way, the day its
    time limit counts from, where it stands and how it was ruled."""

    __tablename__ = "appeal"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("placement_run.id"))
    route: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[str | None] = mapped_column(String(32))  # the refusal appealed
    channel: Mapped[str] = mapped_column(String(16))  # portal, paper, email, court
    text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)  # received the decision / notice board
    state: Mapped[str] = mapped_column(String(16), index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    ruled_on: Mapped[date | None] = mapped_column(Date)


class Deviation(Base):
    """A deviation (avvikelse) as its events have left it (`governance.deviations.Case`)."""

    __tablename__ = "deviation"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[int] = mapped_column(Integer)
    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    escalations: Mapped[int] = mapped_column(Integer)
    cause_found: Mapped[bool] = mapped_column(Boolean)
    actions: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[bool] = mapped_column(Boolean)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reporter_kind: Mapped[str] = mapped_column(String(16))  # staff, guardian, anonymous
    receipt_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    occurred_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    place: Mapped[str | None] = mapped_column(String(20))
    pupil_key: Mapped[str | None] = mapped_column(String(64))  # a pseudonym, never the name
    staff_key: Mapped[str | None] = mapped_column(String(64))
    events: Mapped[list[DeviationEvent]] = relationship(order_by="DeviationEvent.id")

    __table_args__ = (Index("ix_deviation_open", "state", "level", "school_id"),)


class DeviationEvent(Base):
    """One thing that happened to a deviation: reported, started, a cause, an action, followed
    up, closed, reopened, escalated, a comment, a question to or answer from the reporter."""

    __tablename__ = "deviation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    deviation_id: Mapped[int] = mapped_column(ForeignKey("deviation.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    state: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer)


class InspectionDecision(Base):
    """A decision of the School Inspectorate about a school (a remark, an injunction, …)."""

    __tablename__ = "inspection_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"))
    decided_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(40))  # the inspectorate's diarienummer
    summary: Mapped[str] = mapped_column(Text)
    registered_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    findings: Mapped[list[InspectionFinding]] = relationship(order_by="InspectionFinding.id")


class InspectionFinding(Base):
    """One finding of a decision: its area, what was found, and when the organizer reports."""

    __tablename__ = "inspection_finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("inspection_decision.id"), index=True)
    area: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    report_by: Mapped[date] = mapped_column(Date)
    reported_on: Mapped[date | None] = mapped_column(Date)
    # the countdown status last told by mail (due soon, overdue): each is told once
    reminded: Mapped[str | None] = mapped_column(String(16))
    actions: Mapped[list[CorrectiveAction]] = relationship(order_by="CorrectiveAction.id")


class CorrectiveAction(Base):
    """A corrective action for a finding: who, by when, done when, and the evidence."""

    __tablename__ = "corrective_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("inspection_finding.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_role: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Outbox(Base):
    """An e-mail to send: written with what it tells, sent later, kept with its fate."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_try_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    # what the message is about, once (e.g. "decision:run 5:child 12:user 3"): never queued twice
    once_key: Mapped[str | None] = mapped_column(String(160), unique=True, index=True)

    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_try_at"),)


class SchoolIndicator(Base):
    """One indicator of a school for a school year (None: not shown, e.g. too few pupils)."""

    __tablename__ = "school_indicator"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"))
    period: Mapped[str] = mapped_column(String(9))  # a school year: 2025/26
    code: Mapped[str] = mapped_column(String(40))
    value: Mapped[float | None] = mapped_column(Float)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("school_id", "period", "code"),)


class SchoolFlag(Base):
    """The early warning flagged a school for a school year (raised, and told, once)."""

    __tablename__ = "school_flag"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"))
    period: Mapped[str] = mapped_column(String(9))
    score: Mapped[int] = mapped_column(Integer)
    flagged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("school_id", "period"),)


class AdviserAssignment(Base):
    """An adviser given to a school (why, by whom, from when, until when)."""

    __tablename__ = "adviser_assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"))
    adviser_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    assigned_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notes: Mapped[list[AdviserNote]] = relationship(order_by="AdviserNote.id")


class AdviserNote(Base):
    """The adviser's log: what was done at the school, and when."""

    __tablename__ = "adviser_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("adviser_assignment.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)


class SupportMeasure(Base):
    """A special support measure for a school (`governance.support`): its trigger, the
    proposal, the decision within delegation with resources and timeline, and the effect."""

    __tablename__ = "support_measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    trigger: Mapped[str] = mapped_column(String(24))
    trigger_ref: Mapped[str] = mapped_column(String(64), default="", server_default="")
    title: Mapped[str] = mapped_column(String(200))
    proposal: Mapped[str] = mapped_column(Text)
    cost: Mapped[int] = mapped_column(Integer)  # kronor
    state: Mapped[str] = mapped_column(String(16))
    proposed_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resources: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    effect: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    followed_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PupilCase(Base):
    """A pupil who may need special support (skollagen 3 kap.): the signal, the investigation,
    the decision on an action programme, the follow-up. The pupil's name is read only by the
    school's staff who handle it."""

    __tablename__ = "pupil_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    pupil_name: Mapped[str] = mapped_column(String(200))
    pupil_class: Mapped[str] = mapped_column(String(16), default="", server_default="")
    signal: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    signalled_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    signalled_on: Mapped[date] = mapped_column(Date)
    investigation_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    programme: Mapped[bool | None] = mapped_column(Boolean)
    decision_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    followed_up_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")


class Post(Base):
    """A post a person held in the organisation (a role, at a school for school-bound roles),
    from when until when: the account's role is the post held now; ended posts are history."""

    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(320))


class ManagementThread(Base):
    """A matter raised between two levels of the chain of command (about a school or all)."""

    __tablename__ = "management_thread"
    id: Mapped[int] = mapped_column(primary_key=True)
    from_role: Mapped[str] = mapped_column(String(32))
    to_role: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    subject: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    messages: Mapped[list[ThreadMessage]] = relationship(order_by="ThreadMessage.id")


class ThreadMessage(Base):
    """One message in a thread between levels."""

    __tablename__ = "thread_message"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("management_thread.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)


class ManagementMeeting(Base):
    """A management team's meeting: the agenda generated for it, and what it decided."""

    __tablename__ = "management_meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(32))  # the team: its highest level's role
    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.school_id"))
    held_on: Mapped[date] = mapped_column(Date)
    since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    items: Mapped[list[MeetingItem]] = relationship(order_by="MeetingItem.id")


class MeetingItem(Base):
    """A line of a meeting: an agenda point (its heading and what it points at), a decision,
    or an action item with its owner and date."""

    __tablename__ = "meeting_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("management_meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # overdue, escalated, new, decision, action
    ref: Mapped[str] = mapped_column(String(64), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    owner_role: Mapped[str | None] = mapped_column(String(32))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class Passage(Base):
    """A passage of the dialogue's material to code: from written feedback (names, numbers and
    addresses marked out), an interview or a survey answer."""

    __tablename__ = "passage"
    __table_args__ = (UniqueConstraint("source", "source_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # feedback, interview, survey
    source_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    quotable: Mapped[bool] = mapped_column(Boolean)  # its author consented to being quoted
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Coding(Base):
    """A coder's code on a passage — chosen, or a suggestion the coder accepted."""

    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("passage_id", "coder_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id"), index=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    suggested: Mapped[float | None] = mapped_column(Float)  # the confidence, if accepted
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CodedPassage(Base):
    """That a coder has coded a passage (with no code at all, too: "nothing of the themes")."""

    __tablename__ = "coded_passage"
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id"), primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GroupMember(Base):
    """A member of the dialogue's working group (guardian, politician, principal, manager,
    officer): contact kept for invitations only."""

    __tablename__ = "group_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GroupMeeting(Base):
    """A meeting of the working group: when, where (a room or a link), its agenda, minutes."""

    __tablename__ = "group_meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    minutes_long: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(300))
    agenda: Mapped[str] = mapped_column(Text)
    minutes: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    items: Mapped[list[GroupItem]] = relationship(order_by="GroupItem.id")


class GroupItem(Base):
    """A proposal, a decision or an action item of a meeting, linked to a theme."""

    __tablename__ = "group_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("group_meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # proposal, decision, action
    theme: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("group_member.id"))
    due_on: Mapped[date | None] = mapped_column(Date)


class EvaluationPlan(Base):
    """The school evaluator's plan for a school and term: the areas to look at, and why."""

    __tablename__ = "evaluation_plan"
    __table_args__ = (UniqueConstraint("school_id", "term"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    term: Mapped[str] = mapped_column(String(6))  # HT2026, VT2027
    areas: Mapped[str] = mapped_column(String(300))  # the areas' codes, comma-separated
    purpose: Mapped[str] = mapped_column(Text)
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    visits: Mapped[list[EvaluationVisit]] = relationship(order_by="EvaluationVisit.visited_on")


class EvaluationVisit(Base):
    """A visit's protocol for one area: what was seen, what works, what needs developing, and
    the judgement."""

    __tablename__ = "evaluation_visit"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("evaluation_plan.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(32))
    observed: Mapped[str] = mapped_column(Text)
    strengths: Mapped[str] = mapped_column(Text, default="", server_default="")
    to_develop: Mapped[str] = mapped_column(Text, default="", server_default="")
    judgement: Mapped[str] = mapped_column(String(20))
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Survey(Base):
    """A telephone survey of a round's families: its stratified sample, drawn from a seed
    anyone can draw again."""

    __tablename__ = "survey"
    id: Mapped[int] = mapped_column(primary_key=True)
    round: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    # the population the sample was drawn from, families per stratum (JSON), as it was then
    design: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    families: Mapped[list[SurveyFamily]] = relationship(
        order_by="SurveyFamily.stratum, SurveyFamily.position", back_populates="survey")


class SurveyFamily(Base):
    """A family drawn for a survey (a child and its guardians): its stratum and place in the
    stratum's call order, its caller, and what the call brought — consent, the language of
    the call and whether an interpreter was needed, the answers (JSON) and free text."""

    __tablename__ = "survey_family"
    __table_args__ = (UniqueConstraint("survey_id", "child_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    # None once the survey is closed and its families' link to the register removed
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    stratum: Mapped[str] = mapped_column(String(200))  # district|language|outcome
    position: Mapped[int] = mapped_column(Integer)
    reserve: Mapped[bool] = mapped_column(Boolean)
    caller_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    quote_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    answers: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    free_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    survey: Mapped[Survey] = relationship(back_populates="families")
    attempts: Mapped[list[SurveyAttempt]] = relationship(order_by="SurveyAttempt.at",
                                                         cascade="all, delete-orphan")


class SurveyAttempt(Base):
    """One attempt to call a family, and what it came to."""

    __tablename__ = "survey_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("survey_family.id"), index=True)
    caller_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(16))


class Interview(Base):
    """An interview of the dialogue (a guardian, staff, a politician): who was asked as a role
    and a label without a name, the notes, and whether the person consented to the notes being
    used (and quoted)."""

    __tablename__ = "interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # guardian, staff, politician
    label: Mapped[str] = mapped_column(String(100))  # e.g. "Vårdnadshavare, Norra"
    held_on: Mapped[date] = mapped_column(Date)
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    notes: Mapped[str] = mapped_column(Text)
    consent: Mapped[bool] = mapped_column(Boolean)
    quote_consent: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ContactCalls(Base):
    """Calls to the contact centre about school placement in a year, imported from the
    contact centre's own statistics (a key measure of the dialogue's report)."""

    __tablename__ = "contact_calls"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    calls: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
