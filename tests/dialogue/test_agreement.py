"""Agreement between coders against the textbooks' worked examples."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huvudman.dialogue.agreement import alpha, kappa, per_code

N = math.nan


def test_cohens_kappa_of_the_textbook_table() -> None:
    # the worked example of Wikipedia's article on Cohen's kappa: 50 proposals read by two
    # editors: yes/yes 20, yes/no 5, no/yes 10, no/no 15
    # p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5 → κ = (0.7 − 0.5) / 0.5 = 0.4
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert kappa(first, second) == pytest.approx(0.4)
    assert kappa(["a", "a"], ["a", "a"]) is None  # no variation: undefined, not 1
    with pytest.raises(ValueError):
        kappa(["a"], ["a", "b"])


def test_krippendorffs_alpha_of_the_worked_examples() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: four
    # observers, nominal values, missing data → α = 0.743
    four = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
    assert alpha(four) == pytest.approx(0.743, abs=5e-4)
    # the three coders and fifteen units of the krippendorff package's documentation:
    # nominal 0.691, interval 0.811, as published with it
    three = [[N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
             [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
             [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4]]
    assert alpha(three) == pytest.approx(0.691, abs=5e-4)
    assert alpha(three, "interval") == pytest.approx(0.811, abs=5e-4)


def test_per_code_compares_the_passages_both_coded() -> None:
    t, c = "treatment", "communication"
    codings = {"Ann": {1: frozenset({t}), 2: frozenset({t, c}), 3: frozenset(), 4: frozenset({c})},
               "Bo": {1: frozenset({t}), 2: frozenset({c}), 3: frozenset(), 5: frozenset({t})}}
    rows = {a.code: a for a in per_code(codings, [t, c])}
    assert rows[t].passages == 3  # passages 1, 2, 3
    # treatment: Ann yes, yes, no; Bo yes, no, no → p_o 2/3, p_e 2/3·1/3 + 1/3·2/3 = 4/9
    assert rows[t].kappa == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))
    assert rows[c].kappa == pytest.approx(1.0)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=2, max_size=60))
def test_kappa_is_one_exactly_when_coders_agree_everywhere(pairs) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    value = kappa(first, second)
    if value is None:
        assert len({*first, *second}) < 2
    else:
        assert -1 <= value <= 1
        assert (value == pytest.approx(1)) == (first == second)
