"""The portal: web pages for guardians and staff (FastAPI, Jinja2, htmx; an adapter over the
services and the store)."""
