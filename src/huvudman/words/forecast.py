"""What a family should know about ranking under its municipality's mechanism, and what the
forecast does and does not model — said plainly, in the reader's language."""

from __future__ import annotations

from huvudman.words.catalogs import _, translations

ADVICE = {  # keyed by the mechanisms of placement/mechanisms/registry.py
    "deferred-acceptance": _(
        "Rank the schools in the order you really prefer them. Under deferred acceptance, "
        "ranking a school first never costs your child a place it would otherwise get, and "
        "adding a school at the end of your list never lowers the chances at the schools above it."
    ),
    "top-trading-cycles": _(
        "Rank the schools in the order you really prefer them: under top trading cycles, "
        "listing your true order is always safe."
    ),
    "immediate-acceptance": _(
        "This municipality places by immediate acceptance: schools fill with the children who "
        "ranked them first before anyone else is considered. A school you rank second may be "
        "full already, so the school you rank first matters most; ranking a very popular school "
        "first can cost your child a place at a school it would otherwise have got."
    ),
    "top-trading-cycles-applicants": _(
        "This municipality places by a variant of top trading cycles in which a school trades "
        "only places its applicants have priority for. Rank the schools in the order you "
        "really prefer them; no school is certain before the placement."
    ),
}

MODELLED = _(
    "Modelled: the lottery; the other families' choices, homes and siblings, drawn from last "
    "year's children district by district (as many children per district as last year); this "
    "year's places at each school; the municipality's rule chain and matching; the fallback to "
    "the nearest school with a free place."
)
NOT_MODELLED = _(
    "Not modelled: a cohort larger or smaller than last year's; new schools or changed "
    "capacities (unless you give them); families changing their choices after seeing the "
    "forecast; special reasons approved later; river and motorway barriers in the fallback."
)


#: A chance as a parent reads it first (codes of forecast/bands.py); the number goes beside it.
BAND_WORDS = {
    "very_likely": _("very likely"),
    "likely": _("likely"),
    "uncertain": _("uncertain"),
    "unlikely": _("unlikely"),
}


def band_word(code: str, lang: str = "en") -> str:
    """The words of a chance band."""
    return translations(lang).gettext(BAND_WORDS[code])


def ranking_advice(mechanism: str, lang: str = "en") -> str:
    """The advice on how to rank that is true under this mechanism."""
    return translations(lang).gettext(ADVICE[mechanism])


def what_is_modelled(lang: str = "en") -> tuple[str, str]:
    """What the forecast models, and what it does not."""
    t = translations(lang)
    return t.gettext(MODELLED), t.gettext(NOT_MODELLED)
