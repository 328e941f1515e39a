"""The schools near a family's home, nearest first: walks along the municipality's streets
when the portal has its street map, else straight lines (and it says which)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from huvudman.geo import SWEREF, project
from huvudman.store.models import Child, School

# plain rows, not ORM objects: every guardian page lists all schools
SCHOOL_ROWS = select(School.school_id, School.name, School.lat, School.lon, School.capacity,
                     School.district, School.address, School.profile, School.fritids,
                     School.languages).order_by(School.name)


class Walks(Protocol):
    """Walking distances from a home (`services.streets.walking_service.WalkingService`)."""

    def distances(self, lat: float, lon: float, schools: list[tuple[str, float, float]]
                  ) -> dict[str, float] | None: ...


def schools_by_distance(session: Session, walking: Walks | None, child: Child
                        ) -> tuple[list[tuple[Row, float]], str]:
    """Every school with its distance from the child's home, nearest first, and how it was
    measured: "walking" along the municipality's streets, else "straight"."""
    schools = session.execute(SCHOOL_ROWS).all()
    found = walking.distances(child.lat, child.lon, [(s.school_id, s.lat, s.lon)
                                                      for s in schools]) if walking else None
    if found:
        reachable = [(s, found[s.school_id]) for s in schools if s.school_id in found]
        return sorted(reachable, key=lambda p: p[1]), "walking"
    at = project(np.array([s.lat for s in schools]), np.array([s.lon for s in schools]), SWEREF)
    home = project(np.array([child.lat]), np.array([child.lon]), SWEREF)[0]
    metres = np.hypot(at[:, 0] - home[0], at[:, 1] - home[1])
    return sorted(zip(schools, metres.tolist(), strict=True), key=lambda p: p[1]), "straight"


