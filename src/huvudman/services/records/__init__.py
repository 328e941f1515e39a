"""Keeping the municipality's records: backups, retention (gallring), a person's records."""
