"""The code tree of the dialogue: the four themes that came out of the 2020 material —
treatment (bemötande), an understandable placement process for all, communication, security
and predictability — each with its sub-codes. A passage is coded with sub-codes; its themes
follow from them. Words live in the catalogs."""

from __future__ import annotations

#: theme → its sub-codes
TREE: dict[str, tuple[str, ...]] = {
    "treatment": ("phone_contact", "respect", "language_support"),
    "understandable_process": ("rules_unclear", "distance_measure", "letter_hard"),
    "communication": ("information_late", "channels", "translation"),
    "security_predictability": ("sibling_split", "far_school", "uncertainty"),
}
THEMES = tuple(TREE)
CODES = tuple(code for codes in TREE.values() for code in codes)
THEME_OF = {code: theme for theme, codes in TREE.items() for code in codes}


def themes_of(codes: frozenset[str]) -> frozenset[str]:
    """The themes a passage's sub-codes belong to."""
    return frozenset(THEME_OF[c] for c in codes if c in THEME_OF)
