"""Top trading cycles (Abdulkadiroğlu & Sönmez 2003), for comparison.

Children point to their best school with a seat left, schools to their highest-priority child
still waiting among those who applied there; each cycle trades its seats. Pareto efficient and
strategy-proof, but it can place a child ahead of another with higher priority at that school.
"""

from __future__ import annotations

from collections.abc import Sequence

from huvudman.placement.mechanisms.flat import as_lists


def top_trading_cycles(
    schools: Sequence[int], ranks: Sequence[int], offsets: Sequence[int], capacity: Sequence[int]
) -> list[int]:
    """Place children by top trading cycles; returns each child's application."""
    schools, ranks, offsets, capacity = as_lists(schools, ranks, offsets, capacity)
    n = len(offsets) - 1
    left = list(capacity)
    owner = [0] * len(schools)
    for c in range(n):
        for p in range(offsets[c], offsets[c + 1]):
            owner[p] = c
    # each school's applicants, best priority first
    queue: list[list[int]] = [[] for _ in left]
    for p in sorted(range(len(schools)), key=lambda q: (schools[q], ranks[q])):
        queue[schools[p]].append(p)
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
        """The best-priority waiting child who applied to s."""
        q = queue[s]
        h = head[s]
        while done[owner[q[h]]]:
            h += 1
        head[s] = h
        return owner[q[h]]

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
