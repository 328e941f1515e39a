"""The early warning: declared thresholds, weights and reasons; Skolverket's value marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from huvudman.governance.early_warning import FLAG_AT, INDICATORS, assess, skolverket_number


def test_a_school_is_scored_by_its_breaches_with_reasons() -> None:
    good = assess({"certified_teachers": 85.0, "feels_safe": 90.0, "absence": 6.0})
    assert good.score == 0 and not good.flagged and not good.reasons
    assert "staff_turnover" in good.missing
    weak = assess({"certified_teachers": 46.9, "feels_safe": 71.0, "absence": 6.0,
                   "overdue_matters": 4.0})
    assert [r.code for r in weak.reasons] == ["feels_safe", "certified_teachers",
                                              "overdue_matters"]
    assert weak.score == 4 >= FLAG_AT and weak.flagged
    edge = assess({"certified_teachers": 70.0, "absence": 10.0})  # on the line: not breached
    assert edge.score == 0


def test_skolverkets_value_marks() -> None:
    assert skolverket_number("46,9") == 46.9
    assert skolverket_number("cirka 210") == 210
    assert skolverket_number("1 234,5") == 1234.5
    for hidden in ("..", "*", "", "-", None, "ej uppgift"):
        assert skolverket_number(hidden) is None


@given(st.text(max_size=20))
def test_any_text_is_read_or_refused_never_raised(text: str) -> None:
    value = skolverket_number(text)
    assert value is None or isinstance(value, float)


@given(st.dictionaries(st.sampled_from(sorted(INDICATORS)),
                       st.one_of(st.none(), st.floats(0, 200))))
def test_the_score_is_the_weight_of_the_reasons(values) -> None:
    result = assess(values)
    assert result.score == sum(INDICATORS[r.code].weight for r in result.reasons)
    assert {r.code for r in result.reasons}.isdisjoint(result.missing)
