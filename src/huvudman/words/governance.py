"""The names a person reads for governance's codes: kinds of deviation, how serious, the states
a case passes, the events of its history, the authorities to tell. Message ids here,
translated by the catalogs where shown."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from huvudman.words.catalogs import _, translations

#: A category of deviation → (its name, what belongs there).
CATEGORIES = {
    "degrading_treatment": (_("Degrading treatment"), _(
        "A pupil harassed, bullied or treated in a degrading way (Education Act 6:10).")),
    "complaint": (_("Complaint about the education"), _(
        "Something in the teaching or the school that is not as it should be (Education Act "
        "4:8).")),
    "concern_for_child": (_("Concern for a child"), _(
        "A child may be at risk: social services are told at once.")),
    "data_breach": (_("Personal data breach"), _(
        "Personal data lost, sent wrongly or seen by someone who should not (GDPR: the "
        "authority within 72 hours).")),
    "work_environment_incident": (_("Serious work environment incident"), _(
        "An accident or near accident: the Work Environment Authority is told without delay.")),
    "safety_incident": (_("Safety incident"), _("Violence, threats, fire, a break-in.")),
    "teaching_not_delivered": (_("Teaching not delivered"), _(
        "Lessons cancelled or not given as the timetable says.")),
    "support_not_given": (_("Support not given"), _(
        "A pupil did not get the extra adaptations or special support decided.")),
    "placement_error": (_("School placement error"), _(
        "A wrong address, a missed sibling or a distance measured wrongly in a placement.")),
}

#: A municipality's own kinds of deviation: code → language → (name, description), from its
#: configuration (`use_category_names`).
CUSTOM_CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {}


def use_category_names(names: dict[str, dict[str, tuple[str, str]]]) -> None:
    """The names of the municipality's own kinds, as configured (replacing any before)."""
    CUSTOM_CATEGORIES.clear()
    CUSTOM_CATEGORIES.update(names)


def category_words(code: str, lang: str) -> tuple[str, str]:
    """A kind of deviation's (name, description) in `lang`: the catalogs' for the built-in
    kinds, the configuration's for a municipality's own (Swedish where a language is
    missing; the code itself for a kind no longer configured)."""
    if code in CATEGORIES:
        t = translations(lang).gettext
        return t(CATEGORIES[code][0]), t(CATEGORIES[code][1])
    names = CUSTOM_CATEGORIES.get(code, {})
    key = "sv" if lang.startswith("sv") else lang
    return names.get(key) or names.get("sv") or (code, "")


SEVERITIES = {1: _("Minor"), 2: _("Serious"), 3: _("Severe"), 4: _("Critical")}

STATES = {
    "reported": _("Reported"), "investigating": _("Being investigated"),
    "acting": _("Actions being taken"), "following_up": _("Effect being followed up"),
    "closed": _("Closed"),
}

EVENTS = {
    "report": _("Reported"), "start": _("Investigation started"), "cause": _("Cause found"),
    "act": _("Action decided"), "follow_up": _("Actions in place; effect to follow up"),
    "close": _("Closed with evidence of the effect"), "reopen": _("Reopened"),
    "escalate": _("Escalated up the chain"), "comment": _("Comment"),
    "question": _("Question to the reporter"), "answer": _("Answer from the reporter"),
}

#: Why a case was escalated.
ESCALATION_REASONS = {"overdue": _("the deadline passed"), "severe": _("severe at once")}

AUTHORITIES = {
    "organizer": _("the organizer (the education committee)"),
    "social_services": _("social services"),
    "data_protection_authority": _("the Swedish Authority for Privacy Protection (IMY)"),
    "work_environment_authority": _("the Swedish Work Environment Authority"),
}

#: Places a report can name.
PLACES = {
    "classroom": _("Classroom"), "corridor": _("Corridor"), "schoolyard": _("Schoolyard"),
    "dining_hall": _("Dining hall"), "toilets": _("Toilets"),
    "changing_room": _("Changing room"), "online": _("Online"),
    "way_to_school": _("On the way to or from school"), "other": _("Somewhere else"),
}
#: Patterns across cases, as a board names them.
PATTERNS = {
    "same_pupil": _("The same pupil in several cases"),
    "same_place": _("The same place again"),
    "same_hour": _("The same time of day again"),
    "same_staff": _("The same member of staff named again"),
    "rising_rate": _("More cases than in the period before"),
}

