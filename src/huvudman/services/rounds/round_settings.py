"""How a round is placed, set by staff in the portal: the municipality's rule chain (one of the
shipped presets), the mechanism, the fallback, and each school's places. Every change is
audited with what it was before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.datafiles.rules import DEFAULT_PRESET, load_rules, preset_names
from huvudman.placement.config import FALLBACKS, MAX_PLACES, SPECIAL_REASON_CATEGORIES
from huvudman.placement.mechanisms.registry import MECHANISM_NAMES
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import RoundSetting, School, User
from huvudman.words.messages import BAD_CAPACITY, UNKNOWN_RULES

__all__ = ["FALLBACKS", "MECHANISM_NAMES", "SPECIAL_REASON_CATEGORIES", "RoundRules",
           "presets", "round_rules", "save_round_rules"]


@dataclass(frozen=True)
class RoundRules:
    """The rules a round's next run will use."""

    preset: str
    mechanism: str
    fallback: str

    @property
    def label(self) -> str:
        """One line for the run list: preset · mechanism · fallback."""
        return f"{self.preset} · {self.mechanism} · {self.fallback}"

    @classmethod
    def from_label(cls, label: str) -> RoundRules:
        """The rules a run's `label` names (names never hold " · ")."""
        preset, mechanism, fallback = label.split(" · ")
        return cls(preset, mechanism, fallback)


@dataclass(frozen=True)
class PresetSummary:
    """A rule-chain preset as staff choose it."""

    name: str
    chain: tuple[str, ...]
    description: str


def presets() -> list[PresetSummary]:
    """The shipped rule-chain presets."""
    return [PresetSummary(name, cfg.chain, cfg.description)
            for name in preset_names() for cfg in [load_rules(name)]]


def round_rules(session: Session, round_name: str) -> RoundRules:
    """The round's rules as set, else the default preset's own mechanism and fallback."""
    row = session.get(RoundSetting, round_name)
    if row is not None:
        return RoundRules(row.preset, row.mechanism, row.fallback)
    cfg = load_rules(DEFAULT_PRESET)
    return RoundRules(DEFAULT_PRESET, cfg.mechanism, cfg.fallback)


def save_round_rules(session: Session, user: User, round_name: str, rules: RoundRules,
                     capacities: dict[str, str], now: datetime) -> list[str]:
    """Store the round's rules and the schools' places; returns what changed, in words.

    Nothing is stored when any value is invalid.
    """
    if (rules.preset not in preset_names() or rules.mechanism not in MECHANISM_NAMES
            or rules.fallback not in FALLBACKS):
        raise NotAllowed(UNKNOWN_RULES)
    schools = {s.school_id: s for s in session.scalars(select(School))}
    places: dict[str, int] = {}
    for sid, text in capacities.items():
        if sid not in schools:
            continue
        try:
            value = int(text.strip())
        except ValueError:
            raise NotAllowed(BAD_CAPACITY) from None
        if not 0 <= value <= MAX_PLACES:
            raise NotAllowed(BAD_CAPACITY)
        places[sid] = value
    changes = []
    before = round_rules(session, round_name)
    if rules != before:
        changes.append(f"rules {before.label} → {rules.label}")
    row = session.get(RoundSetting, round_name)
    if row is None:
        row = RoundSetting(round=round_name)
        session.add(row)
    row.preset, row.mechanism, row.fallback = rules.preset, rules.mechanism, rules.fallback
    row.updated_at, row.updated_by = now, user.id
    for sid, value in sorted(places.items()):
        if schools[sid].capacity != value:
            changes.append(f"places at {sid} {schools[sid].capacity} → {value}")
            schools[sid].capacity = value
    if changes:
        audit_log.record(session, user.email, "change_round_settings", f"round:{round_name}",
                         "; ".join(changes))
    return changes
