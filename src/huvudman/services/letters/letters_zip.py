"""A run's letters for the placement officer: every family's PDF letter in one zip file, the
same letter the family reads in the portal.

Made in the background (about a second per hundred letters) with its progress kept in a small
file beside the run, so the page can show it from any worker process and a restart loses only
the unfinished file; the zip appears whole or not at all. Letters of children with protected
personal data lie in their own folder of the zip: they go through the secure channel, not
the post. Making and fetching the file are in the audit log (it is every family's letter).
"""

from __future__ import annotations

import json
import logging
import threading
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from huvudman.decisions.appeals import LEGALITY
from huvudman.letters.catalogs import available
from huvudman.letters.compose import compose_letter
from huvudman.letters.facts import LetterFacts
from huvudman.letters.pdf import letter_pdf
from huvudman.runs.reader import read_json
from huvudman.services.decisions.appeals import way_to_appeal
from huvudman.services.letters.family_letter import family_facts
from huvudman.services.letters.letter_routes import LetterRoute, letter_routes
from huvudman.services.rounds.portal_rounds import Sender
from huvudman.store import audit_log
from huvudman.store.models import Child, CorrectionMove, Placement, PlacementRun, User

#: The folder inside the zip for the letters that must not go by post.
SECURE_FOLDER = "protected-identity-secure-channel"
#: A job whose progress has not moved for this long was stopped (a restart, a killed worker).
_STALE_S = 120
_RUNNING: dict[Path, threading.Thread] = {}
_EVERY = 20  # letters between two progress reports
_log = logging.getLogger(__name__)
_GUARD = threading.Lock()


@dataclass(frozen=True)
class ZipState:
    """Where making a run's letters stands: "none" (never made), "running", "ready",
    "failed" or "stopped" (interrupted: it can be started again)."""

    state: str
    done: int = 0
    total: int = 0
    size: int = 0  # bytes of the finished file
    made_at: datetime | None = None

    @property
    def percent(self) -> int:
        """How far along, 0–100."""
        return round(100 * self.done / self.total) if self.total else 0


class UnknownLanguage(ValueError):
    """The letters have no catalog for the language asked for."""


def _folder(run: PlacementRun) -> Path:
    return Path(run.run_dir).parent


def zip_path(run: PlacementRun, lang: str) -> Path:
    """Where the run's letters in `lang` are kept once made."""
    return _folder(run) / f"letters-{lang}.zip"


def _status_path(run: PlacementRun, lang: str) -> Path:
    return _folder(run) / f"letters-{lang}.json"


def _write_status(path: Path, state: str, done: int, total: int) -> None:
    staged = path.with_suffix(".json.partial")
    staged.write_text(json.dumps({"state": state, "done": done, "total": total,
                                  "at": datetime.now(UTC).isoformat()}), encoding="utf-8")
    staged.replace(path)


def _checked(lang: str) -> str:
    if lang not in available():
        raise UnknownLanguage(lang)
    return lang


def zip_state(run: PlacementRun, lang: str) -> ZipState:
    """How far the run's letters in `lang` are made."""
    status = _status_path(run, _checked(lang))
    if not status.is_file():
        return ZipState("none")
    data = json.loads(status.read_text(encoding="utf-8"))
    at = datetime.fromisoformat(data["at"])
    if data["state"] == "ready":
        target = zip_path(run, lang)
        if not target.is_file():
            return ZipState("none")
        return ZipState("ready", data["done"], data["total"], target.stat().st_size, at)
    if data["state"] == "running":
        alive = _RUNNING.get(status)
        moving = (datetime.now(UTC) - at).total_seconds() < _STALE_S
        if not (alive and alive.is_alive()) and not moving:
            return ZipState("stopped", data["done"], data["total"])
    return ZipState(data["state"], data["done"], data["total"])


