"""Chances in milliseconds, for a portal where families try list after list: the cohort's
cutoffs are simulated once; each question only puts the family's standing at its listed
schools on the cohort's scale and compares it with every simulated cutoff (forecast.many)."""

from __future__ import annotations

import numpy as np

from huvudman.forecast.chances import Chances, summarise
from huvudman.forecast.many import family_outcomes, simulate_cutoffs
from huvudman.forecast.simulation import SimulationResult, Simulator
from huvudman.placement.config import RuleConfig
from huvudman.placement.distance import DistanceSource
from huvudman.placement.model import Child, Instance
from huvudman.placement.priorities import compute_priorities, precedence


class InstantChances:
    """Answers "what are my chances" for any family against one cohort."""

    def __init__(self, cohort: Instance, config: RuleConfig, distances: DistanceSource,
                 simulations: int = 300, seed: int = 1) -> None:
        if "guarantee" in config.chain:
            raise ValueError("the guarantee rule depends on the whole cohort: simulate each "
                             "family instead (Simulator)")
        self.cohort = cohort
        self.config = config
        self.simulator = Simulator(cohort, config, distances, families=0)
        self.cutoffs = simulate_cutoffs(self.simulator, simulations, seed,
                                        fallback=config.fallback == "nearest")

    def standing(self, family: Child, distances: DistanceSource
                 ) -> tuple[np.ndarray, np.ndarray]:
        """The family's listed schools and its rule-chain standing at each, on the cohort's
        scale; `distances` measures from the family's home (the one child) to every school."""
        one = Instance.build(self.cohort.schools, [family])
        table = compute_priorities(one, self.config, distances, seed=0)
        pre, _, _ = precedence(table, self.config.distance_resolution_m, self.simulator.scale)
        return table.school, pre

    def chances(self, family: Child, distances: DistanceSource) -> Chances:
        """The family's chances at each listed school; `distances` measures from the family's
        home (the one child) to every school."""
        schools, pre = self.standing(family, distances)
        got = family_outcomes(self.cutoffs, schools[None, :], pre[None, :])[:, 0]
        school = np.where(got >= 0, schools[np.maximum(got, 0)], -1)
        result = SimulationResult(school, np.where(got >= 0, got + 1, 0), self.cutoffs.seed)
        return summarise(result, schools.tolist())
