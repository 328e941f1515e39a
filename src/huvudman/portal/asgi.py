"""The portal as an ASGI application for servers started by import path (several worker
processes): `uvicorn huvudman.portal.asgi:app --workers 2`. Reads $DATABASE_URL,
$HUVUDMAN_DATA_DIR and $HUVUDMAN_SECRET_KEY (shared by the workers, so sessions hold)."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from huvudman.portal.serve import prepare

app, _url = prepare(Path(os.environ.get("HUVUDMAN_DATA_DIR", "huvudman-data")),
                    Console(quiet=True))
