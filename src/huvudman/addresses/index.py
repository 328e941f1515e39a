"""A municipality's address points, and an address matched to one of them: exactly, or
approximately with how (another entrance of the number, a number nearby on the same side of
the street, a street name spelt a little differently), or not at all. Every match that is not
exact is reported, so an officer can look at it: the 2020 failure began with where a home was
taken to be."""

from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from huvudman.addresses.normalize import Address, folded

#: How an address was matched, best first.
QUALITIES = ("exact", "other_entrance", "nearby_number", "near_street_name", "not_found")
#: Qualities an officer should look at (everything but exact).
APPROXIMATE = QUALITIES[1:4]
#: How far along the street (in house numbers, same side) a nearby number may be.
NEARBY = 6
#: How alike a street's name must be to count as the same street spelt differently (0–1).
ALIKE = 0.86


@dataclass(frozen=True)
class Point:
    """An address point of the register: its address and position (WGS84)."""

    street: str
    key: str
    number: int
    letter: str
    postcode: str
    lat: float
    lon: float

    def label(self) -> str:
        """The address as people write it ("Storgatan 12 B")."""
        return f"{self.street} {self.number}{' ' + self.letter if self.letter else ''}"


@dataclass(frozen=True)
class Match:
    """Where an address was taken to be, and how sure that is."""

    asked: Address
    quality: str
    point: Point | None = None

    @property
    def exact(self) -> bool:
        """Matched to the very address asked for."""
        return self.quality == "exact"


class AddressIndex:
    """The address points of one register, looked up by street, number and entrance."""

    def __init__(self, points: Iterable[Point]) -> None:
        self._street: dict[str, list[Point]] = {}
        for p in points:
            self._street.setdefault(p.key, []).append(p)
        for found in self._street.values():
            found.sort(key=lambda p: (p.number, p.letter, p.postcode))
        self._numbers = {k: [p.number for p in found] for k, found in self._street.items()}
        self._folded: dict[str, str] = {}
        for key in sorted(self._street):
            self._folded.setdefault(folded(key), key)
        self._keys = sorted(self._street)
        self._near: dict[str, str | None] = {}  # a misspelt key → the street it means

    def __len__(self) -> int:
        return sum(len(found) for found in self._street.values())

    def streets(self) -> list[str]:
        """The streets' keys."""
        return list(self._keys)

    def _street_for(self, key: str) -> tuple[str | None, bool]:
        """The street an asked key means, and whether it was spelt as the register does."""
        if key in self._street:
            return key, True
        same = self._folded.get(folded(key))
        if same is not None:
            return same, False
        if key not in self._near:
            # streets of about the same length only: one or two letters more or less
            alike = [k for k in self._keys if abs(len(k) - len(key)) <= 2]
            close = difflib.get_close_matches(key, alike, n=1, cutoff=ALIKE)
            self._near[key] = close[0] if close else None
        near = self._near[key]
        return near, False

    def match(self, asked: Address) -> Match:
        """The point the address is taken to be at."""
        key, spelt = self._street_for(asked.key)
        if key is None or asked.number is None:
            return Match(asked, "not_found")
        found = self._street[key]
        numbers = self._numbers[key]
        same = found[bisect_left(numbers, asked.number):bisect_right(numbers, asked.number)]
        if same:
            best = _prefer(same, asked)
            entrance = best.letter == asked.letter
            if not spelt:
                return Match(asked, "near_street_name", best)
            return Match(asked, "exact" if entrance else "other_entrance", best)
        side = [p for p in found if p.number % 2 == asked.number % 2
                and abs(p.number - asked.number) <= NEARBY]
        if side and spelt:
            best = min(side, key=lambda p: (abs(p.number - asked.number), p.number,
                                            p.postcode != asked.postcode, p.letter))
            return Match(asked, "nearby_number", best)
        return Match(asked, "not_found")

    def match_all(self, addresses: Sequence[Address]) -> list[Match]:
        """Every address matched, in order."""
        return [self.match(a) for a in addresses]


def _prefer(same: list[Point], asked: Address) -> Point:
    """Of the points with the asked number: the asked entrance, in the asked postcode."""
    return min(same, key=lambda p: (p.letter != asked.letter,
                                    bool(asked.postcode) and p.postcode != asked.postcode,
                                    p.letter, p.postcode))
