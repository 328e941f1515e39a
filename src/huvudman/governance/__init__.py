"""Governance: the chain of command and its roles (a pure core: codes and rules, no words)."""
