"""A child's letter put into words: facts and the catalogs in, a `Letter` out.

Every sentence a family reads is made here, once, from the catalogs of the letter's language;
the HTML and the PDF only lay the result out (`letters.render`, `letters.pdf`).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

import numpy as np
from babel.dates import format_date
from babel.numbers import format_decimal

from huvudman.letters.catalogs import language, translations
from huvudman.letters.content import Block, Figure, Letter, Paragraph, Part, Row, Section, Table
from huvudman.letters.facts import ChoiceFacts, LetterFacts, appeal_route
from huvudman.letters.route_map import MapLabels, route_svg

GROUPS = ("special_reasons", "protected", "only_school_near_home", "sibling", "guarantee")


class RouteDrawing(Protocol):
    """The geometry of a child's walk as the letters draw it (see services.letter_routes)."""

    route: np.ndarray
    streets: np.ndarray
    window: tuple[float, float, float, float]
    attribution: str


class _Words:
    """The sentences built from facts, in one language."""

    def __init__(self, code: str, tag: str) -> None:
        self.code = code
        self.locale = tag.replace("-", "_")
        self._ = translations(code).gettext

    def metres(self, value: float | None) -> str:
        if value is None:
            return "–"
        text = format_decimal(round(value), locale=self.locale, group_separator=True)
        return f"{text.replace(' ', chr(0xA0)).replace(chr(0x202F), chr(0xA0))}\u00a0m"

    def number(self, value: float) -> str:
        """A lottery number to four decimals, as the language writes decimals ("0,7184")."""
        return format_decimal(value, "0.0000", locale=self.locale)

    def day(self, iso: str) -> str:
        """A date as the family writes it ("17 augusti 2027"); an unparsable text as given."""
        try:
            return format_date(date.fromisoformat(iso), "long", locale=self.locale)
        except ValueError:
            return iso

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

    def rule_sentence(self, decided_by: str) -> str:
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


