"""Distances for placement: straight lines or walks along the street map, barriers."""
