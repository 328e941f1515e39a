"""The advice beside a family's list, ready for its page: the chances (forecast.advice) with
the schools named and their distances from the home as the family's page measured them (walks
where the portal has the street map)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from huvudman.forecast.advice import ListAdvice
from huvudman.store.models import Child


class Chances(Protocol):
    """`services.forecast.chance_service.ChanceService`."""

    def chances(self, lat: float, lon: float, school_ids: list[str],
                siblings: list[str] = ()) -> ListAdvice | None: ...

    def school_id(self, index: int) -> str: ...


@dataclass(frozen=True)
class AdviceView:
    """The advice with names and distances by the cohort's school numbers."""

    advice: ListAdvice
    service: Chances
    names: dict[str, str]
    near: dict[str, float]  # school id → distance from home, as the page measured it

    def school_id(self, index: int) -> str:
        """The id of school number `index`."""
        return self.service.school_id(index)

    def name(self, index: int) -> str:
        """The name of school number `index` (its id if the register no longer has it)."""
        sid = self.service.school_id(index)
        return self.names.get(sid, sid)

    def metres(self, index: int) -> float:
        """The distance from home to school number `index`, as the page measures it."""
        sid = self.service.school_id(index)
        if sid in self.near:
            return self.near[sid]
        return self.advice.fallback_metres if index == self.advice.fallback else 0.0


def advice_for(service: Chances | None, child: Child, listed: Sequence[str],
               schools: Sequence[tuple[Any, float]]) -> AdviceView | None:
    """The advice for `listed` (None without a forecast, or for a list it cannot answer: empty,
    a school twice, a school new this year); `schools` are the school rows with their distance
    from home, as `nearby.schools_by_distance` gives them."""
    if service is None or not listed:
        return None
    advice = service.chances(child.lat, child.lon, list(listed),
                             [s.school_id for s in child.sibling_schools])
    if advice is None:
        return None
    return AdviceView(advice, service, {s.school_id: s.name for s, _m in schools},
                      {s.school_id: m for s, m in schools})
