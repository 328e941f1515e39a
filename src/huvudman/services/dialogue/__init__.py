"""Dialogue with guardians: feedback, disruption notices."""
