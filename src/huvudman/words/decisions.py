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
