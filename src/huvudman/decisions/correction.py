"""Correcting published decisions after an error is found (rättelse), under a declared policy
(pure: arrays of schools and ranks in, the corrected decisions out).

The corrected inputs are placed again. Under NO_ONE_LOSES every child keeps the published
place unless the corrected placement gives the child something better — a school higher on
its list, a listed school instead of a fallback, or a nearer fallback school — and a wronged
child gets that place even where the school is full: the correction says how many extra
places each school needs. Under FULL_RERUN the corrected placement replaces the published one
for everyone, and the children who lose by it are named."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NO_ONE_LOSES, FULL_RERUN = "no_one_loses", "full_rerun"
POLICIES = (NO_ONE_LOSES, FULL_RERUN)
_EPS_M = 0.5


@dataclass(frozen=True)
class Placed:
    """Where each child is (-1: nowhere), its rank there on the family's list (0: not a
    listed school), and how far away it is as the corrected inputs measure it."""

    school: np.ndarray
    rank: np.ndarray
    distance_m: np.ndarray


@dataclass(frozen=True)
class Correction:
    """The corrected decisions: each child's school, the children who move, those among them
    who lose by it (only under FULL_RERUN), and the extra places each school needs."""

    policy: str
    school: np.ndarray
    moved: np.ndarray  # child indices
    worse_off: np.ndarray  # child indices
    extra_places: np.ndarray  # per school, 0 where none are needed


def better(published: Placed, corrected: Placed) -> np.ndarray:
    """For each child, whether the corrected placement is better for the family than the
    published one: a school higher on its list, a listed school instead of none or a
    fallback, or (neither listed) a place where there was none or a nearer school."""
    p_rank, c_rank = published.rank, corrected.rank
    listed_higher = (c_rank > 0) & ((p_rank == 0) | (c_rank < p_rank))
    unlisted = (c_rank == 0) & (p_rank == 0) & (corrected.school >= 0)
    nearer = unlisted & ((published.school < 0) | (
        corrected.distance_m < published.distance_m - _EPS_M))
    return listed_higher | nearer


def correct(published: Placed, corrected: Placed, capacities: np.ndarray,
            policy: str) -> Correction:
    """The decisions after correcting under `policy` (see the module docstring)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown correction policy {policy!r}")
    gains = better(published, corrected)
    if policy == NO_ONE_LOSES:
        school = np.where(gains, corrected.school, published.school)
        worse = np.zeros(0, dtype=np.int64)
    else:
        school = corrected.school.copy()
        worse = np.flatnonzero(better(corrected, published) & (school != published.school))
    moved = np.flatnonzero(school != published.school)
    load = np.bincount(school[school >= 0], minlength=len(capacities))
    # places beyond each school's capacity that the correction adds (a school over its
    # places before the correction is not the correction's doing)
    before = np.bincount(published.school[published.school >= 0], minlength=len(capacities))
    over = np.maximum(load - np.asarray(capacities), 0)
    extra = np.maximum(over - np.maximum(before - np.asarray(capacities), 0), 0)
    return Correction(policy, school, moved, worse, extra)


#: Why a correction moves a child.
HIGHER_CHOICE, LISTED_NOT_FALLBACK, NEARER, PLACED_NOW, WORSE_OFF, OTHER = (
    "higher_choice", "listed_not_fallback", "nearer", "placed_now", "worse_off", "other")


def reason_of(had_place: bool, from_rank: int, to_rank: int, worse_off: bool) -> str:
    """Why a child moves, from its rank on the family's list before and after (0: not a listed
    school) — the reason the correction page gives."""
    if worse_off:
        return WORSE_OFF
    if not had_place:
        return PLACED_NOW
    if to_rank and not from_rank:
        return LISTED_NOT_FALLBACK
    if to_rank and to_rank < from_rank:
        return HIGHER_CHOICE
    if not to_rank and not from_rank:
        return NEARER
    return OTHER
