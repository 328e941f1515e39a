"""Who may open which staff page: one table, used by the routes and by the menu."""

from __future__ import annotations

from huvudman.governance.deviations import SCHOOL_CHAIN
from huvudman.governance.roles import (
    ADVISER_ASSIGNERS,
    DIALOGUE_CODERS,
    INSPECTION_ACTORS,
    LEADERS,
    MEASURE_PROPOSERS,
    PLACERS,
    PUBLICATION_APPROVERS,
    PUPIL_SIGNALLERS,
    SCHOOL_BOUND,
    STAFF_ROLES,
)
from huvudman.words.catalogs import _

#: page key → (path, menu label, roles that may open it)
STAFF_PAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "applications": ("/staff", _("Applications"), (*PLACERS, "head_of_schools",
                                                "education_director", "auditor")),
    "runs": ("/staff/runs", _("Placement runs"), (*PLACERS, *LEADERS, "auditor")),
    "compare": ("/staff/compare", _("Compare runs"), (*PLACERS, *LEADERS, "auditor")),
    "settings": ("/staff/settings", _("Rules and places"), PLACERS),
    "import": ("/staff/import", _("Import a register"), PLACERS),
    "special_reasons": ("/staff/special-reasons", _("Special reasons"), PLACERS),
    "notices": ("/staff/notices", _("Notices"), PLACERS),
    "statistics": ("/staff/statistics", _("Statistics"), (*PLACERS, *LEADERS, "auditor",
                                                       "school_evaluator", "principal")),
    "feedback": ("/staff/feedback", _("Feedback to answer"), (*PLACERS, *LEADERS, "auditor",
                                                           "school_evaluator")),
    "appeals": ("/staff/appeals", _("Appeals"), (*PLACERS, *LEADERS, "auditor")),
    "school": ("/staff/school", _("My school"), ("principal",)),
    "audit": ("/staff/audit", _("Audit log"), ("auditor", "administrator")),
    "users": ("/staff/users", _("Accounts"), ("administrator",)),
    "deviations": ("/staff/deviations", _("Deviations"), STAFF_ROLES),
    "report": ("/staff/deviations/new", _("Report a deviation"), STAFF_ROLES),
    "inspections": ("/staff/inspections", _("Inspections"), (*INSPECTION_ACTORS,
                                                             "school_evaluator", "auditor")),
    "early_warning": ("/staff/early-warning", _("Early warning"),
                      ("school_evaluator", *LEADERS, "auditor")),
    "evaluation": ("/staff/evaluation", _("Evaluation plans"),
                   ("school_evaluator", *LEADERS, "adviser", "principal", "auditor")),
    "advisers": ("/staff/advisers", _("Advisers"),
                 ("adviser", *LEADERS, "school_evaluator", "auditor")),
    "management": ("/staff/management", _("Management board"), SCHOOL_CHAIN),
    "governance_report": ("/staff/governance-report", _("Governance report"),
                          (*LEADERS, "school_evaluator", "auditor")),
    "coding": ("/staff/dialogue/coding", _("Coding the dialogue"), DIALOGUE_CODERS),
    "working_group": ("/staff/dialogue/group", _("Working group"), DIALOGUE_CODERS),
    # every member of staff may be given families to call; the analysis team draws the sample
    "survey": ("/staff/dialogue/survey", _("Telephone survey"), STAFF_ROLES),
    "interviews": ("/staff/dialogue/interviews", _("Interviews"), DIALOGUE_CODERS),
    "organisation": ("/staff/organisation", _("Organisation"), STAFF_ROLES),
    "support": ("/staff/support", _("Support measures"), (*MEASURE_PROPOSERS, "auditor")),
    "pupil_support": ("/staff/pupil-support", _("Pupils' special support"),
                      (*SCHOOL_BOUND, *LEADERS, "school_evaluator", "adviser", "auditor")),
}


#: page key → the roles that may act on the page (send, run, override, publish, save); the
#: page's other roles may only read it.
ACTING: dict[str, tuple[str, ...]] = {
    "feedback": PLACERS,  # those who answer it (and read it with names)
    "applications": PLACERS, "runs": PLACERS, "appeals": PLACERS, "settings": PLACERS,
    "import": PLACERS,
    "special_reasons": PLACERS, "notices": PLACERS, "users": ("administrator",),
    # who may move a case is decided case by case (its owner on the chain of command)
    "deviations": STAFF_ROLES, "report": STAFF_ROLES, "inspections": INSPECTION_ACTORS,
    "early_warning": ("school_evaluator",),
    "evaluation": ("school_evaluator",),
    "advisers": ("adviser", *ADVISER_ASSIGNERS),
    "adviser_notes": ("adviser",),  # an adviser logs their own work only
    # the second person of the two-person rule for a run with audit findings
    "run_approval": PUBLICATION_APPROVERS,
    # a measure's decision is the core's delegation (by cost), on top of this
    "support": MEASURE_PROPOSERS,
    "management": SCHOOL_CHAIN,
    "coding": DIALOGUE_CODERS,
    "working_group": DIALOGUE_CODERS,
    "survey": DIALOGUE_CODERS,
    "interviews": DIALOGUE_CODERS,
    # a pupil's case is moved by the school's principal and pupil health (case by case)
    "pupil_support": PUPIL_SIGNALLERS,
}


def roles_for(page: str) -> tuple[str, ...]:
    """The roles that may open a staff page."""
    return STAFF_PAGES[page][2]


def roles_acting(page: str) -> tuple[str, ...]:
    """The roles that may act on a staff page (a subset of those who may open it)."""
    return ACTING[page]


def menu_for(role: str) -> list[tuple[str, str]]:
    """(path, label) of every staff page a role may open, in menu order."""
    return [(path, label) for path, label, roles in STAFF_PAGES.values() if role in roles]


def home_for(role: str) -> str:
    """The first page of a role's menu (where staff land after signing in)."""
    menu = menu_for(role)
    return menu[0][0] if menu else "/"


#: Each role in words, for pages that show or choose one.
ROLE_WORDS = {
    "guardian": _("Guardian"),
    "placement_officer": _("Placement officer"),
    "principal": _("Principal"),
    "teacher": _("Teacher or other school staff"),
    "pupil_health": _("Pupil health (elevhälsa)"),
    "head_of_schools": _("Head of schools"),
    "education_director": _("Education director"),
    "municipal_director": _("Municipal director"),
    "school_evaluator": _("School evaluator"),
    "adviser": _("Adviser"),
    "auditor": _("Auditor (reads only)"),
    "administrator": _("Administrator"),
}
