"""The roles people have in huvudman, defined once: the store keeps them, use cases decide by
them, the portal's page table and menu are built on them (words live in the catalogs)."""

from __future__ import annotations

#: Every role, guardians first, then the chain of command and those who follow up its work.
ROLES = (
    "guardian",
    "placement_officer",
    "principal",
    "teacher",
    "pupil_health",
    "head_of_schools",
    "education_director",
    "municipal_director",
    "school_evaluator",
    "adviser",
    "auditor",
    "administrator",
)
STAFF_ROLES = tuple(r for r in ROLES if r != "guardian")
#: Those who place children: run, override, publish, import, set rules.
PLACERS = ("placement_officer", "administrator")
#: Who may approve a colleague's justification for publishing a run with audit findings
#: (the second person of the two-person rule): another placer, or the education director.
PUBLICATION_APPROVERS = (*PLACERS, "education_director")
#: Roles tied to one school: they see and report for that school only.
SCHOOL_BOUND = ("principal", "teacher", "pupil_health")
#: The chain of command above the principal.
LEADERS = ("education_director", "municipal_director", "head_of_schools")


def is_staff(role: str) -> bool:
    """Whether a role is a member of staff (not a guardian)."""
    return role in STAFF_ROLES


def needs_names_in_feedback(role: str) -> bool:
    """Whether a role reads feedback with the names in it: those who answer it. Roles that
    follow up the work (evaluator, leaders, auditor) read it without."""
    return role in PLACERS


def sees_protected_children(role: str) -> bool:
    """Whether a role may see which child with protected identity was placed where (only
    those who place children; everyone else sees them only as such)."""
    return role in PLACERS

#: Who registers the School Inspectorate's decisions (the organizer's level).
INSPECTION_REGISTRARS = ("head_of_schools", "education_director")
#: Who takes and records corrective actions: the school's principal and the levels above.
INSPECTION_ACTORS = ("principal", *LEADERS)
#: Who gives a flagged school an adviser.
ADVISER_ASSIGNERS = ("head_of_schools", "education_director")
#: Who proposes a support measure for a school (the principal for their own school).
MEASURE_PROPOSERS = ("principal", *LEADERS, "school_evaluator", "adviser")
#: Who raises a signal that a pupil may need special support: the school's staff.
PUPIL_SIGNALLERS = SCHOOL_BOUND
#: Who reads every pupil case of their school (names included) and moves it: the principal,
#: who decides, and pupil health, who investigates. A teacher reads the signals they raised.
PUPIL_CASE_HANDLERS = ("principal", "pupil_health")
#: Who codes the dialogue's material (reads it with names marked out).
DIALOGUE_CODERS = ("school_evaluator", "placement_officer", "head_of_schools",
                   "education_director")
