"""Dialogue with guardians: feedback and its deadlines (a pure core)."""
