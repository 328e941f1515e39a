"""Streets: OpenStreetMap → walking network → exact walking distances and routes.

The graph search, snapping and distance matrix are pure (numpy/scipy); reading OSM files with
pyosmium is the adapter in `osm_reader`.
"""
