"""What the municipality mails a family: the receipt of a saved list, the other guardian's
turn, reminders before the deadline, the decision, the appeal received. No school, address or
decision is written in a mail (mail is not a secure channel): it says what happened and where
to read it. Message ids here, translated into the recipient's language."""

from __future__ import annotations

from huvudman.words.catalogs import _

FAMILY_MAIL = {
    "receipt": {
        "subject": _("Receipt: your school choices for %(child)s are saved"),
        "body": _("Hello %(name)s,\n\nyour list of schools for %(child)s was saved on "
                  "%(when)s. %(state)s\n\nYou can change the list until %(deadline)s:\n"
                  "%(link)s\n\n%(sender)s"),
    },
    "your_turn": {
        "subject": _("%(other)s has chosen schools for %(child)s: do you agree?"),
        "body": _("Hello %(name)s,\n\n%(other)s has chosen schools for %(child)s. The choice "
                  "counts only when you approve the same list. Approve it or change it before "
                  "%(deadline)s:\n%(link)s\n\n%(sender)s"),
    },
    "reminder": {
        "subject": _("Reminder: choose schools for %(child)s by %(deadline)s"),
        "body": _("Hello %(name)s,\n\nthe school choice for %(child)s is not complete: %(state)s "
                  "The last day is %(deadline)s.\n%(link)s\n\nDo not want reminders? Turn them "
                  "off here: %(unsubscribe)s\n\n%(sender)s"),
    },
    "decision": {
        "subject": _("The decision on a school place for %(child)s"),
        "body": _("Hello %(name)s,\n\nthe municipality has decided on a school place for "
                  "%(child)s. Read the decision, and how to appeal it if you disagree, in the "
                  "portal:\n%(link)s\n\n%(sender)s"),
    },
    "appeal_received": {
        "subject": _("We have received your appeal for %(child)s"),
        "body": _("Hello %(name)s,\n\nwe received your appeal of the decision on a school place "
                  "for %(child)s on %(when)s. We first check it and may change our decision; "
                  "otherwise we send it on to the body that decides it. You can follow it "
                  "here:\n%(link)s\n\n%(sender)s"),
    },
}

#: Where a list stands, as the receipt and the reminder say it.
LIST_STATES = {
    "complete": _("It counts: every guardian has confirmed it."),
    "waiting": _("It counts when %(names)s has confirmed the same list."),
    "none": _("No school has been chosen yet."),
}
