"""Messages the routes pass to templates, listed once so the catalogs can translate them."""

from __future__ import annotations

from huvudman.words.catalogs import _

TOO_MANY_ATTEMPTS = _("Too many attempts. Wait a minute and try again.")
WRONG_PASSWORD = _("Wrong e-mail address or password.")
FORM_EXPIRED = _("The form has expired. Reload the page.")
FORM_INCOMPLETE = _("The form was not filled in as expected. Go back, check it and send it "
                    "again.")
DEADLINE_PASSED = _("the deadline has passed")
NOT_OPEN_YET = _("Choosing has not opened yet.")
CHOOSE_ONE = _("choose at least one school")
#: A typed list that cannot be saved (codes of services.families.applications.ListMistake).
LIST_MISTAKES = {
    "twice": _("%(school)s is on your list twice. Keep it once, where you want it most, and "
               "save again."),
    "unknown": _("%(school)s is not a school you can choose. Choose another school from the "
                 "list and save again."),
}
UNKNOWN_SCHOOL = _("unknown school")
UNKNOWN_CHILD = _("unknown child")
RUN_PUBLISHED = _("a published run cannot be changed")
NEEDS_REASON = _("an override needs a reason")
ALREADY_PUBLISHED = _("the run is published already")
RUN_NOT_REPLAYABLE = _("The run's record no longer gives the placement it recorded (its inputs "
                       "or the program changed), so its audit cannot be redone. Make a new "
                       "run.")
EMPTY_FEEDBACK = _("write something first")
CHOOSE_FILE = _("choose a file to import")
NOTICE_NEEDS_TEXT = _("a notice needs a heading and a text")
NOTICE_ENDS_BEFORE_START = _("a notice must end after it starts")
BAD_DATE = _("write the date and time as 2027-01-31 08:00")
UNKNOWN_RULES = _("choose one of the listed rule chains, methods and fallbacks")
BAD_CAPACITY = _("places must be a whole number from 0 to 10,000")
BAD_EMAIL = _("write a valid e-mail address")
EMAIL_TAKEN = _("there is an account with that e-mail address already")
UNKNOWN_ROLE = _("choose one of the listed roles")
SHORT_PASSWORD = _("the first password needs at least 12 characters")
NEEDS_SCHOOL = _("a principal's account needs their school")
OWN_ROLE = _("you cannot change your own role")
EID_UNAVAILABLE = _("The e-identification service cannot be reached. Try again later.")
EID_CANCELLED = _("The sign-in with e-identification was cancelled.")
EID_FAILED = _("The sign-in with e-identification could not be checked. Try again.")
NO_ACCOUNT = _("There is no account for you here. Contact the school choice office.")
UNKNOWN_CATEGORY = _("choose one of the listed kinds of special reasons")
UNKNOWN_CHILD_OR_NUMBER = _("no child with that id or personnummer")
RUN_NOT_MADE = _("The placement run could not be made from the round's data as it is; nothing "
                 "was saved. Correct what is named below (in the register), then place again.")
REGISTER_CHANGED = _("The register changed while the run was being made, so nothing was saved. "
                     "Place again.")
CASE_NEEDS_TEXT = _("write a heading and what happened")
STEP_NEEDS_TEXT = _("write what was found, done or asked")
UNKNOWN_DEVIATION_KIND = _("choose one of the listed kinds and how serious it is")
DEVIATION_REFUSED = _("that step cannot be taken now, or not by you")
BAD_DAY = _("write the date as 2027-06-01")
DECISION_NEEDS_FINDINGS = _("a decision needs its school, kind, reference and at least one "
                            "finding with an area and a date to report by")
INSPECTION_REFUSED = _("that cannot be recorded now, or not by you")
#: A guardian's request to have the home address checked (the officers read it in Swedish).
ADDRESS_CHECK = _("Is the address wrong? Child %(child)s. We measure from: %(address)s. The "
                  "guardian writes: %(written)s")
ADDRESS_REFUSALS = {
    "reason": _("write why the home is moved"),
    "position": _("write the position as latitude and longitude in Sweden, e.g. 57.70 and "
                  "11.97"),
    "address": _("write the address, or a position"),
    "not_found": _("that address is not in the municipality's address register: give the "
                   "position instead"),
}
#: A guardian cannot disagree with a list nobody saved.
NOTHING_TO_DISAGREE = _("there is no list to disagree with yet")
