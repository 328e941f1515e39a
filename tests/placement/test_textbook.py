"""Published textbook examples from the school-choice literature, for each mechanism."""

from helpers import assignment, run_explicit

# The three-student, three-school example used to contrast the mechanisms in Abdulkadiroğlu &
# Sönmez (2003, "School Choice: A Mechanism Design Approach") and in most lecture notes since:
# one seat per school; deferred acceptance is stable but not efficient, top trading cycles is
# efficient but lets i1 and i2 trade past i3's priority, and Boston rewards i3's first choice.
PREFS = {"i1": ["s2", "s1", "s3"], "i2": ["s1", "s2", "s3"], "i3": ["s1", "s2", "s3"]}
PRIORITY = {"s1": ["i1", "i3", "i2"], "s2": ["i2", "i1", "i3"], "s3": ["i3", "i1", "i2"]}
SEATS = {"s1": 1, "s2": 1, "s3": 1}


def test_deferred_acceptance_three_by_three() -> None:
    result = run_explicit(PREFS, PRIORITY, SEATS)
    assert assignment(result) == {"i1": "s1", "i2": "s2", "i3": "s3"}
    assert result.audit.passed


def test_top_trading_cycles_three_by_three() -> None:
    result = run_explicit(PREFS, PRIORITY, SEATS, mechanism="top-trading-cycles")
    assert assignment(result) == {"i1": "s2", "i2": "s1", "i3": "s3"}
    # i3 has higher priority than i2 at s1 and prefers it: TTC is not stable
    envy = result.audit.check("no_justified_envy")
    assert not envy.passed and envy.children == 1


def test_boston_three_by_three() -> None:
    result = run_explicit(PREFS, PRIORITY, SEATS, mechanism="immediate-acceptance")
    assert assignment(result) == {"i1": "s2", "i2": "s3", "i3": "s1"}
    # i2 is refused at s2 though it has top priority there: i1 took it in round one
    envy = result.audit.check("no_justified_envy")
    assert not envy.passed and envy.children == 1


# Gale & Shapley (1962), "College Admissions and the Stability of Marriage", the example with
# three men and three women whose preferences form a Latin square: each man gets his first
# choice when men propose, each woman hers when women propose (here: children propose).
LATIN_PREFS = {"a": ["A", "B", "C"], "b": ["B", "C", "A"], "c": ["C", "A", "B"]}
LATIN_PRIORITY = {"A": ["b", "c", "a"], "B": ["c", "a", "b"], "C": ["a", "b", "c"]}


def test_gale_shapley_latin_square_child_optimal() -> None:
    result = run_explicit(LATIN_PREFS, LATIN_PRIORITY, {"A": 1, "B": 1, "C": 1})
    assert assignment(result) == {"a": "A", "b": "B", "c": "C"}


def test_gale_shapley_latin_square_schools_proposing_would_differ() -> None:
    # Reversing roles (schools' first choices as children's lists) gives the other extreme,
    # proving the child-optimal outcome is not an artefact of the instance.
    swapped_prefs = {s: order for s, order in LATIN_PRIORITY.items()}
    swapped_priority = {c: order for c, order in LATIN_PREFS.items()}
    result = run_explicit(swapped_prefs, swapped_priority, {"a": 1, "b": 1, "c": 1})
    assert assignment(result) == {"A": "b", "B": "c", "C": "a"}


# Capacities above one (the "college admissions" case of Gale & Shapley 1962, worked by hand):
# s1 has two seats, s2 one. Under DA, i4 displaces i3 at s1 and i3 then displaces i2 at s2.
CAP_PREFS = {"i1": ["s1", "s2"], "i2": ["s2", "s1"], "i3": ["s1", "s2"], "i4": ["s1", "s2"]}
CAP_PRIORITY = {"s1": ["i1", "i4", "i3", "i2"], "s2": ["i3", "i2", "i1", "i4"]}


def test_college_admissions_two_seats() -> None:
    result = run_explicit(CAP_PREFS, CAP_PRIORITY, {"s1": 2, "s2": 1})
    assert assignment(result) == {"i1": "s1", "i2": None, "i3": "s2", "i4": "s1"}
    assert result.audit.passed


def test_college_admissions_boston_and_ttc() -> None:
    boston = run_explicit(CAP_PREFS, CAP_PRIORITY, {"s1": 2, "s2": 1},
                          mechanism="immediate-acceptance")
    # round 1: s1 takes i1 and i4 of {i1, i3, i4}; s2 takes i2; i3 then finds s2 full
    assert assignment(boston) == {"i1": "s1", "i2": "s2", "i3": None, "i4": "s1"}
    ttc = run_explicit(CAP_PREFS, CAP_PRIORITY, {"s1": 2, "s2": 1},
                       mechanism="top-trading-cycles")
    # i1 points to s1 which points to i1: i1 takes a seat; then i4 likewise at s1;
    # i3 points to s1 (full) → s2, s2 points to i3: i3 gets s2; i2 is left without a seat
    assert assignment(ttc) == {"i1": "s1", "i2": None, "i3": "s2", "i4": "s1"}


# Truncated lists: where top trading cycles as Abdulkadiroğlu & Sönmez (2003) define it (a school
# points to its highest-priority child among all children) and the applicants-only variant part.
# One seat each. Worked by hand:
#   definition — i1→s1, i2→s1, i3→s3; s1→i3, s2→i3, s3→i2: the cycle i3→s3→i2→s1→i3 gives i3 s3
#   and i2 s1 (i2 trades its top priority at s3, a school it did not list); then i1→s2→i1.
#   variant — s3 points only to its applicants i1, i3: i3→s3→i3 gives i3 s3; s1 then points to
#   i1 (before i2): i1→s1→i1; i2 finds s1 full and is left without a listed school.
TRUNC_PREFS = {"i1": ["s1", "s2", "s3"], "i2": ["s1"], "i3": ["s3", "s1", "s2"]}
TRUNC_PRIORITY = {"s1": ["i3", "i1", "i2"], "s2": ["i3", "i1", "i2"], "s3": ["i2", "i3", "i1"]}


def test_top_trading_cycles_as_defined_on_truncated_lists() -> None:
    seats = {"s1": 1, "s2": 1, "s3": 1}
    ttc = run_explicit(TRUNC_PREFS, TRUNC_PRIORITY, seats, mechanism="top-trading-cycles")
    assert assignment(ttc) == {"i1": "s2", "i2": "s1", "i3": "s3"}
    variant = run_explicit(TRUNC_PREFS, TRUNC_PRIORITY, seats,
                           mechanism="top-trading-cycles-applicants")
    assert assignment(variant) == {"i1": "s1", "i2": None, "i3": "s3"}
