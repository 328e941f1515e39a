"""The demo municipality: a seeded generator of a realistic, entirely synthetic municipality."""

from huvudman.demo.generator import Municipality, generate_municipality

__all__ = ["Municipality", "generate_municipality"]