#: The early warning's indicators.
INDICATORS = {
    "certified_teachers": _("Teachers with certification (per cent)"),
    "passed_all_subjects": _("Pupils passing every subject (per cent)"),
    "eligible_upper_secondary": _("Pupils eligible for upper secondary school (per cent)"),
    "pupils_per_teacher": _("Pupils per teacher"),
    "absence": _("Absence (per cent)"),
    "staff_turnover": _("Staff turnover (per cent)"),
    "feels_safe": _("Pupils who feel safe (per cent)"),
    "deviations_per_100": _("Deviations per 100 pupils, last year"),
    "degrading_per_100": _("Degrading treatment per 100 pupils, last year"),
    "overdue_matters": _("Overdue matters"),
}

#: What an inspection decision can be.
INSPECTION_KINDS = {
    "remark": _("Remark"), "injunction": _("Injunction"),
    "injunction_with_fine": _("Injunction with a fine"),
    "state_corrective_action": _("State corrective action"),
}
#: The areas findings are made under.
INSPECTION_AREAS = {
    "teaching": _("Teaching and learning"), "support": _("Extra adaptations and special support"),
    "safety_and_calm": _("Safety and a calm environment"),
    "degrading_treatment": _("Work against degrading treatment"), "grading": _("Grading"),
    "leadership": _("The principal's leadership"), "pupil_health": _("Pupil health"),
    "quality_work": _("Systematic quality work"), "other": _("Other"),
}
#: Where a finding stands on the countdown board.
FINDING_STATUSES = {
    "overdue": _("Overdue"), "due_soon": _("Due soon"), "on_track": _("On track"),
    "ready": _("Ready to report"), "reported": _("Reported"),
}


#: The words of the organizer's report to the inspectorate.
REPORT = {
    "title": _("Report to the School Inspectorate"), "school": _("School unit"),
    "decision": _("The inspectorate's decision"), "reference": _("Reference number"),
    "action": _("Corrective action"), "due": _("Due by"), "done": _("Done"),
    "evidence": _("Evidence"), "none": _("No corrective action recorded yet."),
    "report_by": _("To be reported by %(day)s"),
}


def inspection_report(view, organizer: str, lang: str) -> dict:
    """The words and facts of the organizer's report on one decision (a Typst document's
    data): each finding with its actions and their evidence, in `lang`."""
    t = translations(lang).gettext
    decision = view.decision
    return {
        "lang": "sv" if lang.startswith("sv") else lang,
        "title": t(REPORT["title"]),
        "organizer": organizer,
        "reference": decision.reference,
        "facts": [[t(REPORT["school"]), view.school],
                  [t(REPORT["decision"]), f"{decision.decided_on.isoformat()}, "
                                          f"{t(INSPECTION_KINDS[decision.kind])}"],
                  [t(REPORT["reference"]), decision.reference]],
        "summary": decision.summary,
        "action_columns": [t(REPORT[k]) for k in ("action", "due", "done", "evidence")],
        "no_actions": t(REPORT["none"]),
        "findings": [{
            "heading": t(INSPECTION_AREAS[f.finding.area]),
            "text": f.finding.text,
            "due": t(REPORT["report_by"]) % {"day": f.finding.report_by.isoformat()},
            "actions": [{"text": a.text, "due": a.due_on.isoformat(),
                         "done": a.done_on.isoformat() if a.done_on else "—",
                         "evidence": a.evidence or "—"} for a in f.finding.actions],
        } for f in view.findings],
    }


#: The e-mail that tells an owner of a case.
MAIL = {
    "new_subject": _("New case on your board: %(title)s"),
    "new_body": _("A deviation is on your board: %(title)s (%(kind)s). Start on it by "
                  "%(due)s; if it is not handled in time it goes up the chain of command by "
                  "itself.\n\n%(link)s"),
    "escalated_subject": _("Overdue cases are now on your board"),
    "escalated_body": _("Cases not handled in time at the level below are now yours "
                        "(%(n)s):\n\n%(titles)s\n\nYour board: %(link)s"),
}


