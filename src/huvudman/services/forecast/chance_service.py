"""Chances for the portal: a family's list against last year's cohort. The cohort's cutoffs
(and every child's standing everywhere, for the school a family is sure of) are computed once
at start-up, so each question takes milliseconds (forecast.advice); with the guarantee rule,
which depends on the whole cohort, each question simulates the family inside it instead (the
same engine as `huvudman forecast`)."""

from __future__ import annotations

from pathlib import Path

from huvudman.datafiles.inputs import read_instance
from huvudman.forecast.advice import ListAdvice, advise, advise_by_simulation
from huvudman.forecast.certain import CertainSchools
from huvudman.forecast.instant import InstantChances
from huvudman.geo import project_instance
from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import StraightLineDistances
from huvudman.placement.model import Child, Instance
from huvudman.services.streets.distance_sources import straight_distances


class ChanceService:
    """Answers "what are my chances" from last year's cohort (schools.csv + children.csv)."""

    def __init__(self, schools: Path, last_year: Path, config: RuleConfig,
                 simulations: int = 300) -> None:
        self.cohort: Instance = read_instance(schools, last_year)
        self.config = config
        self.simulations = simulations
        self.instant: InstantChances | None = None
        self.certain: CertainSchools | None = None
        if "guarantee" not in config.chain:
            distances = straight_distances(self.cohort)
            self.instant = InstantChances(self.cohort, config, distances, simulations)
            self.certain = CertainSchools(self.cohort, config, distances)

    def knows(self, school_id: str) -> bool:
        """Whether last year's cohort has this school (a new school has no history)."""
        return school_id in self.cohort.school_index

    def school_id(self, index: int) -> str:
        """The id of the cohort's school number `index`."""
        return self.cohort.schools[index].school_id

    def chances(self, lat: float, lon: float, school_ids: list[str],
                siblings: list[str] = ()) -> ListAdvice | None:
        """The advice for a list (None for an empty list, a school listed twice or one the
        cohort does not know)."""
        ids = [s for s in school_ids if self.knows(s)]
        if not ids or len(ids) != len(school_ids) or len(set(ids)) != len(ids):
            return None
        sib = tuple(s for s in siblings if self.knows(s))
        family = Child("(family)", lat, lon, tuple(ids), sib)
        if self.instant is not None:
            alone = Instance.build(self.cohort.schools, [family])
            return advise(self.instant, self.certain, family,
                          StraightLineDistances(*project_instance(alone)))
        full = self.cohort.with_child(family)
        return advise_by_simulation(self.cohort, self.config, family, straight_distances(full),
                                    self.simulations)
