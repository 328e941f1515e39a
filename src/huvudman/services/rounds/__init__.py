"""Placement rounds: runs from files or the portal, rules, comparison, statistics."""
