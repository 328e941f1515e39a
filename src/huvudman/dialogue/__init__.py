"""Dialogue with guardians (a pure core): what names feedback may show."""
