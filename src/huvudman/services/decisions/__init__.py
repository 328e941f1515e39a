"""Use cases of decisions after publication: appeals (and, to come, corrections)."""
