"""A letter as HTML: the facts, in the guardian's language, in plain sentences."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Protocol

import numpy as np
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from huvudman.letters.catalogs import language, translations
from huvudman.letters.facts import ChoiceFacts, LetterFacts, appeal_route
from huvudman.letters.route_map import MapLabels, route_svg

GROUPS = ("special_reasons", "protected", "only_school_near_home", "sibling", "guarantee")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("huvudman.letters", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@lru_cache(maxsize=16)
def _template(code: str) -> Template:
    """The letter template compiled once per language (compiling costs more than rendering)."""
    env = _environment()  # its own: an overlay would share the gettext globals of its parent
    env.install_gettext_translations(translations(code), newstyle=True)  # type: ignore[attr-defined]
    return env.get_template("letter.html")


class _Words:
    """The sentences built from facts, in one language."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._ = translations(code).gettext

    def metres(self, value: float) -> str:
        text = f"{round(value):,}"
        if self.code.startswith("sv"):
            text = text.replace(",", "\u00a0")
        return f"{text}\u00a0m"

    def ordinal_choice(self, rank: int) -> str:
        _ = self._
        words = {1: _("This was your first choice."), 2: _("This was your second choice."),
                 3: _("This was your third choice."), 4: _("This was your fourth choice."),
                 5: _("This was your fifth choice.")}
        return words.get(rank, _("This was choice number %(rank)s on your list.") % {"rank": rank})

    def ordinal_short(self, rank: int) -> str:
        return self._("Choice %(rank)s") % {"rank": rank}

    def group_words(self, group: str) -> str:
        _ = self._
        return {
            "special_reasons": _("special reasons"),
            "protected": _("protected personal data"),
            "only_school_near_home": _("only one school near home"),
            "sibling": _("an older sibling at the school"),
            "guarantee": _("this school as their guarantee school"),
        }.get(group, group)

    def rule_sentence(self, rule: str, decided_by: str) -> str:
        _ = self._
        if decided_by in GROUPS:
            return _("Your child got the place because of %(reason)s.") % {
                "reason": self.group_words(decided_by)}
        return {
            "proximity": _("Your child got the place because of living relatively close to the "
                           "school (relative proximity)."),
            "distance": _("Your child got the place because of the distance from home to the "
                          "school."),
            "lottery": _("Your child got the place in the lottery between children with the "
                         "same priority."),
            "explicit": _("Your child got the place by the municipality's priority list."),
        }.get(decided_by, _("Your child got the place."))

    def outcome_words(self, outcome: str) -> str:
        _ = self._
        return {"admitted": _("Place"), "refused": _("No place"),
                "not_needed": _("Not needed (a school you ranked higher had a place)")}[outcome]

    def kind_words(self, kind: str) -> str:
        _ = self._
        return _("walking distance") if kind == "walking" else _("straight-line distance")


def _child_rule(f: LetterFacts, c: ChoiceFacts) -> str:
    """The first rule on which the child stood behind the last child admitted."""
    for rule in f.rules:
        if rule in GROUPS:
            if (c.group == rule) != (c.cutoff_group == rule):
                return rule
        elif rule == "proximity":
            if c.proximity_m is not None and c.cutoff_proximity_m is not None \
                    and round(c.proximity_m) != round(c.cutoff_proximity_m):
                return rule
        elif rule == "distance":
            if c.distance_m is not None and c.cutoff_distance_m is not None \
                    and round(c.distance_m) != round(c.cutoff_distance_m):
                return rule
        elif rule == "explicit" or rule == "lottery":
            return rule
    return ""


class RouteDrawing(Protocol):
    """The geometry of a child's walk as the letters draw it (see services.letter_routes)."""

    route: np.ndarray
    streets: np.ndarray
    window: tuple[float, float, float, float]
    attribution: str


