"""LIX (läsbarhetsindex), the Swedish readability index: words per sentence plus the share of
long words (more than six letters) in per cent. Under 30 is very easy text; 30–40 easy."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")


def lix(text: str) -> float:
    """The LIX of a text (0 for a text without words)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100.0 * long_words / len(words)
