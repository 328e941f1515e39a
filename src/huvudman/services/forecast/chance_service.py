"""Chances for the portal: a family's list against last year's cohort. The cohort's cutoffs are
simulated once at start-up, so each question takes milliseconds (forecast.instant); with the
guarantee rule, which depends on the whole cohort, each question simulates the family inside
it instead (the same engine as `huvudman forecast`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from huvudman.datafiles.inputs import read_instance
from huvudman.forecast import Chances, Simulator, summarise
from huvudman.forecast.instant import InstantChances
from huvudman.forecast.risk import HIGH_RISK
from huvudman.geo import project_instance
from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import StraightLineDistances
from huvudman.placement.model import Child, Instance
from huvudman.services.streets.distance_sources import straight_distances


@dataclass(frozen=True)
class ListChances:
    """What the portal shows beside a list being built."""

    chances: Chances
    school_ids: list[str]
    warn: bool


class ChanceService:
    """Answers "what are my chances" from last year's cohort (schools.csv + children.csv)."""

    def __init__(self, schools: Path, last_year: Path, config: RuleConfig,
                 simulations: int = 300) -> None:
        self.cohort: Instance = read_instance(schools, last_year)
        self.config = config
        self.simulations = simulations
        self.instant = None
        if "guarantee" not in config.chain:
            self.instant = InstantChances(self.cohort, config, straight_distances(self.cohort),
                                          simulations)

    def chances(self, lat: float, lon: float, school_ids: list[str],
                siblings: list[str] = ()) -> ListChances | None:
        """Chances at each listed school (None for an empty or unknown list)."""
        ids = [s for s in school_ids if s in self.cohort.school_index]
        if not ids or len(ids) != len(school_ids) or len(set(ids)) != len(ids):
            return None
        sib = tuple(s for s in siblings if s in self.cohort.school_index)
        family = Child("(family)", lat, lon, tuple(ids), sib)
        if self.instant is not None:
            alone = Instance.build(self.cohort.schools, [family])
            chances = self.instant.chances(family, StraightLineDistances(*project_instance(alone)))
        else:
            full = self.cohort.with_child(family)
            result = Simulator(full, self.config, straight_distances(full)).run(
                self.simulations, seed=1)
            chances = summarise(result, [full.school_index[s] for s in ids])
        return ListChances(chances, ids, chances.none_of_listed > HIGH_RISK)
