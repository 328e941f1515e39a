"""The names a person reads for the dialogue's codes: kinds and categories of feedback, its
states, the mail it sends. Message ids here, translated by the catalogs where shown."""

from __future__ import annotations

from huvudman.words.catalogs import _

FEEDBACK_KINDS = {
    "opinion": _("A view or a suggestion"),
    "complaint": _("A complaint"),
    "question": _("A question"),
}
FEEDBACK_CATEGORIES = {
    "placement": _("School choice and placement"),
    "treatment": _("How I was treated"),
    "communication": _("Information and communication"),
    "e_service": _("The e-service"),
    "school": _("A school"),
    "other": _("Something else"),
}
FEEDBACK_STATES = {
    "received": _("Received"), "acknowledged": _("Being handled"),
    "answered": _("Answered"),
}
#: Why a feedback step was refused.
FEEDBACK_REFUSALS = {
    "text_needed": _("write your message first"),
    "unknown_kind": _("choose what kind of message it is and what it is about"),
    "answer_needed": _("write the answer first"),
    "not_now": _("that step cannot be taken now, or not by you"),
}
#: The mail a sender and the handlers get.
FEEDBACK_MAIL = {
    "received": {
        "subject": _("We have received your message (number %(number)s)"),
        "body": _("Thank you for writing to us. Your message has number %(number)s. We "
                  "confirm who is handling it by %(acknowledge)s and answer by %(answer)s.\n\n"
                  "%(link)s"),
    },
    "acknowledged": {
        "subject": _("Your message %(number)s is being handled"),
        "body": _("%(who)s is handling your message %(number)s. You will have an answer by "
                  "%(answer)s.\n\n%(link)s"),
    },
    "answered": {
        "subject": _("Answer to your message %(number)s"),
        "body": _("%(answer)s\n\n— %(who)s\n\n%(link)s"),
    },
    "new": {
        "subject": _("New feedback to answer (number %(number)s)"),
        "body": _("New feedback has come in: acknowledge it by %(acknowledge)s and answer it "
                  "by %(answer)s.\n\n%(link)s"),
    },
    "remind": {
        "subject": _("Feedback %(number)s is to be answered by %(answer)s"),
        "body": _("Feedback number %(number)s has not been answered; it is due by "
                  "%(answer)s.\n\n%(link)s"),
    },
    "escalate": {
        "subject": _("Feedback %(number)s has missed its deadline"),
        "body": _("Feedback number %(number)s was not %(missed)s in time. As the one above "
                  "the handlers, please see that it is.\n\n%(link)s"),
    },
}
MISSED = {"acknowledge": _("acknowledged"), "answer": _("answered")}
#: The title of a deviation made from feedback.
DEVIATION_TITLE = _("From feedback %(number)s")
#: Where a passage of the material came from.
SOURCES = {"feedback": _("Written feedback"), "interview": _("Interview"),
           "survey": _("Telephone survey")}
#: The four themes and their sub-codes (`dialogue.themes`).
THEMES = {
    "treatment": _("Treatment"),
    "understandable_process": _("An understandable placement process for all"),
    "communication": _("Communication"),
    "security_predictability": _("Security and predictability"),
}
CODES = {
    "phone_contact": _("Contact by phone"), "respect": _("Respect"),
    "language_support": _("Language support, interpreters"),
    "rules_unclear": _("The rules unclear"), "distance_measure": _("How distance is measured"),
    "letter_hard": _("The letter hard to read"), "information_late": _("Information late"),
    "channels": _("Channels: web, text messages, mobile"), "translation": _("Translation"),
    "sibling_split": _("Siblings split up"), "far_school": _("A school far away"),
    "uncertainty": _("Not knowing"),
}
#: The working group's words.
MEMBER_KINDS = {"guardian": _("Guardian"), "politician": _("Politician"),
                "principal": _("Principal"), "manager": _("Manager"), "officer": _("Officer")}
GROUP_ITEMS = {"proposal": _("Proposal"), "decision": _("Decision"), "action": _("Action item")}
INVITATION_MAIL = {
    "subject": _("Invitation: the working group on school placement meets %(when)s"),
    "body": _("The working group meets %(when)s, %(place)s.\n\nAgenda:\n%(agenda)s\n\n"
              "Add it to your calendar: %(link)s"),
}
MEETING_TITLE = _("The working group on school placement")
