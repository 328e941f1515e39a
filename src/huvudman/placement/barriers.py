"""Barriers: a river or a motorway that a child is not placed across unless the family asked.

The geometry (which side of the barrier each home and school lies on) is worked out by the
streets capability; here a side is just a label, and the rule is: the fallback school lies on
the child's own side, unless the family chose a school on another side or no school on its own
side has a place left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huvudman.placement.model import Instance


@dataclass(frozen=True)
class Sides:
    """Side labels of every child's home and every school."""

    child: np.ndarray
    school: np.ndarray

    def may_cross(self, instance: Instance) -> np.ndarray:
        """True for children whose families chose a school on another side."""
        owner, school = instance.choices.owner, instance.choices.values
        out = np.zeros(instance.n_children, dtype=bool)
        out[owner[self.school[school] != self.child[owner]]] = True
        return out
