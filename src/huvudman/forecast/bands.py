"""Chances as a plain band a parent reads before the number: where each band starts.

The bands are deliberately few and wide; the percentage is shown beside the word, so the word
never has to carry precision. One table, used by every page and letter that says a chance."""

from __future__ import annotations

#: (band code, lowest chance in the band), strongest first.
BANDS: tuple[tuple[str, float], ...] = (
    ("very_likely", 0.90),
    ("likely", 0.60),
    ("uncertain", 0.25),
    ("unlikely", 0.0),
)


def band(chance: float) -> str:
    """The band code of a chance between 0 and 1."""
    if not 0.0 <= chance <= 1.0:
        raise ValueError(f"a chance is between 0 and 1, not {chance}")
    return next(code for code, lowest in BANDS if chance >= lowest)
