"""Suggested codes: learnt from the passages already coded, right on passages not seen, the
same from the same data, and silent about codes with too few examples."""

from __future__ import annotations

import pytest

from huvudman.demo.comments import PHRASES, comments
from huvudman.dialogue.suggest import suggest, train
from huvudman.dialogue.themes import CODES, THEME_OF, themes_of


def test_the_demo_phrases_follow_the_code_tree() -> None:
    assert set(PHRASES) == set(CODES)
    assert themes_of(frozenset({"far_school", "letter_hard"})) == {
        "security_predictability", "understandable_process"}
    assert len(set(THEME_OF.values())) == 4


def test_suggestions_are_right_on_passages_not_seen() -> None:
    corpus = comments(800, seed=1)
    coded, unseen = corpus[:500], corpus[500:]
    model = train([t for t, _ in coded], [c for _, c in coded])
    assert model is not None and set(model.codes) == set(CODES)
    found = suggest(model, [t for t, _ in unseen])
    top_right = sum(1 for s, (_, codes) in zip(found, unseen, strict=True)
                    if s and s[0].code in codes)
    assert top_right / len(unseen) > 0.9
    assert all(0 <= x.confidence <= 1 for row in found for x in row)
    assert all(row == sorted(row, key=lambda x: -x.confidence) for row in found)
    again = train([t for t, _ in coded], [c for _, c in coded])
    assert suggest(again, [t for t, _ in unseen[:50]]) == found[:50]  # deterministic


def test_too_few_examples_teach_nothing() -> None:
    few = comments(30, seed=2)
    assert train([t for t, _ in few[:3]], [c for _, c in few[:3]]) is None
    model = train(["skolan ligger långt", "brevet svårt"] * 5 + ["tolk saknades"],
                  [frozenset({"x"}), frozenset({"y"})] * 5 + [frozenset({"rare"})])
    assert model is not None and "rare" not in model.codes
    assert train(["", " "] * 5, [frozenset({"x"}), frozenset({"y"})] * 5) is None  # no words
    with pytest.raises(ValueError):
        train(["a"], [])
