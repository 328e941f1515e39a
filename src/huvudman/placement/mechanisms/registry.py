"""Every matching mechanism huvudman offers and what it promises, defined once: configuration,
command line, audit, forecast and portal all read this table (their words live in the
catalogs, keyed by `name`)."""

from __future__ import annotations

from dataclasses import dataclass

from huvudman.placement.mechanisms import Mechanism
from huvudman.placement.mechanisms.deferred_acceptance import deferred_acceptance
from huvudman.placement.mechanisms.immediate_acceptance import immediate_acceptance
from huvudman.placement.mechanisms.top_trading_cycles import (
    top_trading_cycles,
    top_trading_cycles_applicants,
)


@dataclass(frozen=True)
class MechanismFacts:
    """A mechanism and its properties as the literature establishes them."""

    name: str
    run: Mechanism
    #: No child loses a place to a child with weaker priority (no justified envy).
    stable: bool
    #: Ranking schools in one's true order of preference is always safe for a family.
    strategy_proof: bool
    #: A family can be promised a school for certain before the run (the forecast's worst case).
    promises_certain_school: bool
    #: The default a municipality is advised to use.
    recommended: bool = False
    #: Needs every child's priority at every school (`run` takes `school_order`), not only
    #: the applicants' — the literature's top trading cycles.
    full_priorities: bool = False

    @property
    def not_promised(self) -> frozenset[str]:
        """Audit checks this mechanism does not promise: failing them is information."""
        return frozenset() if self.stable else frozenset({"no_justified_envy"})


REGISTRY: dict[str, MechanismFacts] = {
    m.name: m for m in (
        MechanismFacts("deferred-acceptance", deferred_acceptance, stable=True,
                       strategy_proof=True, promises_certain_school=True, recommended=True),
        MechanismFacts("top-trading-cycles", top_trading_cycles, stable=False,
                       strategy_proof=True, promises_certain_school=False,
                       full_priorities=True),
        MechanismFacts("immediate-acceptance", immediate_acceptance, stable=False,
                       strategy_proof=False, promises_certain_school=False),
        # schools point only to their applicants: not the literature's mechanism (see
        # top_trading_cycles.py), kept for comparison under its own name
        MechanismFacts("top-trading-cycles-applicants", top_trading_cycles_applicants,
                       stable=False, strategy_proof=False, promises_certain_school=False),
    )
}
#: The mechanisms' names, in the order they are offered.
MECHANISM_NAMES = tuple(REGISTRY)
DEFAULT_MECHANISM = next(m.name for m in REGISTRY.values() if m.recommended)


def mechanism(name: str) -> MechanismFacts:
    """The facts of a mechanism by its contract name (KeyError for an unknown one)."""
    return REGISTRY[name]
