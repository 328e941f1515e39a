"""A municipality's own kinds of deviation: checked, added to the law's, and the law's kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huvudman.governance.categories import BadCategory, configure, deadline
from huvudman.governance.deviations import BUILT_IN, SCHOOL_CHAIN, Deadline, use_categories
from huvudman.workdays import HOURS, WORKING_DAYS

VANDALISM = {"code": "vandalism", "respond": "2 working days", "resolve": "10 working days",
             "name": {"sv": "Skadegörelse", "en": "Vandalism"},
             "about": {"sv": "Något förstört med avsikt."}}


def test_a_new_kind_joins_the_laws() -> None:
    made = configure([VANDALISM, {"code": "complaint", "respond": "1 working day"},
                      {"code": "safety_incident", "resolve": "30 working days"}])
    kind = made.categories["vandalism"]
    assert kind.chain == SCHOOL_CHAIN and kind.respond == Deadline(2, WORKING_DAYS)
    assert not kind.legal and not kind.sensitive
    assert made.names["vandalism"]["en"] == ("Vandalism", "")
    assert made.categories["complaint"].respond == Deadline(1, WORKING_DAYS)  # shorter: fine
    assert made.categories["safety_incident"].resolve == Deadline(30)  # no law: any time
    assert set(BUILT_IN) < set(made.categories)
    assert deadline("24 hours") == Deadline(24, HOURS)


@pytest.mark.parametrize(("entry", "key", "code"), [
    ({**VANDALISM, "code": "Vandalism!"}, "code", "bad_code"),
    ({**VANDALISM, "chain": "police"}, "chain", "unknown_chain"),
    ({**VANDALISM, "chain": {}}, "chain", "unknown_chain"),  # a table: found by hypothesis
    ({**VANDALISM, "respond": "soon"}, "respond", "bad_deadline"),
    ({**VANDALISM, "respond": "0 hours"}, "respond", "bad_deadline"),
    ({**VANDALISM, "resolve": "999 working days"}, "resolve", "bad_deadline"),
    ({k: v for k, v in VANDALISM.items() if k != "resolve"}, "resolve", "bad_deadline"),
    ({**VANDALISM, "sensitive": "ja"}, "sensitive", "not_yes_or_no"),
    ({**VANDALISM, "name": {"en": "Vandalism"}}, "name.sv", "name_needed"),
    ({**VANDALISM, "name": {"sv": "x" * 81}}, "name.sv", "bad_text"),
    ({"code": "complaint", "respond": "5 working days"}, "respond", "longer_than_the_law"),
    ({"code": "data_breach", "respond": "2 working days"}, "respond", "longer_than_the_law"),
    ({"code": "degrading_treatment", "chain": "placement"}, "chain", "built_in"),
])
def test_what_cannot_be_configured_says_where(entry, key, code) -> None:
    with pytest.raises(BadCategory) as refused:
        configure([{"code": "fine_one", "respond": "1 hours", "resolve": "2 working days",
                    "name": {"sv": "Bra"}}, entry])
    assert (refused.value.entry, refused.value.key, refused.value.code) == (2, key, code)


def test_the_same_code_twice_and_a_law_removed_are_refused() -> None:
    with pytest.raises(BadCategory, match="twice"):
        configure([VANDALISM, VANDALISM])
    with pytest.raises(ValueError, match="cannot be removed"):
        use_categories({k: v for k, v in BUILT_IN.items() if k != "complaint"})


@given(st.lists(st.dictionaries(
    st.sampled_from(["code", "chain", "respond", "resolve", "sensitive", "name", "about", "x"]),
    st.one_of(st.text(max_size=12), st.booleans(), st.integers(),
              st.sampled_from(["vandalism", "complaint", "school", "24 hours",
                               "3 working days"]),
              st.dictionaries(st.sampled_from(["sv", "en"]), st.text(max_size=10))),
    max_size=7), max_size=4))
def test_any_file_is_configured_or_refused_never_crashes(entries) -> None:
    try:
        made = configure(entries)
    except BadCategory as err:
        assert err.entry >= 1 and err.key and err.code
    else:
        assert set(BUILT_IN) <= set(made.categories)
