"""Matching mechanisms. Each takes the applications in flat form and returns, per child, the
index of the application that placed it (or -1):

- `schools[p]`, `ranks[p]`: the school of application p and the child's rank there (0 = best,
  unique within a school);
- `offsets`: a child's applications are `offsets[c]:offsets[c + 1]`, best choice first;
- `capacity`: seats per school.
"""

from collections.abc import Callable, Sequence

from huvudman.placement.mechanisms.deferred_acceptance import deferred_acceptance
from huvudman.placement.mechanisms.immediate_acceptance import immediate_acceptance
from huvudman.placement.mechanisms.top_trading_cycles import top_trading_cycles

Mechanism = Callable[[Sequence[int], Sequence[int], Sequence[int], Sequence[int]], list[int]]

MECHANISMS: dict[str, Mechanism] = {
    "deferred-acceptance": deferred_acceptance,
    "top-trading-cycles": top_trading_cycles,
    "immediate-acceptance": immediate_acceptance,
}

__all__ = [
    "MECHANISMS",
    "Mechanism",
    "deferred_acceptance",
    "immediate_acceptance",
    "top_trading_cycles",
]