def case_mail(key: str, lang: str, **values) -> tuple[str, str]:
    """(subject, body) of a case mail in `lang`."""
    return mail_in(lang, {"subject": MAIL[f"{key}_subject"], "body": MAIL[f"{key}_body"]},
                   **values)


#: The mail that raises a flagged school to the levels above the principal.
FLAG_MAIL = {
    "subject": _("The early warning flags %(school)s"),
    "body": _("The early warning flags %(school)s: a score of %(score)s from %(reasons)s "
              "indicator(s) past their thresholds. Consider giving the school an adviser.\n\n"
              "%(link)s"),
}


def flag_mail(lang: str, **values) -> tuple[str, str]:
    """(subject, body) of the mail about a flagged school, in `lang`."""
    return mail_in(lang, FLAG_MAIL, **values)


def mail_in(lang: str, template: dict[str, str], **values) -> tuple[str, str]:
    """(subject, body) of a mail `template` ({"subject", "body"}) in `lang`, filled in."""
    t = translations(lang).gettext
    return t(template["subject"]) % values, t(template["body"]) % values


#: What set a school's support measure off.
TRIGGERS = {
    "early_warning": _("The early warning"), "deviation": _("A deviation"),
    "inspection_finding": _("An inspection finding"), "adviser": _("The adviser's view"),
    "other": _("Other"),
}
MEASURE_STATES = {
    "proposed": _("Proposed, waiting for a decision"), "decided": _("Decided, under way"),
    "declined": _("Declined"), "followed_up": _("Effect followed up"),
}
EFFECTS = {
    "improved": _("Improved"), "partly_improved": _("Partly improved"),
    "unchanged": _("Unchanged"), "worse": _("Worse"),
}
PUPIL_STATES = {
    "signalled": _("Signalled, the principal informed"),
    "investigating": _("Being investigated"),
    "programme": _("Action programme decided"),
    "no_programme": _("Decided: no action programme"),
    "closed": _("Programme followed up"),
}
#: Why a support step was refused (the core's codes).
SUPPORT_REFUSALS = {
    "not_now": _("that step cannot be taken now, or not by you"),
    "above_delegation": _("the cost is above your delegation: a level above decides it"),
    "bad_timeline": _("give a start date before the end date (as 2027-06-01)"),
    "evidence_first": _("write the evidence of the effect"),
    "unknown_effect": _("choose the effect that was found"),
    "bad_cost": _("write the cost in whole kronor, as 150 000"),
}
#: The mail to the level that decides a proposed measure.
MEASURE_MAIL = {
    "subject": _("A support measure for %(school)s waits for your decision"),
    "body": _("A special support measure is proposed for %(school)s: %(title)s. Its cost is "
              "within your delegation.\n\n%(link)s"),
}
#: The mail to the principal (and pupil health) when a pupil is signalled.
SIGNAL_MAIL = {
    "subject": _("A pupil may need special support"),
    "body": _("A member of staff has signalled that a pupil at your school may not reach the "
              "requirements (Education Act 3:7). Start the investigation by %(due)s.\n\n"
              "%(link)s"),
}


#: The headings of a generated agenda, and of the live board.
AGENDA_SECTIONS = {"overdue": _("Overdue"), "escalated": _("Escalated"),
                   "new": _("New since the last meeting"),
                   "open_actions": _("Action items still open")}
#: What a matter on the management board is.
MATTER_KINDS = {
    "deviation": _("Deviation"), "finding": _("Inspection finding"),
    "measure": _("Support measure"), "pupils": _("Pupils' special support"),
    "flag": _("Early warning"), "thread": _("Thread"), "action": _("Action item"),
}
#: A matter's line, for those without a title of their own.
AGENDA_TEXT = {
    "finding": _("Inspection %(reference)s: to be reported by %(day)s"),
    "pupils": _("Special support: %(n)s investigation(s) and %(m)s decision(s) later than "
                "the targets"),
    "flag": _("Flagged by the early warning (score %(score)s)"),
}
#: The mail that tells a level of a thread raised with it.
THREAD_MAIL = {
    "subject": _("A matter raised with you: %(subject)s"),
    "body": _("%(who)s has raised a matter with your level of the chain of command: "
              "%(subject)s.\n\n%(link)s"),
}


