"""Decisions a municipality can stand behind (pure): when a run's decisions may be published,
and the states of a decision and an appeal. Facts in, codes and dates out."""