def render_letter(f: LetterFacts, code: str, route: RouteDrawing | None = None,
                  appeal_last_day: date | None = None) -> str:
    """The letter for one child in one language, as an HTML document; with `route`, a map of
    the walk to the school (never for a child with protected personal data). It names the one
    way to appeal this child's refusal, with `appeal_last_day` when it is known (the portal
    knows when a guardian read the decision; a printed letter does not)."""
    words = _Words(code)
    _ = words._
    _folder, tag, direction = language(code)
    kind = words.kind_words(f.distance_kind)

    def listed_groups(c: ChoiceFacts) -> list[tuple[str, int]]:
        inside = c.cutoff_group if c.decided_by not in GROUPS else ""
        ordered = [g for g in f.rules if g in c.admitted_by_group and g != inside]
        return [(g, c.admitted_by_group[g]) for g in ordered]

    def why_sentence(c: ChoiceFacts) -> str:
        if not c.in_priority_order:
            return _("Under the placement method used, places at this school were not given "
                     "strictly in priority order.")
        if c.outcome != "refused":
            return ""
        rule = _child_rule(f, c)
        m = words.metres
        if rule in GROUPS:
            return _("The places ran out among children with %(group)s; your child did not "
                     "have that at this school.") % {"group": words.group_words(rule)}
        prefix = ""
        if c.cutoff_group and c.decided_by not in GROUPS:
            prefix = _("There were not enough places for all children with %(group)s. ") % {
                "group": words.group_words(c.cutoff_group)}
        if rule == "proximity":
            return prefix + proximity_sentences(c)
        if rule == "distance":
            return prefix + _("Among children with the same relative proximity, places went "
                              "to those living at most %(cutoff)s away (%(kind)s); your "
                              "child lives %(yours)s away.") % {
                "cutoff": m(c.cutoff_distance_m), "yours": m(c.distance_m), "kind": kind}
        if rule == "explicit":
            return prefix + _("Places went by the municipality's priority list, up to number "
                              "%(cutoff)s; your child was number %(yours)s.") % {
                "cutoff": c.cutoff_explicit_rank, "yours": c.position}
        if rule == "lottery" and c.cutoff_lottery is not None and c.lottery is not None:
            return prefix + _("Your child had the same priority as the last child who got a "
                              "place, so the lottery decided: numbers up to %(cutoff)s got a "
                              "place; your child's number was %(yours)s.") % {
                "cutoff": f"{c.cutoff_lottery:.4f}", "yours": f"{c.lottery:.4f}"}
        return prefix + _("Children with higher priority took all the places.")

    def proximity_sentences(c: ChoiceFacts) -> str:
        """Where the line fell and where the child stood, in positive metres naming the school
        compared with: relative proximity is the way to the nearest other school minus the way
        to this one, so a negative value means this school is that much farther."""
        m = words.metres
        cut, yours = c.cutoff_proximity_m or 0.0, c.proximity_m or 0.0
        if cut < 0:
            line = _("The remaining places went to children who have at most %(m)s farther to "
                     "%(school)s than to their nearest school.") % {"m": m(-cut),
                                                                  "school": c.name}
        else:
            line = _("The remaining places went to children whose way to %(school)s is at "
                     "least %(m)s shorter than to any other school.") % {"m": m(cut),
                                                                       "school": c.name}
        if yours < 0:
            own = _("Your child has %(m)s farther to %(school)s than to %(other)s, your "
                    "nearest school.") % {"m": m(-yours), "school": c.name,
                                          "other": f.compared_with or "–"}
        else:
            own = _("Your child's way to %(school)s is %(m)s shorter than to any other "
                    "school.") % {"m": m(yours), "school": c.name}
        return f"{line} {own}"

    route_map = ""
    if route is not None and not f.protected and f.school_id:
        labels = MapLabels(
            title=_("Walking route to %(school)s") % {"school": f.school_name},
            description=_("A map of the walking route from your home to %(school)s, "
                          "%(distance)s long.") % {
                "school": f.school_name,
                "distance": words.metres(f.distance_m) if f.distance_m is not None else "–"},
            home=_("Home"),
            school=f.school_name,
        )
        route_map = route_svg(route.route, route.streets, labels, route.window)

    return _template(code).render(
        f=f,
        lang_tag=tag,
        direction=direction,
        kind_words=kind,
        metres=words.metres,
        ordinal_choice=words.ordinal_choice,
        ordinal_short=words.ordinal_short,
        rule_sentence=words.rule_sentence,
        group_words=words.group_words,
        outcome_words=words.outcome_words,
        listed_groups=listed_groups,
        why_sentence=why_sentence,
        uses_proximity="proximity" in f.rules,
        route_map=Markup(route_map),
        appeal=appeal_route(f),
        appeal_last_day=appeal_last_day.isoformat() if appeal_last_day else "",
        map_credit=route.attribution if route is not None else "",
    )
