"""Governance: deviations along the chain of command (and later inspections, evaluation,
support measures)."""
