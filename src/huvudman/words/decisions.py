"""What a person reads about publishing a run's decisions: why it cannot be published yet,
and why a justification or an approval was refused (codes from `decisions.publication`)."""

from __future__ import annotations

from huvudman.words.catalogs import _

#: Why a run may not be published now; %(deadline)s is the choice deadline.
PUBLICATION_BLOCKERS = {
    "published": _("These decisions are published already."),
    "round_published": _("Decisions of this round are published already. A published decision "
                         "is never replaced by another run: it is changed by a correction, "
                         "child by child."),
    "before_deadline": _("Families may change their lists until %(deadline)s. The decisions "
                         "can be published after that."),
    "not_justified": _("The audit found something. Write why the run may be published all "
                       "the same; a second person must then approve it."),
    "not_approved": _("The justification waits for a second person's approval."),
}

#: Why a justification or an approval was refused.
PUBLICATION_REFUSALS = {
    "published": PUBLICATION_BLOCKERS["published"],
    "nothing_to_justify": _("The audit passed: there is nothing to justify."),
    "empty_justification": _("write the justification first"),
    "same_person": _("Someone other than the writer of the justification must approve it."),
    "nothing_to_approve": _("There is no justification to approve."),
    "not_your_role": _("Your role may not approve a justification."),
}

#: The ways to appeal, as staff read them.
APPEAL_ROUTES = {
    "administrative_appeal": _("Appeal to the School Appeals Board (förvaltningsbesvär)"),
    "legality_review": _("Review of lawfulness by the administrative court "
                         "(laglighetsprövning)"),
}
#: Where an appeal came from.
APPEAL_CHANNELS = {"portal": _("the portal"), "paper": _("letter"), "email": _("e-mail"),
                   "court": _("the court asked for our statement")}
#: Where an appeal stands.
APPEAL_STATES = {
    "received": _("Received"),
    "dismissed": _("Dismissed: came in too late"),
    "changed": _("Decision changed on reconsideration"),
    "forwarded": _("Sent on (with our statement)"),
    "ruled": _("Ruled"),
}
#: What staff may do with an appeal.
APPEAL_STEPS = {
    "dismiss": _("Dismiss it as late"),
    "change": _("Change the decision (made by a correction)"),
    "forward": _("Send it on with the case file and our statement"),
    "rule": _("Record the ruling"),
}
APPEAL_OUTCOMES = {"upheld": _("our decision stands"),
                   "overturned": _("our decision was changed: carry it out by a correction")}
#: Why an appeal step was refused.
APPEAL_REFUSALS = {
    "not_this_way": _("This decision is not appealed here; the decision page says how."),
    "text_needed": _("write what you want changed and why"),
    "unknown_way": _("choose how the appeal came and which way it goes"),
    "bad_dates": _("the appeal cannot have come in before the decision was received, or after "
                   "today"),
    "no_decision": _("this child has no published decision"),
    "not_now": _("that step cannot be taken now"),
    "outcome_needed": _("choose how the appeal was ruled"),
    "note_needed": _("write the reason (kept with the case)"),
    "bad_day": _("write the day as 2027-03-15"),
}
#: What became of one choice on a family's list.
CHOICE_OUTCOMES = {"admitted": _("admitted"), "refused": _("refused"),
                   "not_needed": _("not needed (a higher choice was admitted)")}

#: The policies a correction is made under.
CORRECTION_POLICIES = {
    "no_one_loses": _("No one loses: children keep their places; those wronged get the place "
                      "they should have had, with an extra place where needed"),
    "full_rerun": _("Full re-run: the corrected placement replaces every decision"),
}
#: Why a correction moves a child (%(from)s and %(to)s are choice numbers).
CORRECTION_REASONS = {
    "higher_choice": _("gets choice %(to)s instead of choice %(from)s"),
    "listed_not_fallback": _("gets choice %(to)s instead of a school not on the list"),
    "nearer": _("gets a school nearer home (none of the choices had room)"),
    "placed_now": _("gets a place, having had none"),
    "worse_off": _("worse off: the full re-run gives a lower choice or a school farther away"),
    "other": _("the corrected placement differs"),
}
#: Why a correction run was refused.
CORRECTION_REFUSALS = {
    "unknown_policy": _("choose how the correction is made"),
    "nothing_published": _("nothing is published in this round: make an ordinary run"),
}

#: The statement (yttrande) the municipality sends with an appeal: a draft the officer edits.
STATEMENT = {
    "heading": _("Statement in the appeal about the school placement of %(child)s"),
    "choice": _("choice %(n)s"),
    "decision": _("On %(date)s the municipality placed %(child)s at %(school)s (%(how)s)."),
    "no_place": _("On %(date)s the municipality found no school with a free place for "
                  "%(child)s."),
    "refused": _("The guardians had put %(school)s as choice %(rank)s. %(line)s"),
    "child_there": _("The child's home is %(metres)s from %(school)s (%(kind)s); the "
                     "child's place in the school's priority order was %(position)s."),
    "lottery": _("Where children had equal priority, a lottery decided; the child's lottery "
                 "number was %(number)s (seed %(seed)s, published with the run)."),
    "conclusion_administrative": _("A place at %(school)s for the child would have meant "
                                   "significant organisational difficulties (the Education "
                                   "Act, chapter 10, section 30, first paragraph, point 2): "
                                   "the school had no place left. The municipality holds that "
                                   "the decision is correct and that the appeal should be "
                                   "rejected."),
    "conclusion_legality": _("The places at %(school)s went to children with a stronger claim "
                             "to a school close to home (the Education Act, chapter 10, "
                             "section 30, first paragraph, point 1). The decision was made "
                             "lawfully and the municipality holds that the appeal should be "
                             "rejected."),
}

#: A family's round, step by step (codes of decisions/timeline.py).
TIMELINE_STEPS = {
    "choices_open": _("Choosing opens"),
    "deadline": _("Last day to choose"),
    "decision": _("Decision"),
    "appeal_last_day": _("Last day to appeal"),
    "school_starts": _("First school day"),
}
