"""Names of the rules as a guardian reads them, in Swedish and English."""

from __future__ import annotations

GROUP_LABEL = {
    "en": {
        "special_reasons": "special reasons",
        "protected": "protected identity",
        "only_school_near_home": "only one school near home",
        "sibling": "sibling priority",
        "guarantee": "this school as their guarantee school",
    },
    "sv": {
        "special_reasons": "särskilda skäl",
        "protected": "skyddade personuppgifter",
        "only_school_near_home": "bara en skola nära hemmet",
        "sibling": "syskonförtur",
        "guarantee": "skolan som garantiskola",
    },
}


def metres(value: float, lang: str) -> str:
    """A distance in whole metres with a thousands separator for the language."""
    sep = "\u00a0" if lang == "sv" else ","
    text = f"{round(value):,}".replace(",", sep)
    return f"{text} m"


def distance_words(kind: str, lang: str) -> str:
    """How the distance was measured."""
    if lang == "sv":
        return "gångavstånd" if kind == "walking" else "avstånd fågelvägen"
    return "walking distance" if kind == "walking" else "straight-line distance"


def count(n: int, one: str, many: str) -> str:
    """A number with its noun in singular or plural ("1 place", "3 places")."""
    return f"{n} {one if n == 1 else many}"
