"""Geocoding benchmark (issue 19): 100,000 addresses matched against the address points of a
real Stockholm extract.

The addresses are the extract's own, written the ways registers and people write them: as
they are, with the entrance letter apart or together, in capitals with a flat number, with a
letter of the street left out, a number that does not exist nearby, and streets that do not
exist. Prints the time to read the file and build the index, to match all 100,000, and the
qualities found; the peer in the same run is the plain way — comparing each address with
every point of the register (a linear scan on the same normalised keys, on a sample of 2,000,
scaled up). Goal: 100,000 under 10 s.

Run:  .venv/bin/python bench/geocode_bench.py [--addresses 100000]
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from huvudman.addresses.index import AddressIndex, Point
from huvudman.addresses.normalize import parse
from huvudman.addresses.osm import read_addresses

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def written(p: Point, rng: random.Random) -> str:
    """One of the ways an address point's address is written."""
    way = rng.random()
    if way < 0.45:
        return f"{p.street} {p.number}{p.letter}"
    if way < 0.6:
        return f"{p.street} {p.number} {p.letter}, {p.postcode[:3]} {p.postcode[3:]} Stockholm"
    if way < 0.7:
        return f"{p.street.upper()} {p.number}{p.letter.lower()} lgh 1{rng.randrange(100, 999)}"
    if way < 0.85 and len(p.street) > 6:
        cut = rng.randrange(2, len(p.street) - 2)
        return f"{p.street[:cut]}{p.street[cut + 1:]} {p.number}{p.letter}"
    if way < 0.95:
        return f"{p.street} {p.number + 2 * rng.randrange(1, 3)}"
    return f"Påhittade{rng.choice(('gatan', 'vägen', 'gränd'))} {rng.randrange(1, 80)}"


def linear(points: list[Point], text: str) -> Point | None:
    """The peer, the plain way: the address parsed, compared with every point; when no point
    has its street, the street's name compared with every point's (difflib, as ours)."""
    asked = parse(text)
    best = None
    for p in points:
        if p.key == asked.key and p.number == asked.number:
            if p.letter == asked.letter:
                return p
            best = best or p
    if best is None and not any(p.key == asked.key for p in points):
        close = difflib.get_close_matches(asked.key, [p.key for p in points], n=1, cutoff=0.86)
        if close:
            return next((p for p in points if p.key == close[0]
                         and p.number == asked.number), None)
    return best


def main() -> None:
    """Build, match, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=100_000)
    parser.add_argument("--extract", default="stockholm_norrmalm_routeapp.osm.pbf")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    t0 = time.perf_counter()
    points, _ = read_addresses(DATA / args.extract)
    index = AddressIndex(points)
    built = time.perf_counter() - t0
    rng = random.Random(1)
    texts = [written(rng.choice(points), rng) for _ in range(args.addresses)]
    t0 = time.perf_counter()
    matches = index.match_all([parse(t) for t in texts])
    ours = time.perf_counter() - t0
    qualities = Counter(m.quality for m in matches)
    print(f"{args.extract}: {len(points):,} address points read and indexed in {built:.2f} s")
    print(f"huvudman: {len(texts):,} addresses parsed and matched in {ours:.2f} s "
          f"({len(texts) / ours:,.0f} a second); goal: under 10 s")
    print("  " + ", ".join(f"{q} {n:,}" for q, n in qualities.most_common()))
    sample = texts[:2_000]
    t0 = time.perf_counter()
    for text in sample:
        linear(points, text)
    peer = (time.perf_counter() - t0) / len(sample) * len(texts)
    print(f"peer, every address parsed and compared with every point (difflib on a miss): "
          f"{peer:.1f} s for {len(texts):,} (from 2,000): ours is {peer / ours:.1f}x faster")


if __name__ == "__main__":
    main()
