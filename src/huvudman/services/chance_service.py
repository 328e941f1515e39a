"""Chances for the portal: a family's list against last year's cohort, a few hundred simulated
placements per question (the same engine as `huvudman forecast`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from huvudman.datafiles.inputs import read_instance
from huvudman.forecast import Chances, Simulator, summarise
from huvudman.forecast.risk import HIGH_RISK
from huvudman.placement.config import RuleConfig
from huvudman.placement.model import Child, Instance
from huvudman.services.distance_sources import straight_distances


@dataclass(frozen=True)
class ListChances:
    """What the portal shows beside a list being built."""

    chances: Chances
    school_ids: list[str]
    warn: bool


class ChanceService:
    """Answers "what are my chances" from last year's cohort (schools.csv + children.csv)."""

    def __init__(self, schools: Path, last_year: Path, config: RuleConfig,
                 simulations: int = 200) -> None:
        self.cohort: Instance = read_instance(schools, last_year)
        self.config = config
        self.simulations = simulations

    def chances(self, lat: float, lon: float, school_ids: list[str],
                siblings: list[str] = ()) -> ListChances | None:
        """Chances at each listed school (None for an empty or unknown list)."""
        ids = [s for s in school_ids if s in self.cohort.school_index]
        if not ids or len(ids) != len(school_ids):
            return None
        sib = tuple(s for s in siblings if s in self.cohort.school_index)
        full = self.cohort.with_child(Child("(family)", lat, lon, tuple(ids), sib))
        result = Simulator(full, self.config, straight_distances(full)).run(self.simulations,
                                                                            seed=1)
        chances = summarise(result, [full.school_index[s] for s in ids])
        return ListChances(chances, ids, chances.none_of_listed > HIGH_RISK)
