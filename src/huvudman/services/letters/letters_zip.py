"""A run's letters for the placement officer: every child's PDF letter in one zip file.

Made in the background (about a second per hundred letters) with its progress kept in a small
file beside the run, so the page can show it from any worker process and a restart loses only
the unfinished file; the zip appears whole or not at all. Letters of children with protected
personal data lie in their own folder of the zip: they go through the secure channel, not
the post. Making and fetching the file are in the audit log (it is every family's letter).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from sqlalchemy.orm import Session

from huvudman.letters.catalogs import available
from huvudman.services.letters.letter_run import run_letters, write_letters
from huvudman.store import audit_log
from huvudman.store.models import PlacementRun, User

#: The folder inside the zip for the letters that must not go by post.
SECURE_FOLDER = "protected-identity-secure-channel"
#: A job whose progress has not moved for this long was stopped (a restart, a killed worker).
_STALE_S = 120
_RUNNING: dict[Path, threading.Thread] = {}
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


def start_zip(session: Session, user: User, run: PlacementRun, lang: str,
              now: datetime) -> ZipState:
    """Start making the run's letters in `lang` (nothing new while they are being made)."""
    status = _status_path(run, _checked(lang))
    with _GUARD:
        state = zip_state(run, lang)
        if state.state == "running":
            return state
        _write_status(status, "running", 0, 0)
        job = threading.Thread(target=_make, args=(run.run_dir, lang, zip_path(run, lang),
                                                   status), daemon=True,
                               name=f"letters-{run.id}-{lang}")
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


def _make(run_dir: str, lang: str, target: Path, status: Path) -> None:
    """Write every letter as PDF into a scratch folder, then zip it beside the run."""
    record = Path(run_dir)
    inputs = record.parent / "inputs"
    scratch = Path(tempfile.mkdtemp(prefix=".letters-", dir=target.parent))
    try:
        total = 0

        def written(done: int, of: int) -> None:
            nonlocal total
            total = of
            _write_status(status, "running", done, of)

        code = write_letters(record, lang, "pdf", scratch / "pdf", Console(quiet=True),
                             inputs if inputs.is_dir() else None, workers=1, written=written)
        if code != 0:
            _write_status(status, "failed", 0, total)
            return
        secure = {f.child_id for f in run_letters(record) if f.protected}
        staged = target.with_suffix(".zip.partial")
        with zipfile.ZipFile(staged, "w", zipfile.ZIP_STORED) as archive:
            for pdf in sorted((scratch / "pdf").glob("*.pdf")):
                child = pdf.name.split(".")[0]
                inside = f"{SECURE_FOLDER}/{pdf.name}" if child in secure else pdf.name
                archive.write(pdf, inside)
        staged.replace(target)
        _write_status(status, "ready", total, total)
    except Exception:
        _write_status(status, "failed", 0, 0)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
