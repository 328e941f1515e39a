"""Two runs compared, in the reader's language: the measures' names and values, and why each
child is placed differently (from the codes `placement.compare` returns)."""

from __future__ import annotations

import math

from huvudman.placement.compare import Measure, Move, RunView
from huvudman.words.catalogs import translations
from huvudman.words.cutoffs import CutoffFacts, describe_cutoff
from huvudman.words.formatting import metres, number, percent
from huvudman.words.vocabulary import (
    DISTANCE_KINDS,
    FALLBACK_NAMES,
    MEASURES,
    MECHANISMS,
    PRESETS,
    RULES,
)


def rule_name(code: str, lang: str) -> str:
    """A rule of the chain (or of placements.csv) by its name."""
    return translations(lang).gettext(RULES.get(code, code))


def mechanism_name(code: str, lang: str) -> str:
    """A mechanism by its name."""
    return translations(lang).gettext(MECHANISMS[code][0]) if code in MECHANISMS else code


def _value(m: Measure, value: object, lang: str) -> str:
    if value is None:
        return ""
    if m.kind == "code":
        return mechanism_name(str(value), lang)
    if m.kind == "rules":
        return " → ".join(rule_name(r, lang) for r in value)  # type: ignore[union-attr]
    if m.kind == "distance_kind":
        return translations(lang).gettext(DISTANCE_KINDS.get(str(value), str(value)))
    if m.kind == "share":
        return percent(float(value), lang)  # type: ignore[arg-type]
    if m.kind == "metres":
        return metres(float(value), lang)  # type: ignore[arg-type]
    if m.kind == "index":
        return number(float(value), lang, 4)  # type: ignore[arg-type]
    return str(value)


def measure_row(m: Measure, lang: str) -> tuple[str, str, str]:
    """A measure's name and both runs' values as a person reads them."""
    name = translations(lang).gettext(MEASURES.get(m.code, m.code))
    return name, _value(m, m.a, lang), _value(m, m.b, lang)


def explain_move(move: Move, a: RunView, b: RunView, lang: str) -> str:
    """Why the child is placed differently, in one or two sentences."""
    _ = translations(lang).gettext
    why = move.why
    if why.kind == "inputs_differ":
        return _("same choice rank, another school (%(rule_a)s in A, %(rule_b)s in B): the "
                 "children's inputs differ between the runs") % {
            "rule_a": rule_name(move.rule_a, lang), "rule_b": rule_name(move.rule_b, lang)}
    run = b if why.run == "B" else a
    school = run.school_names.get(why.school_id, why.school_id)
    if why.kind == "not_chosen":
        return _("in %(run)s not admitted to %(school)s: it was not among the child's "
                 "choices there") % {"run": why.run, "school": school}
    text = _("in %(run)s not admitted to %(school)s") % {"run": why.run, "school": school}
    if why.position:
        text += " " + _("(priority place %(n)s)") % {"n": why.position}
    if not math.isnan(why.proximity_m):
        text += _("; the child's relative proximity was %(metres)s") % {
            "metres": metres(why.proximity_m, lang)}
    row = run.cutoffs.get(why.school_id)
    if row is not None:
        text += ". " + describe_cutoff(CutoffFacts.from_row(row), run.rules, run.distance, lang)
    return text


def run_rules(label: str, lang: str) -> str:
    """A run's stored "preset · mechanism · fallback" label in words."""
    t = translations(lang)
    parts = label.split(" · ")
    if len(parts) != 3:
        return label
    preset, mechanism, fallback = parts
    title = t.gettext(PRESETS[preset][0]) if preset in PRESETS else preset
    return " · ".join((title, mechanism_name(mechanism, lang),
                       t.gettext(FALLBACK_NAMES.get(fallback, fallback))))
