"""Matching mechanisms. Each takes the applications in flat form and returns, per child, the
index of the application that placed it (or -1):

- `schools[p]`, `ranks[p]`: the school of application p and the child's rank there (0 = best,
  unique within a school);
- `offsets`: a child's applications are `offsets[c]:offsets[c + 1]`, best choice first;
- `capacity`: seats per school.


The table of mechanisms and what each promises is `registry.REGISTRY`.
"""

from collections.abc import Callable, Sequence

Mechanism = Callable[[Sequence[int], Sequence[int], Sequence[int], Sequence[int]], list[int]]
