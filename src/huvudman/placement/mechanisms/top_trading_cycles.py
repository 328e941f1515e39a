"""Top trading cycles (Abdulkadiroğlu & Sönmez 2003), and a variant kept under its own name.

Each remaining child points to its best listed school with a seat left (a child with none is
done); each school points to its highest-priority remaining child; every cycle trades: each
child in it gets the school it points to. Pareto efficient and strategy-proof, but a child can
be placed ahead of another with higher priority at that school (it is not stable).

- `top_trading_cycles` is the mechanism as the literature defines it: a school points to its
  highest-priority remaining child among *all* children (`school_order`, from the rule chain or
  the explicit priorities), whether or not that child applied there.
- `top_trading_cycles_applicants` lets a school point only to children who applied to it. On
  complete lists the two agree; on truncated lists they can place children differently (a
  school's priority for a child who did not list it is never traded).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from huvudman.placement.mechanisms.flat import as_lists


def top_trading_cycles(
    schools: Sequence[int], ranks: Sequence[int], offsets: Sequence[int], capacity: Sequence[int],
    school_order: np.ndarray,
) -> list[int]:
    """Place children by top trading cycles; `school_order[s]` lists every child by priority
    at school s, best first. Returns each child's application (or -1)."""
    schools, offsets, capacity = as_lists(schools, offsets, capacity)
    return _trade(schools, offsets, capacity, np.asarray(school_order).tolist(), by_child=True)


def top_trading_cycles_applicants(
    schools: Sequence[int], ranks: Sequence[int], offsets: Sequence[int], capacity: Sequence[int]
) -> list[int]:
    """The variant in which a school points only to children who applied to it."""
    schools, ranks, offsets, capacity = as_lists(schools, ranks, offsets, capacity)
    queue: list[list[int]] = [[] for _ in capacity]
    for p in sorted(range(len(schools)), key=lambda q: (schools[q], ranks[q])):
        queue[schools[p]].append(p)
    return _trade(schools, offsets, capacity, queue, by_child=False)


def _trade(schools: list[int], offsets: list[int], capacity: list[int],
           queue: list[list[int]], by_child: bool) -> list[int]:
    """Clear cycles until every child is placed or has no listed school with a seat left.

    `queue[s]` is school s's priority order: of children (`by_child`) or of applications."""
    n = len(offsets) - 1
    left = list(capacity)
    owner = [0] * len(schools)
    for c in range(n):
        for p in range(offsets[c], offsets[c + 1]):
            owner[p] = c
    child_of = (lambda x: x) if by_child else owner.__getitem__
    head = [0] * len(left)
    nxt = list(offsets[:-1])
    done = [False] * n
    placed = [-1] * n

    def child_points(c: int) -> int:
        """The application of c's best school that still has a seat, or -1."""
        i = nxt[c]
        while i < offsets[c + 1] and left[schools[i]] <= 0:
            i += 1
        nxt[c] = i
        return i if i < offsets[c + 1] else -1

    def school_points(s: int) -> int:
        """The highest-priority remaining child in school s's queue."""
        q = queue[s]
        h = head[s]
        while done[child_of(q[h])]:
            h += 1
        head[s] = h
        return child_of(q[h])

    for start in range(n):
        if done[start]:
            continue
        path: list[int] = [start]
        where = {start: 0}
        while path:
            c = path[-1]
            p = child_points(c)
            if p < 0:
                done[c] = True
                del where[c]
                path.pop()
                continue
            d = school_points(schools[p])
            if d in where:
                cycle = path[where[d]:]
                seats = [child_points(member) for member in cycle]
                for member, q in zip(cycle, seats, strict=True):
                    placed[member] = q
                    left[schools[q]] -= 1
                    done[member] = True
                    del where[member]
                del path[len(path) - len(cycle):]
            else:
                where[d] = len(path)
                path.append(d)
    return placed
