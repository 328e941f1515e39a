"""Patterns across deviations: the same pupil again, the same place, the same time of day, the
same member of staff named, a rising rate at a school — flagged to the level that owns them.

Pure and vectorised over columns (numpy), so a million events take seconds: the caller passes
codes (school, pupil, staff and place as integers, -1 for none; times as seconds since the
epoch) and gets back (kind, school, subject, count) codes; the catalogs name them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAY = 86_400
#: Places a report can name (codes; the catalogs name them).
PLACES = ("classroom", "corridor", "schoolyard", "dining_hall", "toilets", "changing_room",
          "online", "way_to_school", "other")
#: The kinds of pattern and who they are flagged to.
SAME_PUPIL, SAME_PLACE, SAME_HOUR, SAME_STAFF, RISING = (
    "same_pupil", "same_place", "same_hour", "same_staff", "rising_rate")
FLAGGED_TO = {SAME_PUPIL: "principal", SAME_PLACE: "principal", SAME_HOUR: "principal",
              SAME_STAFF: "head_of_schools", RISING: "head_of_schools"}


@dataclass(frozen=True)
class Thresholds:
    """When a repetition is a pattern (declared, shown with every flag)."""

    pupil_cases: int = 2
    pupil_days: int = 180
    place_cases: int = 3
    place_days: int = 90
    hour_cases: int = 3
    hour_days: int = 90
    hour_share: float = 0.25  # of the school's cases in the window, in one hour of the day
    staff_cases: int = 2
    staff_days: int = 365
    rate_days: int = 90
    rate_ratio: float = 1.5
    rate_min_cases: int = 5


@dataclass(frozen=True)
class Flag:
    """One pattern: its kind, the school, what repeats (a pupil, place, hour or staff code;
    -1 for a school's rate), how many cases, and the role it is flagged to."""

    kind: str
    school: int
    subject: int
    cases: int
    flagged_to: str


def find_patterns(school: np.ndarray, at: np.ndarray, pupil: np.ndarray, staff: np.ndarray,
                  place: np.ndarray, now: int, pupils_at_school: np.ndarray | None = None,
                  limits: Thresholds = Thresholds()) -> list[Flag]:
    """Every pattern in the events up to `now` (seconds), most cases first within a kind.

    `pupils_at_school` (pupils per school code) turns the rising rate into cases per 100
    pupils; without it the counts are compared as they are."""
    school, at = np.asarray(school, np.int64), np.asarray(at, np.int64)
    pupil, staff, place = (np.asarray(a, np.int64) for a in (pupil, staff, place))
    flags: list[Flag] = []
    flags += _repeats(SAME_PUPIL, school, pupil, at >= now - limits.pupil_days * DAY,
                      limits.pupil_cases, by_school=False)
    flags += _repeats(SAME_PLACE, school, place, at >= now - limits.place_days * DAY,
                      limits.place_cases)
    flags += _repeats(SAME_STAFF, school, staff, at >= now - limits.staff_days * DAY,
                      limits.staff_cases, by_school=False)
    flags += _same_hour(school, at, now, limits)
    flags += _rising(school, at, now, pupils_at_school, limits)
    return flags


def _repeats(kind: str, school: np.ndarray, subject: np.ndarray, recent: np.ndarray,
             least: int, by_school: bool = True) -> list[Flag]:
    """Subjects (per school, or across schools) named in at least `least` recent cases; a
    pupil or member of staff is flagged at the school of their latest case."""
    keep = recent & (subject >= 0)
    if not keep.any():
        return []
    s, x = school[keep], subject[keep]
    key = s * (x.max() + 1) + x if by_school else x
    values, first, counts = np.unique(key, return_index=True, return_counts=True)
    hit = counts >= least
    if not hit.any():
        return []
    if by_school:
        schools, subjects = s[first[hit]], x[first[hit]]
    else:  # the school of the subject's latest case (events come in time order)
        last = len(key) - 1 - np.unique(key[::-1], return_index=True)[1]
        schools, subjects = s[last[hit]], values[hit]
    many = counts[hit]
    order = np.argsort(-many, kind="stable")
    return [Flag(kind, s_, x_, n_, FLAGGED_TO[kind]) for s_, x_, n_ in zip(
        schools[order].tolist(), subjects[order].tolist(), many[order].tolist(), strict=True)]


def _same_hour(school: np.ndarray, at: np.ndarray, now: int,
               limits: Thresholds) -> list[Flag]:
    """An hour of the day that gathers a large share of a school's recent cases."""
    recent = at >= now - limits.hour_days * DAY
    if not recent.any():
        return []
    s = school[recent]
    hour = (at[recent] % DAY) // 3600
    per_school = np.bincount(s)
    key = s * 24 + hour
    values, counts = np.unique(key, return_counts=True)
    share = counts / per_school[values // 24]
    hit = (counts >= limits.hour_cases) & (share >= limits.hour_share)
    many, where = counts[hit], values[hit]
    order = np.argsort(-many, kind="stable")
    return [Flag(SAME_HOUR, k // 24, k % 24, n_, FLAGGED_TO[SAME_HOUR])
            for k, n_ in zip(where[order].tolist(), many[order].tolist(), strict=True)]


def _rising(school: np.ndarray, at: np.ndarray, now: int, pupils: np.ndarray | None,
            limits: Thresholds) -> list[Flag]:
    """Schools whose cases in the last window are `rate_ratio` times those of the window
    before (per 100 pupils when the numbers of pupils are known)."""
    window = limits.rate_days * DAY
    n = int(school.max()) + 1 if len(school) else 0
    last = np.bincount(school[at >= now - window], minlength=n)
    before = np.bincount(school[(at < now - window) & (at >= now - 2 * window)], minlength=n)
    if pupils is not None:
        size = np.maximum(np.asarray(pupils, np.float64)[:n], 1.0)
        last_rate, before_rate = last / size, before / size
    else:
        last_rate, before_rate = last.astype(float), before.astype(float)
    hit = (last >= limits.rate_min_cases) & (last_rate >= limits.rate_ratio
                                             * np.maximum(before_rate, 1e-9))
    hit &= before > 0  # a first case is not a trend
    order = np.argsort(-last[hit], kind="stable")
    schools = np.flatnonzero(hit)
    return [Flag(RISING, int(schools[i]), -1, int(last[schools[i]]), FLAGGED_TO[RISING])
            for i in order]
