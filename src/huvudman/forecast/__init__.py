"""Forecast: "what are my chances?" before a family chooses (a pure core).

Monte Carlo over what is unknown before the deadline — the lottery and the other families'
choices, resampled from last year's cohort district by district — with capacities known.
"""

from huvudman.forecast.chances import Chances, SchoolChance, summarise, wilson_interval
from huvudman.forecast.simulation import SimulationResult, Simulator

__all__ = [
    "Chances",
    "SchoolChance",
    "SimulationResult",
    "Simulator",
    "summarise",
    "wilson_interval",
]