class _Composer:
    """One letter's sections, each from the facts and the words of one language."""

    def __init__(self, f: LetterFacts, words: _Words) -> None:
        self.f, self.w, self._ = f, words, words._
        self.kind = words.kind_words(f.distance_kind)

    def header(self) -> tuple[Paragraph, ...]:
        f, _ = self.f, self._
        who = f.child_name + (f" ({f.personnummer})" if f.personnummer else "") \
            if f.child_name else f.child_id
        lines = [Paragraph(_("Child: %(child)s") % {"child": who})]
        if f.decided_on:
            text = _("Decided on %(date)s by %(who)s, %(office)s, under delegation from the "
                     "education committee.") % {"date": self.w.day(f.decided_on),
                                                "who": f.decided_by_name or "–",
                                                "office": f.office or f.municipality}
            if f.reference:
                text += " " + _("Reference: %(ref)s.") % {"ref": f.reference}
            lines.append(Paragraph(text, "small", (("fact", "decided-on"),
                                                   ("value", f.decided_on))))
        return tuple(lines)

    def decision(self, route: RouteDrawing | None) -> Section:
        f, _, w = self.f, self._, self.w
        blocks: list[Block] = []
        if not f.school_id:
            blocks = [
                Paragraph(_("Your child has not been given a place in this placement."),
                          "decision", (("fact", "school"), ("school", ""))),
                Paragraph(_("Please contact us so that we can find a place together.")),
            ]
            return Section("decision", _("The decision"), tuple(blocks))
        placed = _("Your child has a place at %(school)s from %(date)s.") % {
            "school": f.school_name, "date": w.day(f.start_date)} if f.start_date else \
            _("Your child has a place at %(school)s.") % {"school": f.school_name}
        blocks.append(Paragraph(placed, "decision", (("fact", "school"),
                                                     ("school", f.school_id))))
        if f.choice_rank:
            blocks.append(Paragraph(w.ordinal_choice(f.choice_rank), "",
                                    (("fact", "choice-rank"), ("value", str(f.choice_rank)))))
            blocks.append(Paragraph(w.rule_sentence(f.decided_by), "",
                                    (("fact", "rule"), ("value", f.rule))))
        else:
            blocks.extend(self.fallback_reasons())
        if f.guarantee_school and not f.protected:
            blocks.append(Paragraph(
                _("Your child's guaranteed school is %(school)s: the rules give your child a "
                  "place there whatever other families choose.") % {"school": f.guarantee_school},
                "", (("fact", "guarantee"), ("value", f.guarantee_school))))
        if f.distance_m is not None and not f.protected:
            blocks.append(Paragraph(
                _("The distance from your home to the school is %(distance)s (%(kind)s).") % {
                    "distance": w.metres(f.distance_m), "kind": self.kind},
                "", (("fact", "distance"), ("value", f"{f.distance_m:.0f}"))))
        if route is not None and not f.protected:
            blocks.append(self.route_figure(route))
        return Section("decision", _("The decision"), tuple(blocks))

    def fallback_reasons(self) -> list[Paragraph]:
        """Why the child was given a school the family did not choose, and why that one."""
        f, _ = self.f, self._
        marks = (("fact", "rule"), ("value", "fallback"))
        if f.list_not_counted:
            out = [Paragraph(_("You saved a list of schools, but not every guardian confirmed "
                               "it before the deadline, so it did not count. Your child was "
                               "therefore given the nearest school with a free place."), "",
                             marks)]
        elif f.reason.startswith("no_choices"):
            out = [Paragraph(_("You did not choose a school, so your child was given the "
                               "nearest school with a free place."), "", marks)]
        else:
            out = [Paragraph(_("None of the schools you chose had a place for your child. Your "
                               "child was therefore given the nearest school that had a free "
                               "place."), "", marks)]
        if f.reason.endswith("no_free_seat_on_own_side"):
            out.append(Paragraph(_("No school on your side of the river had a free place, so "
                                   "the school is on the other side.")))
        elif f.protected or not f.nearest_school:
            pass  # where a protected child lives is not said, not even as "nearest"
        elif f.nearest_school == f.school_name:
            out.append(Paragraph(_("%(school)s is the school nearest your home.") % {
                "school": f.school_name}))
        else:
            out.append(Paragraph(_("%(nearest)s, the school nearest your home, and any other "
                                   "school nearer than %(school)s had no free place left.") % {
                "nearest": f.nearest_school, "school": f.school_name}))
        return out

    def route_figure(self, route: RouteDrawing) -> Figure:
        f, _, w = self.f, self._, self.w
        labels = MapLabels(
            title=_("Walking route to %(school)s") % {"school": f.school_name},
            description=_("A map of the walking route from your home to %(school)s, "
                          "%(distance)s long.") % {"school": f.school_name,
                                                   "distance": w.metres(f.distance_m)},
            home=_("Home"),
            school=f.school_name,
        )
        caption = _("The blue line is the walk the distance was measured along.")
        if route.attribution:
            caption += " " + route.attribution
        return Figure(route_svg(route.route, route.streets, labels, route.window),
                      labels.title, labels.description, caption, (("fact", "map"),))

    def refusals(self) -> Section | None:
        f, _, w = self.f, self._, self.w
        if not f.higher_choices:
            return None
        blocks: list[Block] = []
        for c in f.higher_choices:
            sentences = [_("Places at %(school)s: %(places)s. Children who applied: "
                           "%(applicants)s.") % {"school": c.name, "places": c.capacity,
                                                 "applicants": c.applicants}]
            inside = c.cutoff_group if c.decided_by not in GROUPS else ""
            for g in (g for g in f.rules if g in c.admitted_by_group and g != inside):
                sentences.append(_("Places given to children with %(group)s: %(count)s.") % {
                    "count": c.admitted_by_group[g], "group": w.group_words(g)})
            why = self.why(c)
            if why:
                sentences.append(why)
            blocks.append(Part(f"{w.ordinal_short(c.rank)}: {c.name}",
                               (Paragraph(" ".join(sentences)),),
                               (("fact", "refused"), ("school", c.school_id))))
        if "proximity" in f.rules:
            blocks.append(Paragraph(
                _("Relative proximity is how much farther your child would have to go to the "
                  "nearest other school than to this one. The larger it is, the stronger the "
                  "claim to this school."), "small"))
        return Section("why", _("Why your child did not get a school you ranked higher"),
                       tuple(blocks))

    def why(self, c: ChoiceFacts) -> str:
        """Why the child was refused at a school ("" when it was not refused)."""
        _, w = self._, self.w
        if not c.in_priority_order:
            return _("Under the placement method used, places at this school were not given "
                     "strictly in priority order.")
        if c.outcome != "refused":
            return ""
        rule = _child_rule(self.f, c)
        if rule in GROUPS:
            return _("The places ran out among children with %(group)s; your child did not "
                     "have that at this school.") % {"group": w.group_words(rule)}
        prefix = ""
        if c.cutoff_group and c.decided_by not in GROUPS:
            prefix = _("There were not enough places for all children with %(group)s. ") % {
                "group": w.group_words(c.cutoff_group)}
        if rule == "proximity":
            return prefix + self.proximity(c)
        if rule == "distance":
            return prefix + _("Among children with the same relative proximity, places went "
                              "to those living at most %(cutoff)s away (%(kind)s); your "
                              "child lives %(yours)s away.") % {
                "cutoff": w.metres(c.cutoff_distance_m), "yours": w.metres(c.distance_m),
                "kind": self.kind}
        if rule == "explicit":
            return prefix + _("Places went by the municipality's priority list, up to number "
                              "%(cutoff)s; your child was number %(yours)s.") % {
                "cutoff": c.cutoff_explicit_rank, "yours": c.position}
        if rule == "lottery" and c.cutoff_lottery is not None and c.lottery is not None:
            return prefix + _("Your child had the same priority as the last child who got a "
                              "place, so the lottery decided: numbers up to %(cutoff)s got a "
                              "place; your child's number was %(yours)s.") % {
                "cutoff": w.number(c.cutoff_lottery), "yours": w.number(c.lottery)}
        return prefix + _("Children with higher priority took all the places.")

    def proximity(self, c: ChoiceFacts) -> str:
        """Where the line fell and where the child stood, in positive metres naming the school
        compared with: relative proximity is the way to the nearest other school minus the way
        to this one, so a negative value means this school is that much farther."""
        _, m = self._, self.w.metres
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
                                          "other": self.f.compared_with or "–"}
        else:
            own = _("Your child's way to %(school)s is %(m)s shorter than to any other "
                    "school.") % {"m": m(yours), "school": c.name}
        return f"{line} {own}"

    def choices(self) -> Section | None:
        f, _, w = self.f, self._, self.w
        if not f.choices or f.protected:
            return None
        rows = tuple(Row((str(c.rank), c.name, w.metres(c.distance_m)
                          if c.distance_m is not None else "", w.outcome_words(c.outcome)),
                         (("fact", "choice"), ("school", c.school_id),
                          ("distance", f"{c.distance_m:.0f}" if c.distance_m is not None
                           else "")))
                     for c in f.choices)
        table = Table(_("Distance from your home to each school you chose (%(kind)s).") % {
            "kind": self.kind}, (_("Choice"), _("School"), _("Distance"), _("Result")), rows)
        return Section("distances", _("Your choices"), (table,))

    def protected(self) -> Section | None:
        _ = self._
        if not self.f.protected:
            return None
        return Section("protected", _("Protected personal data"), (Paragraph(
            _("Your child has protected personal data. This letter is sent only through the "
              "secure channel, and for your child's safety it shows no address, route or map."),
            "note"),))

    def law(self) -> Section:
        _ = self._
        return Section("law", _("The law"), (Paragraph(
            _("Under the Education Act (skollagen, chapter 10, section 30) a child is placed at "
              "the school the guardians want, unless that would take away another child's "
              "justified claim to a school close to home, or cause significant organisational "
              "or financial difficulties.")),))

    def appeal(self, last_day: date | None) -> Section:
        f, _ = self.f, self._
        way = appeal_route(f)
        if way == "legality_review":
            text = _("If you think another child was wrongly given the place because of how "
                     "close to the school the children live, you can ask the administrative "
                     "court to review whether the decision is lawful (laglighetsprövning). This "
                     "must be done within three weeks of the day the decision was announced on "
                     "the municipality's notice board.")
        elif way == "administrative_appeal":
            text = _("If your child was refused because a place would cause significant "
                     "organisational or financial difficulties, you can appeal to the School "
                     "Appeals Board (Skolväsendets överklagandenämnd). The appeal must reach us "
                     "within three weeks of the day you received this decision.")
        elif f.choice_rank == 1:
            text = _("Your child got the school you put first: nothing was refused, so there "
                     "is nothing to appeal.")
        elif f.list_not_counted:
            text = _("Your list did not count, so no choice of yours was refused and there is "
                     "nothing to appeal. If the school does not suit you, contact us.")
        else:
            text = _("You chose no school, so there is nothing to appeal. If the school does "
                     "not suit you, contact us.")
        blocks: list[Block] = [Paragraph(text, "", (("fact", "appeal"), ("value", way)))]
        if way and last_day is not None:
            blocks.append(Paragraph(_("The last day is %(day)s.") % {
                "day": self.w.day(last_day.isoformat())}, "strong"))
        if f.contact_phone or f.contact_email:
            reach = {"phone": f.contact_phone or "–", "email": f.contact_email or "–",
                     "office": f.office}
            blocks.append(Paragraph(
                _("Questions? Contact %(office)s: call %(phone)s or write to %(email)s.") % reach
                if f.office else
                _("Questions? Call us on %(phone)s or write to %(email)s.") % reach))
        return Section("appeal", _("If you do not agree"), tuple(blocks))

    def footer(self) -> tuple[str, ...]:
        f, _ = self.f, self._
        text = _("Placement run: lottery seed %(seed)s, input fingerprint %(sha)s.") % {
            "seed": f.seed, "sha": f.inputs_sha256[:16]}
        if f.lottery is not None:
            text += " " + _("Your child's lottery number was %(number)s; anyone with the seed "
                            "can check it.") % {"number": self.w.number(f.lottery)}
        return (text,)


def compose_letter(f: LetterFacts, code: str, route: RouteDrawing | None = None,
                   appeal_last_day: date | None = None) -> Letter:
    """The letter for one child in one language; with `route`, a map of the walk to the school
    (never for a child with protected personal data). It names the one way to appeal this
    child's refusal, with `appeal_last_day` when it is known (the portal knows when a guardian
    read the decision; a printed letter does not)."""
    _folder, tag, direction = language(code)
    words = _Words(code, tag)
    _ = words._
    parts = _Composer(f, words)
    drawn = route if route is not None and f.school_id and not f.protected else None
    sections = [parts.decision(drawn), parts.refusals(), parts.choices(), parts.protected(),
                parts.law(), parts.appeal(appeal_last_day)]
    return Letter(
        lang=tag,
        direction=direction,
        title=f"{_('Decision on school placement')} – {f.child_id}",
        heading=_("Decision on school placement"),
        sender=f.municipality,
        header=parts.header(),
        sections=tuple(s for s in sections if s is not None),
        footer=parts.footer(),
    )
