"""The audit in words: what each check checks, and each finding as a sentence, in the reader's
language (from the codes and numbers `placement.audit` returns)."""

from __future__ import annotations

from huvudman.placement.audit import Check, Violation
from huvudman.words.catalogs import _, translations
from huvudman.words.formatting import metres
from huvudman.words.vocabulary import AUDIT_CHECKS

#: A finding's kind → its sentence; %(child)s, %(school)s, %(other)s and %(n0)s… are filled in.
FINDINGS = {
    "over_capacity": _("school %(school)s has %(n0)s children for %(n1)s places"),
    "no_place_no_reason": _("child %(child)s has no place and no reason"),
    "unchosen_no_reason": _("child %(child)s is at a school it did not choose, with no reason "
                            "given"),
    "wrong_rank": _("child %(child)s is at %(school)s, its choice %(n0)s, but the record says "
                    "%(n1)s"),
    "refused_with_empty_places": _("child %(child)s ranked %(school)s as choice %(n0)s and was "
                                   "refused, but the school kept %(n1)s place(s) empty"),
    "place_to_non_applicant": _("child %(child)s ranked %(school)s as choice %(n0)s and was "
                                "refused, but child %(other)s, who did not apply there, got a "
                                "place"),
    "place_to_weaker_priority": _("child %(child)s ranked %(school)s as choice %(n0)s and was "
                                  "refused, but child %(other)s with weaker priority there "
                                  "(place %(n1)s against %(n2)s) got a place"),
    "across_barrier": _("child %(child)s was sent across a barrier to %(school)s although "
                        "%(other)s on its own side still has a free place"),
    "nearer_school_free": _("child %(child)s was sent to %(school)s (%(m0)s) although "
                            "%(other)s (%(m1)s) still has a free place"),
    "beyond_guarantee": _("child %(child)s (grade %(other)s) is placed at %(school)s, %(m0)s "
                          "away; the guarantee is a school within %(m1)s"),
}


def check_words(check: Check | str, lang: str) -> tuple[str, str]:
    """A check's name and what it checks."""
    name = check if isinstance(check, str) else check.name
    t = translations(lang)
    title, what = AUDIT_CHECKS.get(name, (name, ""))
    return t.gettext(title), t.gettext(what) if what else ""


def finding(v: Violation, lang: str) -> str:
    """One finding as a sentence."""
    values: dict[str, object] = {"child": v.child_id, "school": v.school_id, "other": v.other}
    for i, x in enumerate(v.numbers):
        values[f"n{i}"] = int(x) if float(x).is_integer() else x
        values[f"m{i}"] = metres(float(x), lang)
    text = FINDINGS.get(v.kind)
    return translations(lang).gettext(text) % values if text else v.kind
