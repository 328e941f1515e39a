"""Child-proposing deferred acceptance (Gale–Shapley).

Stable (no child loses a seat to someone with weaker priority there, no wanted seat left empty)
and strategy-proof for guardians: ranking schools in the true order is always best. The result
is the child-optimal stable matching, whatever order the proposals are processed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from heapq import heappush, heapreplace


def deferred_acceptance(
    schools: Sequence[int], ranks: Sequence[int], offsets: Sequence[int], capacity: Sequence[int]
) -> list[int]:
    """Place children by child-proposing deferred acceptance; returns each child's application."""
    n = len(offsets) - 1
    total = len(schools)
    schools = list(schools)
    ranks = list(ranks)
    offsets = list(offsets)
    cap = list(capacity)
    # Each school holds a max-heap of its tentative admits, keyed rank * total + application so
    # that one integer carries both who is weakest and which application it is.
    held: list[list[int]] = [[] for _ in cap]
    owner: list[int] = [0] * total
    for c in range(n):
        for p in range(offsets[c], offsets[c + 1]):
            owner[p] = c
    nxt = offsets[:-1]
    end = offsets[1:]
    placed = [-1] * n
    for start in range(n):
        c = start
        while c >= 0:
            i = nxt[c]
            e = end[c]
            proposer = c
            c = -1
            while i < e:
                s = schools[i]
                key = ranks[i] * total + i
                heap = held[s]
                if len(heap) < cap[s]:
                    heappush(heap, -key)
                    placed[proposer] = i
                    break
                if heap and key < -heap[0]:
                    out = -heapreplace(heap, -key) % total
                    placed[proposer] = i
                    c = owner[out]
                    placed[c] = -1
                    break
                i += 1
            nxt[proposer] = i + 1
    return placed
