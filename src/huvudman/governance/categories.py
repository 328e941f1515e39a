"""A municipality's own kinds of deviation, configured beside the law's: read from a plain
table (a TOML file's `[[category]]` entries), checked, and added to the built-in ones.

The rules: a new kind names its chain of command (the school's by default), its deadlines in
hours or working days, whether it is sensitive, and its name in Swedish (and other languages).
A built-in kind may be given other deadlines — but a kind with a legal basis only shorter ones,
and never another chain. Pure: mappings in, categories or a refusal (with the entry and the
key that was wrong) out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from huvudman.governance.deviations import (
    CATEGORIES,
    DATA_CHAIN,
    PLACEMENT_CHAIN,
    SCHOOL_CHAIN,
    Category,
    Deadline,
)
from huvudman.workdays import HOURS, WORKING_DAYS

#: The chains a kind may use, by the name a file gives.
CHAINS = {"school": SCHOOL_CHAIN, "placement": PLACEMENT_CHAIN, "administration": DATA_CHAIN}
_DEADLINE = re.compile(r"^\s*(\d{1,3})\s*(hours?|working[ _]days?)\s*$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{2,39}$")
#: The longest deadline a file may set (a typing error beyond it).
_MOST = {HOURS: 720, WORKING_DAYS: 120}


class BadCategory(ValueError):
    """A configured kind that cannot be used: which entry (from 1), which key, and why (a code
    the catalogs name)."""

    def __init__(self, entry: int, key: str, code: str) -> None:
        super().__init__(f"category {entry}, {key}: {code}")
        self.entry, self.key, self.code = entry, key, code


@dataclass(frozen=True)
class Configured:
    """The kinds in force: every category (built-in and the municipality's), and the names of
    the municipality's own, by language ("sv" at least)."""

    categories: dict[str, Category]
    names: dict[str, dict[str, tuple[str, str]]]  # code → language → (name, description)


def deadline(text: object) -> Deadline:
    """'24 hours' or '5 working days' as a deadline."""
    found = _DEADLINE.match(str(text)) if isinstance(text, str) else None
    if not found:
        raise ValueError("bad_deadline")
    unit = HOURS if found.group(2).startswith("hour") else WORKING_DAYS
    amount = int(found.group(1))
    if not 1 <= amount <= _MOST[unit]:
        raise ValueError("bad_deadline")
    return Deadline(amount, unit)


def configure(entries: Sequence[Mapping[str, object]],
              builtins: Mapping[str, Category] = CATEGORIES) -> Configured:
    """The built-in kinds with the entries applied (new kinds added, built-in deadlines
    changed as the rules allow)."""
    categories = dict(builtins)
    names: dict[str, dict[str, tuple[str, str]]] = {}
    for k, entry in enumerate(entries, start=1):
        code = entry.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            raise BadCategory(k, "code", "bad_code")
        if code in builtins:
            categories[code] = _changed(k, builtins[code], entry)
            continue
        if code in names:
            raise BadCategory(k, "code", "twice")
        chain = entry.get("chain", "school")
        if not isinstance(chain, str) or chain not in CHAINS:
            raise BadCategory(k, "chain", "unknown_chain")
        respond, resolve = _deadline(k, entry, "respond"), _deadline(k, entry, "resolve")
        if respond is None or resolve is None:
            raise BadCategory(k, "respond" if respond is None else "resolve", "bad_deadline")
        sensitive = entry.get("sensitive", False)
        if not isinstance(sensitive, bool):
            raise BadCategory(k, "sensitive", "not_yes_or_no")
        categories[code] = Category(code, CHAINS[chain], respond, resolve, sensitive=sensitive)
        names[code] = _names(k, entry)
    return Configured(categories, names)


def _changed(k: int, built: Category, entry: Mapping[str, object]) -> Category:
    if set(entry) - {"code", "respond", "resolve"}:
        raise BadCategory(k, sorted(set(entry) - {"code", "respond", "resolve"})[0],
                          "built_in")
    changed = built
    for key in ("respond", "resolve"):
        new = _deadline(k, entry, key)
        if new is None:
            continue
        if built.legal and _longer(new, getattr(built, key)):
            raise BadCategory(k, key, "longer_than_the_law")
        changed = replace(changed, **{key: new})
    return changed


def _deadline(k: int, entry: Mapping[str, object], key: str) -> Deadline | None:
    if key not in entry:
        return None
    try:
        return deadline(entry[key])
    except ValueError:
        raise BadCategory(k, key, "bad_deadline") from None


def _longer(new: Deadline, old: Deadline) -> bool:
    """Whether `new` may end later than `old` (hours against working days: a working day
    counted as 24 hours, a weekend as none — the generous reading)."""
    hours = {HOURS: 1, WORKING_DAYS: 24}
    return new.amount * hours[new.unit] > old.amount * hours[old.unit]


def _names(k: int, entry: Mapping[str, object]) -> dict[str, tuple[str, str]]:
    name, about = entry.get("name"), entry.get("about", {})
    if not isinstance(name, Mapping) or not isinstance(name.get("sv"), str) \
            or not name["sv"].strip():
        raise BadCategory(k, "name.sv", "name_needed")
    if not isinstance(about, Mapping):
        raise BadCategory(k, "about", "bad_text")
    out = {}
    for lang, text in name.items():
        if not isinstance(text, str) or not text.strip() or len(text) > 80:
            raise BadCategory(k, f"name.{lang}", "bad_text")
        description = about.get(lang, "")
        if not isinstance(description, str) or len(description) > 300:
            raise BadCategory(k, f"about.{lang}", "bad_text")
        out[str(lang)] = (text.strip(), description.strip())
    return out
