"""The portal's background work: escalate overdue deviations every few minutes, without
anyone opening a page (each worker process sweeps; the database keeps two sweeps from
escalating one case twice)."""

from __future__ import annotations

import logging

import anyio
from anyio import to_thread

from huvudman.services.governance.deviation_cases import sweep_now

log = logging.getLogger("huvudman.sweeper")


async def sweep_forever(app) -> None:
    """Sweep every `settings.sweep_seconds` until the portal stops; a failed sweep is logged
    and the next one tried (a database away for a moment loses nothing)."""
    settings = app.state.settings
    while True:
        await anyio.sleep(settings.sweep_seconds)
        try:
            escalated = await to_thread.run_sync(sweep_now, app.state.sessions,
                                                 settings.current_time())
        except Exception:
            log.exception("escalation sweep failed; trying again in %s s",
                          settings.sweep_seconds)
            continue
        if escalated:
            log.info("escalated %d overdue deviation(s)", escalated)
