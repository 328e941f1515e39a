"""The portal's background work every few minutes, without anyone opening a page: escalate
overdue deviations, tell the inspection countdown, remind and escalate feedback deadlines, and
send the outbox's mail (each worker process does it; the database keeps two sweeps from doing
any of it twice)."""

from __future__ import annotations

import logging

import anyio
from anyio import to_thread

from huvudman.services.dialogue.feedback import sweep_now as feedback_sweep_now
from huvudman.services.governance.deviation_cases import sweep_now
from huvudman.services.governance.inspection_reminders import remind_now
from huvudman.services.notify import family_mail
from huvudman.services.notify.outbox import MailServer, send_pending

log = logging.getLogger("huvudman.sweeper")


def _family_reminders(settings):
    """The families' reminders before the deadline, as the other sweeps are called."""
    def work(make_session, now):
        return family_mail.remind_now(make_session, settings.round_name, settings.deadline,
                                      settings.sender(), now)
    return work


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
        for work, name in ((remind_now, "inspection reminders"),
                           (feedback_sweep_now, "feedback deadlines"),
                           (_family_reminders(settings), "reminders to families")):
            try:
                await to_thread.run_sync(work, app.state.sessions, settings.current_time())
            except Exception:
                log.exception("%s failed; trying again in %s s", name, settings.sweep_seconds)
        try:
            sent, failed = await to_thread.run_sync(send_pending, app.state.sessions,
                                                    MailServer.from_environment(),
                                                    settings.current_time())
        except Exception:
            log.exception("sending mail failed; the messages wait in the outbox")
            continue
        if sent or failed:
            log.info("mail: %d sent, %d to try again", sent, failed)
