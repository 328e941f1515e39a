"""A stratified random sample of families for the telephone survey, drawn so anyone can draw it
again: the strata (district, language, placement outcome) each get their share of the sample
by largest remainders, the families of a stratum are put in a random call order from the
recorded seed, the first are the sample and the next the reserves, called in order when a
family in the sample cannot be reached.

Pure: units and a seed in, the drawn sample out; numpy's generator (PCG64) is stable across
versions for a given seed, so the same population and seed give the same sample."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from math import floor

import numpy as np

#: The outcomes a family's placement can have (the survey's third dimension).
OUTCOMES = ("first_choice", "other_choice", "fallback", "appealed")
#: Reserves drawn per stratum, as a share of its sample (at least one where any are left).
RESERVE_SHARE = 0.5

Stratum = tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """A family that can be sampled: a key the use case knows it by, and its stratum."""

    key: Hashable
    stratum: Stratum


@dataclass(frozen=True)
class Drawn:
    """A family drawn: its place in its stratum's call order, and whether it is a reserve."""

    key: Hashable
    stratum: Stratum
    position: int
    reserve: bool


def allocate(sizes: Mapping[Stratum, int], n: int) -> dict[Stratum, int]:
    """How many of a sample of `n` each stratum gets: its share of the population, rounded by
    largest remainders (ties to the larger stratum, then the stratum's order), never more
    than it holds."""
    total = sum(sizes.values())
    n = min(n, total)
    if total == 0 or n <= 0:
        return dict.fromkeys(sizes, 0)
    quotas = {s: n * size / total for s, size in sizes.items()}
    out = {s: floor(q) for s, q in quotas.items()}
    left = n - sum(out.values())
    order = sorted(sizes, key=lambda s: (-(quotas[s] - out[s]), -sizes[s], s))
    for s in order[:left]:
        out[s] += 1
    return out


def draw(units: Sequence[Unit], n: int, seed: int,
         reserve_share: float = RESERVE_SHARE) -> list[Drawn]:
    """The sample and its reserves, in each stratum's call order. The units are sorted by
    stratum and key first, so the order they come in does not matter."""
    by_stratum: dict[Stratum, list[Hashable]] = {}
    for unit in sorted(units, key=lambda u: (u.stratum, str(u.key))):
        by_stratum.setdefault(unit.stratum, []).append(unit.key)
    counts = allocate({s: len(keys) for s, keys in by_stratum.items()}, n)
    rng = np.random.Generator(np.random.PCG64(seed))
    out = []
    for stratum in sorted(by_stratum):
        keys = by_stratum[stratum]
        order = rng.permutation(len(keys))
        take = counts[stratum]
        reserves = min(len(keys) - take, max(1, round(take * reserve_share))) if take else 0
        for position, index in enumerate(order[:take + reserves]):
            out.append(Drawn(keys[index], stratum, position, position >= take))
    return out


@dataclass(frozen=True)
class Rate:
    """A stratum's response: families in the sample, reached (answered), and the rate."""

    sampled: int
    attempted: int
    reached: int

    @property
    def rate(self) -> float | None:
        """Reached of those the survey tried to reach (None before any attempt)."""
        return self.reached / self.attempted if self.attempted else None


def response_rates(results: Sequence[tuple[Stratum, bool, str]]) -> dict[Stratum, Rate]:
    """Per stratum, from (stratum, reserve, status) of every family drawn: status "pending"
    (not tried), "reached", or another (tried: declined, not reached). A reserve counts only
    once it was tried."""
    out: dict[Stratum, list[int]] = {}
    for stratum, reserve, status in results:
        counts = out.setdefault(stratum, [0, 0, 0])
        if not reserve:
            counts[0] += 1
        if status != "pending":
            counts[1] += 1
            counts[2] += status == "reached"
    return {s: Rate(*c) for s, c in sorted(out.items())}
