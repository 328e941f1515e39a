"""Addresses to coordinates: Swedish street addresses read and normalised, an index of a
municipality's address points (its OpenStreetMap extract's `addr:*`), and each address matched
exactly, approximately (with how) or not at all. Pure but for the reader of OSM files."""