def start_zip(session: Session, sessions: sessionmaker, user: User, run: PlacementRun,
              lang: str, sender: Sender, school_start: date, now: datetime) -> ZipState:
    """Start making the run's letters in `lang` (nothing new while they are being made). The
    letters are the families' own, as the portal shows them (names, personnummer, the
    decision's date and reference, the round's first school day); the job reads the store
    through its own sessions from `sessions`."""
    status = _status_path(run, _checked(lang))
    with _GUARD:
        state = zip_state(run, lang)
        if state.state == "running":
            return state
        _write_status(status, "running", 0, 0)
        job = threading.Thread(target=_make, args=(sessions, run.id, lang, sender,
                                                   school_start, zip_path(run, lang), status),
                               daemon=True, name=f"letters-{run.id}-{lang}")
        _RUNNING[status] = job
        job.start()
    audit_log.record(session, user.email, "make_letters", f"run:{run.id}", lang, at=now)
    session.commit()
    return zip_state(run, lang)


def read_zip(session: Session, user: User, run: PlacementRun, lang: str,
             now: datetime) -> Path | None:
    """The finished zip of the run's letters (None when not made), its reading audited."""
    if zip_state(run, lang).state != "ready":
        return None
    audit_log.record(session, user.email, "read_letters", f"run:{run.id}", lang, at=now)
    session.commit()
    return zip_path(run, lang)


def _make(sessions: sessionmaker, run_id: int, lang: str, sender: Sender, school_start: date,
          target: Path, status: Path) -> None:
    """Every family's letter as PDF, straight into a zip beside the run (moved in whole)."""
    staged = target.with_suffix(".zip.partial")
    try:
        with sessions() as session:
            run = session.get(PlacementRun, run_id)
            letters = family_letters(session, run, sender, school_start)
        routes = _routes(Path(run.run_dir), letters)
        total = len(letters)
        _write_status(status, "running", 0, total)
        with zipfile.ZipFile(staged, "w", zipfile.ZIP_STORED) as archive:
            for done, (facts, last_day) in enumerate(letters, start=1):
                pdf = letter_pdf(compose_letter(facts, lang, routes.get(facts.child_id),
                                                appeal_last_day=last_day))
                name = f"{facts.child_id}.{lang}.pdf"
                archive.writestr(f"{SECURE_FOLDER}/{name}" if facts.protected else name, pdf)
                if done % _EVERY == 0 or done == total:
                    _write_status(status, "running", done, total)
        staged.replace(target)
        _write_status(status, "ready", total, total)
    except Exception:  # a background job: recorded as failed for the page, and logged
        staged.unlink(missing_ok=True)
        _write_status(status, "failed", 0, 0)
        _log.exception("making the letters of run %s in %s failed", run_id, lang)


def family_letters(session: Session, run: PlacementRun, sender: Sender,
                  school_start: date) -> list[tuple[LetterFacts, date | None]]:
    """The facts of every letter of the run, as its family reads it, with the last day to
    appeal where a printed letter can know it (a legality review counts from the day the
    decisions were published); decisions made by hand are left out (the officer writes
    those letters), and a correction writes only to the children it moved."""
    rows = select(Child, Placement).join(Placement, Placement.child_id == Child.id).where(
        Placement.run_id == run.id)
    if run.corrects is not None:  # a correction: a new decision only for the children moved
        rows = rows.where(Child.id.in_(select(CorrectionMove.child_id).where(
            CorrectionMove.run_id == run.id)))
    placed = session.execute(rows.order_by(Child.child_id)).all()
    out = []
    for child, placement in placed:
        if placement.override_school_id:
            continue
        facts = family_facts(session, run, child, sender, school_start)
        if facts is None:
            continue
        way = way_to_appeal(run, child, placement) if run.published_at else None
        out.append((facts, way.last_day if way and way.route == LEGALITY else None))
    return out


def _routes(record: Path, letters: list[tuple[LetterFacts, date | None]]
            ) -> dict[str, LetterRoute]:
    """The walks to draw, from the run's own inputs (none for a straight-line run, none for
    a child with protected personal data)."""
    run = read_json(record / "run.json")
    inputs = record.parent / "inputs"
    if run.get("distance") != "walking" or not inputs.is_dir():
        return {}
    return letter_routes(run, {f.child_id: f.school_id for f, _day in letters
                               if f.school_id and not f.protected}, inputs)
