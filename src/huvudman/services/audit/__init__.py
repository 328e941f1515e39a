"""The audit log: checking its hash chain, reading it."""
