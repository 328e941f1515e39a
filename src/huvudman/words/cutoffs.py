"""Where a school's line fell, in one or two plain sentences in the reader's language, from
the numbers the placement core returns (`placement.cutoffs.SchoolCutoff`) or a run record's
`cutoffs.csv` row (`CutoffFacts.from_row`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from huvudman.placement.config import GROUP_RULES
from huvudman.placement.cutoffs import SchoolCutoff
from huvudman.words.catalogs import _ as N_
from huvudman.words.catalogs import translations
from huvudman.words.formatting import metres, number
from huvudman.words.vocabulary import DISTANCE_KINDS, RULES


@dataclass(frozen=True)
class CutoffFacts:
    """A cutoff as a run record keeps it (`cutoffs.csv`)."""

    capacity: int
    applicants: int
    admitted: int
    refused: int
    in_priority_order: bool
    decided_by: str
    weakest_group: str
    weakest_proximity_m: float
    weakest_distance_m: float
    weakest_lottery: float
    weakest_explicit_rank: int
    admitted_by_group: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> CutoffFacts:
        """The facts of one `cutoffs.csv` row."""
        def num(key: str) -> float:
            return float(row[key]) if row.get(key) else math.nan

        groups = dict(item.split("=") for item in row.get("admitted_by_group", "").split(";")
                      if "=" in item)
        return cls(int(row["capacity"]), int(row["applicants"]), int(row["admitted"]),
                   int(row["refused"]), row.get("in_priority_order", "true") == "true",
                   row.get("decided_by", ""), row.get("cutoff_group", ""),
                   num("cutoff_proximity_m"), num("cutoff_distance_m"), num("cutoff_lottery"),
                   int(row.get("cutoff_explicit_rank") or 0),
                   {k: int(v) for k, v in groups.items()})


#: What a cutoff sentence is made from: the core's cutoff, or a run record's row of it.
Cutoff = SchoolCutoff | CutoffFacts


def describe_cutoff(cut: Cutoff, rules: tuple[str, ...] | list[str], kind: str,
                    lang: str) -> str:
    """The cutoff in one or two plain sentences: how many places and applicants, which
    priority groups took places, and the weakest values admitted by the deciding rule."""
    t = translations(lang)
    _ = t.gettext
    places = t.ngettext("%(n)s place", "%(n)s places", cut.capacity) % {"n": cut.capacity}
    applied = t.ngettext("%(n)s applicant", "%(n)s applicants", cut.applicants) % {
        "n": cut.applicants}
    if cut.refused == 0:
        return _("No applicant was refused (%(applied)s, %(places)s).") % {
            "applied": applied, "places": places}
    if cut.admitted == 0:
        return _("No applicant got a place (%(applied)s, %(places)s).") % {
            "applied": applied, "places": places}
    head = f"{places}, {applied}. "
    if not cut.in_priority_order:
        return head + _("Places were not given in priority order (the mechanism allows this).")
    decided = cut.decided_by
    inside = "" if decided in GROUP_RULES else cut.weakest_group
    parts: list[str] = []
    for g in rules:
        if g in (inside, decided):
            break
        if g in GROUP_RULES and cut.admitted_by_group.get(g):
            n = cut.admitted_by_group[g]
            parts.append(t.ngettext("%(n)s place went to children with %(group)s.",
                            "%(n)s places went to children with %(group)s.", n)
                         % {"n": n, "group": _group(g, lang)})
    if decided in GROUP_RULES:
        n = cut.admitted_by_group.get(decided, 0)
        parts.append(t.ngettext("%(n)s place went to children with %(group)s; then the places "
                                "ran out.",
                        "%(n)s places went to children with %(group)s; then the places ran "
                        "out.", n) % {"n": n, "group": _group(decided, lang)})
        return head + " ".join(parts)
    limit = _limit(cut, tuple(rules), kind, lang)
    if limit is None:  # no admitted applicant whose values may be quoted
        return head + " ".join(parts)
    if inside:
        parts.append(_("There were not enough places for all children with %(group)s: among "
                       "them, those with %(limit)s got one.") % {"group": _group(inside, lang),
                                                                  "limit": limit})
    elif parts:
        parts.append(_("The remaining places went to children with %(limit)s.") % {
            "limit": limit})
    else:
        parts.append(_("The places went to children with %(limit)s.") % {"limit": limit})
    return head + " ".join(parts)


#: A priority group as the cutoff sentences name it ("children with …").
_GROUPS = {**{g: RULES[g] for g in GROUP_RULES},
           # never told apart from special reasons (`placement.cutoffs._public_groups`)
           "protected": RULES["special_reasons"],
           "guarantee": N_("this school as their guarantee school")}


def _group(code: str, lang: str) -> str:
    return translations(lang).gettext(_GROUPS.get(code, code))


def _limit(cut: Cutoff, rules: tuple[str, ...], kind: str, lang: str) -> str | None:
    """The weakest admitted values, rule by rule up to the deciding one (None when there is
    no such applicant to quote)."""
    if math.isnan(cut.weakest_distance_m):
        return None
    _ = translations(lang).gettext
    thresholds: list[str] = []
    for name in rules:
        if name == "explicit":
            thresholds.append(_("a priority rank of at most %(rank)s") % {
                "rank": cut.weakest_explicit_rank})
        elif name == "proximity":
            thresholds.append(_("a relative proximity of at least %(metres)s") % {
                "metres": metres(cut.weakest_proximity_m, lang)})
        elif name == "distance":
            thresholds.append(_("a %(what)s of at most %(metres)s") % {
                "what": _(DISTANCE_KINDS.get(kind, kind)),
                "metres": metres(cut.weakest_distance_m, lang)})
        elif name == "lottery":
            thresholds.append(_("a lottery number of at most %(number)s") % {
                "number": number(cut.weakest_lottery, lang, 4)})
        if name == cut.decided_by:
            break
    if len(thresholds) == 1:
        return thresholds[0]
    return thresholds[0] + _("; at equal values, ") + _(", then ").join(thresholds[1:])
