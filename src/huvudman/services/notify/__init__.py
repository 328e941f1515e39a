"""Telling people: e-mail through the outbox (and, in the portal, their boards and banners)."""
