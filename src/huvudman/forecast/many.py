"""Chances for many families at once, from the cutoffs of simulated cohorts.

Under deferred acceptance a child gets the first school on its list whose cutoff — the weakest
priority it admitted — the child clears (exactly so in a large cohort, where one more child does
not move the cutoffs; Azevedo & Leshno 2016). So the cohort is simulated once, each school's
cutoff kept per simulation, and any number of families are answered from those cutoffs: what
the portal needs while a family builds its list, and what calibration over a whole year needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.forecast.simulation import Simulator


@dataclass(frozen=True)
class SimulatedCutoffs:
    """Per simulation and school: whether the school filled, and if so the weakest admitted
    standing (the rule-chain part, and the lottery position as a fraction of the cohort)."""

    full: np.ndarray  # (simulations, schools) bool
    pre: np.ndarray  # (simulations, schools) int64
    lottery: np.ndarray  # (simulations, schools) float64
    seed: int
    left: np.ndarray | None = None  # (simulations, schools): places left after the fallback


def simulate_cutoffs(simulator: Simulator, simulations: int, seed: int,
                     fallback: bool = False) -> SimulatedCutoffs:
    """Draw and place `simulations` cohorts and keep every school's cutoff (and, with
    `fallback`, the places each school has left once the cohort's unplaced children have taken
    the nearest free ones: where a family without any of its schools would still find one)."""
    m = simulator.n_schools
    full = np.zeros((simulations, m), dtype=bool)
    pre = np.zeros((simulations, m), dtype=np.int64)
    lot = np.zeros((simulations, m), dtype=np.float64)
    left = np.zeros((simulations, m), dtype=np.int64) if fallback else None
    for i in range(simulations):
        d = simulator.draw(np.random.default_rng([seed, i]))
        if left is not None:
            left[i] = simulator.places_left(d)
        got = d.placed[d.placed >= 0]
        school = d.school[got]
        admitted = np.bincount(school, minlength=m)
        child_of_app = np.repeat(np.arange(len(d.children)), np.diff(d.offsets))
        n = len(d.children)
        key = simulator.pre[d.apps[got]] * n + d.lottery[child_of_app[got]]
        weakest = np.full(m, -1, dtype=np.int64)
        np.maximum.at(weakest, school, key)
        full[i] = admitted >= simulator.capacity
        has = weakest >= 0
        pre[i, has] = weakest[has] // n
        lot[i, has] = (weakest[has] % n + 0.5) / n
    return SimulatedCutoffs(full, pre, lot, seed, left)


_CELLS = 2_000_000  # simulation × family × listed school cells handled at once


def family_outcomes(cutoffs: SimulatedCutoffs, schools: np.ndarray, pre: np.ndarray
                    ) -> np.ndarray:
    """For each simulation and family: the position in the family's list of the school it
    gets (0-based), or -1 for none of them.

    `schools` and `pre` are (families, longest list) arrays of each family's listed schools
    and its rule-chain standing there, padded with -1.
    """
    sims = len(cutoffs.full)
    out = np.full((sims, schools.shape[0]), -1, dtype=np.int64)
    for a, clears in _clearing(cutoffs, schools, pre):
        out[a:a + len(clears)] = np.where(clears.any(axis=2), np.argmax(clears, axis=2), -1)
    return out


def family_clears(cutoffs: SimulatedCutoffs, schools: np.ndarray, pre: np.ndarray
                  ) -> np.ndarray:
    """For each simulation, family and listed school: whether the child clears that school's
    line (its own chance there, whatever the schools above it) — (simulations, families,
    longest list) bool, with the same lottery numbers as `family_outcomes`."""
    return np.concatenate([clears for _a, clears in _clearing(cutoffs, schools, pre)])


def _clearing(cutoffs: SimulatedCutoffs, schools: np.ndarray, pre: np.ndarray):
    """(first simulation, clears) chunks: whether each family's child clears each listed
    school's cutoff."""
    sims = len(cutoffs.full)
    families = schools.shape[0]
    listed = schools >= 0
    s = np.where(listed, schools, 0)
    rng = np.random.default_rng([cutoffs.seed, 2**31])  # the families' own lottery numbers
    # many simulations at once, in chunks that keep the (simulations, families, list) arrays
    # small; the lottery numbers are drawn in the same order as one simulation at a time
    chunk = max(1, _CELLS // max(1, schools.size))
    for a in range(0, sims, chunk):
        b = min(sims, a + chunk)
        u = rng.random((b - a, families))[:, :, None]
        cut_pre, cut_lot = cutoffs.pre[a:b][:, s], cutoffs.lottery[a:b][:, s]
        yield a, listed & (~cutoffs.full[a:b][:, s] | (pre < cut_pre)
                           | ((pre == cut_pre) & (u < cut_lot)))


def family_lists(simulator: Simulator) -> tuple[np.ndarray, np.ndarray]:
    """The listed schools and rule-chain standing of the simulator's families (its last
    children), as (families, longest list) arrays padded with -1."""
    f = simulator.families
    first = len(simulator.offsets) - 1 - f
    starts, ends = simulator.offsets[first:-1], simulator.offsets[first + 1:]
    width = int((ends - starts).max()) if f else 0
    schools = np.full((f, width), -1, dtype=np.int64)
    pre = np.full((f, width), -1, dtype=np.int64)
    for k, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        schools[k, :b - a] = simulator.app_school[a:b]
        pre[k, :b - a] = simulator.pre[a:b]
    return schools, pre
