"""Placement: the rule chain, the mechanisms, fallback, cutoffs, statistics and the audit.

A pure core: it reads no files and talks to no database or network. Adapters hand it an
`Instance`, a `RuleConfig`, a `DistanceSource` and a seed, and get a `PlacementResult` back.
"""

from huvudman.placement.audit import AuditReport
from huvudman.placement.config import ConfigError, RuleConfig, parse_config
from huvudman.placement.distance import DistanceSource, StraightLineDistances
from huvudman.placement.engine import PlacementResult, place
from huvudman.placement.model import Child, Instance, School
from huvudman.placement.priorities import MissingPriority

__all__ = [
    "AuditReport",
    "Child",
    "ConfigError",
    "DistanceSource",
    "Instance",
    "MissingPriority",
    "PlacementResult",
    "RuleConfig",
    "School",
    "StraightLineDistances",
    "parse_config",
    "place",
]
