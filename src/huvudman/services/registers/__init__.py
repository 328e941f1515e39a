"""Registers staff import: schools and the population register."""
