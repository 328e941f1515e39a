"""The demo municipality: its files, the README's main job, the portal's demo data."""
