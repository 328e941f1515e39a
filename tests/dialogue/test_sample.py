"""The survey's stratified sample: shares per stratum within one family of exact, drawn again
identically from its seed whatever order the population comes in, reserves apart."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from huvudman.dialogue.sample import Unit, allocate, draw, response_rates

STRATA = [(d, lang, o) for d in ("Norr", "Söder", "Öster") for lang in ("sv", "ar", "so")
          for o in ("first_choice", "other_choice", "fallback")]


def test_largest_remainders_by_hand() -> None:
    # 200 of 1 000 families: 500 → 100, 300 → 60, 199 → 39.8 → 40, 1 → 0.2 → 0
    assert allocate({("a",): 500, ("b",): 300, ("c",): 199, ("d",): 1}, 200) == {
        ("a",): 100, ("b",): 60, ("c",): 40, ("d",): 0}
    assert allocate({("a",): 2, ("b",): 1}, 10) == {("a",): 2, ("b",): 1}  # all there is
    assert allocate({}, 5) == {}


populations = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(STRATA)),
                       min_size=1, max_size=600, unique_by=lambda t: t[0])


@settings(max_examples=60)
@given(populations, st.integers(1, 300), st.integers(0, 2**32 - 1), st.randoms())
def test_the_sample_is_proportional_and_drawn_again_from_its_seed(people, n, seed, rnd):
    units = [Unit(key, stratum) for key, stratum in people]
    first = draw(units, n, seed)
    shuffled = list(units)
    rnd.shuffle(shuffled)
    assert draw(shuffled, n, seed) == first  # the same sample, whatever the order
    sample = [d for d in first if not d.reserve]
    assert len(sample) == min(n, len(units))
    assert len({d.key for d in first}) == len(first)  # nobody twice
    sizes = Counter(s for _, s in people)
    got = Counter(d.stratum for d in sample)
    for stratum, size in sizes.items():
        exact = len(sample) * size / len(units)
        assert abs(got[stratum] - exact) < 1  # within one family of its share
    for stratum in sizes:
        positions = sorted(d.position for d in first if d.stratum == stratum)
        assert positions == list(range(len(positions)))
        reserves = [d for d in first if d.stratum == stratum and d.reserve]
        assert all(r.position >= got[stratum] for r in reserves)  # called after the sample


def test_another_seed_another_sample() -> None:
    units = [Unit(k, STRATA[k % len(STRATA)]) for k in range(2_000)]
    assert {d.key for d in draw(units, 200, 1)} != {d.key for d in draw(units, 200, 2)}


def test_response_rates_count_reserves_only_when_tried() -> None:
    s = ("Norr", "sv", "fallback")
    rates = response_rates([(s, False, "reached"), (s, False, "not_reached"),
                            (s, False, "pending"), (s, True, "reached"), (s, True, "pending")])
    assert (rates[s].sampled, rates[s].attempted, rates[s].reached) == (3, 3, 2)
    assert rates[s].rate == 2 / 3