#: How old open matters are (`governance.report.AGE_BUCKETS`).
AGE_WORDS = {"week": _("under a week"), "month": _("1–4 weeks"),
             "quarter": _("1–3 months"), "older": _("over 3 months")}
#: The monthly governance report's words.
MONTHLY = {
    "title": _("Governance report, %(month)s"),
    "made": _("Made %(day)s. Inspections, support measures and pupils' support as of that day."),
    "summary": _("In the month %(reported)s deviations were reported and %(closed)s closed; "
                 "%(open)s were open at the month's end. %(escalated)s went up the chain of "
                 "command in the month; %(overdue)s are overdue now."),
    "deviations": _("Deviations by category"),
    "category": _("Category"), "reported": _("Reported"), "closed": _("Closed"),
    "escalated": _("Escalated"),
    "trend_title": _("Deviations over the last twelve months"),
    "trend_alt": _("Bars per month: deviations reported, escalated and closed over the last "
                   "twelve months (the figures are in the table)."),
    "inspections": _("Inspection decisions"),
    "measures": _("Support measures for schools"),
    "measures_late": _("Follow-ups late: %(n)s"),
    "pupils": _("Pupils' special support: working days from signal"),
    "school": _("School"), "cases": _("Cases"),
    "to_investigation": _("Median days to investigation"),
    "to_decision": _("Median days to decision"),
    "late_investigations": _("Investigations late"), "late_decisions": _("Decisions late"),
    "open_by_age": _("Open at the month's end, by how long"),
    "none": _("None."),
    "month_label": _("Month"),
}


def month_name(month: tuple[int, int], lang: str, short: bool = False) -> str:
    """A month in words in `lang`: "november 2026" (short: "nov. 26")."""
    locale = "sv" if lang.startswith("sv") else lang
    pattern = "MMM yy" if short else "LLLL yyyy"
    return format_date(date(month[0], month[1], 1), pattern, locale=locale)


#: Why a categories file was refused (`governance.categories.BadCategory` codes).
CATEGORY_FILE_ERRORS = {
    "not_a_table": _("write each kind as a [[category]] table"),
    "bad_code": _("the code must be 3–40 small letters, digits or _, starting with a letter"),
    "twice": _("this code is configured twice"),
    "unknown_chain": _("the chain must be school, placement or administration"),
    "bad_deadline": _("write a time as \"24 hours\" or \"5 working days\" (at most 720 hours "
                      "or 120 working days)"),
    "not_yes_or_no": _("write true or false"),
    "name_needed": _("a new kind needs its name in Swedish: name = { sv = \"…\" }"),
    "bad_text": _("a name is at most 80 characters and a description at most 300"),
    "built_in": _("a built-in kind can only be given other times (respond, resolve)"),
    "longer_than_the_law": _("a kind the law sets may only be given a shorter time"),
    "in_use": _("kinds of deviation with cases cannot be removed from the configuration"),
}


#: The mail of the inspection countdown, by the status a finding turned to.
COUNTDOWN_MAIL = {
    "due_soon": {
        "subject": _("Inspection %(reference)s: %(school)s reports by %(day)s"),
        "body": _("The finding on %(area)s at %(school)s (%(reference)s) is to be reported to "
                  "the School Inspectorate by %(day)s, and its corrective actions are not all "
                  "done with evidence.\n\n%(link)s"),
    },
    "overdue": {
        "subject": _("Inspection %(reference)s: the report from %(school)s is late"),
        "body": _("The finding on %(area)s at %(school)s (%(reference)s) was to be reported to "
                  "the School Inspectorate by %(day)s and is not ready.\n\n%(link)s"),
    },
}

#: The evaluator's judgement of an area at a visit (`governance.evaluation.JUDGEMENTS`).
JUDGEMENTS = {"deficient": _("Deficient"), "needs_development": _("Needs development"),
              "good": _("Good"), "very_good": _("Very good")}
