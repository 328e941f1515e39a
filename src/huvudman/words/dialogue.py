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

#: The telephone survey (`dialogue.survey`): its questions, scales, outcomes and script.
SURVEY_QUESTIONS = {
    "understood_rules": _("How well did you understand how the places were given? "
                          "(1 = not at all, 5 = fully)"),
    "letter_clear": _("How clear was the decision letter? (1 = not at all, 5 = fully)"),
    "information_in_time": _("Did you get the information you needed in time?"),
    "treated_well": _("How were you treated when you were in touch with us? "
                      "(1 = badly, 5 = very well)"),
    "knew_what_would_happen": _("How sure were you about what would happen and when? "
                                "(1 = not at all, 5 = fully)"),
}
SURVEY_SCALE = {"yes": _("Yes"), "partly": _("Partly"), "no": _("No")}
SURVEY_OUTCOMES = {
    "answered": _("Answered and took part"), "declined": _("Did not want to take part"),
    "no_answer": _("No answer"), "busy": _("Busy"), "wrong_number": _("Wrong or no number"),
    "call_back": _("Asked to be called back"),
}
SURVEY_STATES = {
    "pending": _("Not called yet"), "trying": _("Tried, call again"),
    "reached": _("Reached"), "declined": _("Declined"), "lost": _("Not reached"),
}
PLACEMENT_OUTCOMES = {
    "first_choice": _("First choice"), "other_choice": _("Another choice"),
    "fallback": _("None of their choices"), "appealed": _("Appealed"),
}
SURVEY_SCRIPT = _(
    "Hello, my name is %(caller)s and I am calling from %(office)s about the school placement "
    "of %(child)s this year. We are asking a few randomly chosen families how the placement "
    "worked for them, to make it better. It takes about five minutes, taking part is "
    "voluntary, and what you say is used without your name. Would you like to take part? "
    "May we quote what you say, without your name?")
SURVEY_REFUSALS = {
    "not_yours": _("that step cannot be taken now, or not by you"),
    "title_needed": _("give the survey a title"),
    "callers_needed": _("choose at least one person to make the calls"),
    "nothing_published": _("the round has no published decisions to draw families from"),
    "size": _("the sample must be at least one family and at most the families there are"),
    "done": _("this family's call is finished"),
    "outcome": _("choose what the call came to"),
    "consent": _("ask for consent first: without it, record that the family did not want to "
                 "take part"),
    "answers": _("an answer is not on its question's scale"),
}
INTERVIEW_KINDS = {"guardian": _("Guardian"), "staff": _("Staff"),
                   "politician": _("Politician")}
INTERVIEW_REFUSALS = {
    "not_yours": _("that step cannot be taken now, or not by you"),
    "kind": _("choose whom you interviewed"),
    "day": _("write the day of the interview as 2027-02-15"),
    "notes": _("write a label without a name and the notes first"),
}
#: The dialogue's report (page and PDF).
REPORT = {
    "title": _("What the dialogue says"),
    "made": _("Made %(day)s."),
    "method": _("Who was asked, and how"),
    "material": _("The material: %(feedback)s written comments, %(interviews)s interviews with "
                  "consent, %(survey)s answers from the telephone survey with free text."),
    "survey": _("The telephone survey \"%(title)s\" (round %(round)s): %(sampled)s families "
                "drawn at random, stratified by district, language and outcome, with the seed "
                "%(seed)s; reserves called in their drawn order for families not reached. "
                "Reached %(reached)s of %(tried)s called (%(rate)s)."),
    "strata": _("Response by stratum"),
    "district": _("District"), "language": _("Language"), "outcome": _("Outcome"),
    "families": _("Families"), "sample": _("Sample"), "called": _("Called"),
    "reached": _("Reached"), "rate": _("Rate"),
    "answers": _("The survey's answers"),
    "themes": _("The themes"),
    "chart_title": _("Passages per theme"),
    "chart_alt": _("A bar chart of how many of the %(passages)s passages carry each of the four "
                   "themes; the numbers are in the text below."),
    "quotes_note": _("Quotes only from people who agreed to be quoted, without names."),
    "measures": _("Key measures year by year"),
    "year": _("Year"), "first_choice": _("First choice"), "any_choice": _("Any choice"),
    "appeals": _("Appeals"), "contact_calls": _("Calls to the contact centre"),
    "on_time": _("Feedback answered on time"),
    "calls_file": _("the file needs the columns year and calls, one row per year, with whole "
                    "numbers"),
}
