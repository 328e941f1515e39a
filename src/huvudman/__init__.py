"""huvudman: fair, explainable school placement for Swedish municipalities."""

__version__ = "0.1.0"
