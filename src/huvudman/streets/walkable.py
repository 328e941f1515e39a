"""Which OpenStreetMap ways a child may walk along.

Footways, paths, steps, pedestrian and living streets, residential and service streets, tracks,
and larger roads (a pedestrian may walk them unless told not to); cycleways only where foot
traffic is allowed. Never motorways, motor roads, ways tagged `foot=no`, private ways, or ways
under construction. Bridges and tunnels are ordinary ways. Ferries only when asked for.
"""

from __future__ import annotations

from collections.abc import Mapping

WALK_HIGHWAYS = frozenset({
    "footway", "path", "steps", "pedestrian", "living_street", "residential", "service",
    "track", "unclassified", "road", "corridor", "bridleway",
    "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
    "trunk", "trunk_link",
})
NEVER_HIGHWAYS = frozenset({"motorway", "motorway_link", "construction", "proposed",
                            "abandoned", "platform", "raceway", "bus_guideway", "razed"})
FOOT_ALLOWED = frozenset({"yes", "designated", "permissive"})
NO_ACCESS = frozenset({"no", "private"})


def is_walkable(tags: Mapping[str, str], ferries: bool = False) -> bool:
    """True when a pedestrian may use the way with these tags."""
    foot = tags.get("foot", "")
    if tags.get("route") == "ferry":
        return ferries and foot != "no"
    highway = tags.get("highway", "")
    if not highway or highway in NEVER_HIGHWAYS or tags.get("area") == "yes":
        return False
    if foot == "no":
        return False
    if foot in FOOT_ALLOWED:
        return True
    if tags.get("access", "") in NO_ACCESS or tags.get("service") == "private":
        return False
    if tags.get("motorroad") == "yes":
        return False
    if highway == "cycleway":
        return False  # only with an explicit foot permission, handled above
    return highway in WALK_HIGHWAYS
