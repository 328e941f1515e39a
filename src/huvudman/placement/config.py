"""A municipality's placement rules, as declared in its TOML file.

The rule chain is an ordered list of rule names; the first rule that separates two applicants
decides between them. Parsing takes an already-loaded mapping, so this module reads no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from huvudman.placement.mechanisms.registry import DEFAULT_MECHANISM, MECHANISM_NAMES

#: Rules that put a child in a priority group (has it or not).
GROUP_RULES = ("special_reasons", "protected", "only_school_near_home", "sibling", "guarantee")
#: Rules that order children by a number.
ORDER_RULES = ("proximity", "distance", "lottery")
ALL_RULES = GROUP_RULES + ORDER_RULES

FALLBACKS = ("nearest", "none")

#: The most places a school may offer in one year group (more is a typing error).
MAX_PLACES = 10_000

#: Kinds of special reasons (särskilda skäl) an officer may approve; words in the catalogs.
SPECIAL_REASON_CATEGORIES = ("medical", "social", "special_needs", "other")

#: The rule written in placements.csv for each rule of the chain (DESIGN.md's fixed vocabulary).
CONTRACT_RULE = {
    "special_reasons": "special_reasons",
    "protected": "special_reasons",
    "only_school_near_home": "proximity",
    "sibling": "sibling",
    "guarantee": "proximity",
    "proximity": "proximity",
    "distance": "distance",
    "lottery": "lottery",
    "explicit": "explicit",
}


class ConfigError(ValueError):
    """The rule configuration is not valid; the message says which key and why."""


@dataclass(frozen=True)
class SiblingRule:
    """Sibling priority: an older sibling attends and continues at the school."""

    grades: tuple[str, ...] = ()  # empty: every grade
    max_distance_m: float = 0.0  # 0: no distance limit


@dataclass(frozen=True)
class ProximityRule:
    """Relative proximity; the alternative school is the nearest one, or the guarantee school."""

    alternative: str = "nearest"  # "nearest" | "guarantee"
    guarantee_candidates: int = 25  # nearest schools considered per child in the guarantee plan


@dataclass(frozen=True)
class NearHomeRule:
    """Priority at the only school within a radius of home."""

    radius_m: float = 2000.0


@dataclass(frozen=True)
class BarrierRule:
    """Barriers not crossed by a fallback placement unless the family chose a school across.

    `osm` names OSM tags whose ways are barriers (e.g. `waterway=river`), read from the street
    map; `lines` are barriers given directly, each a list of (lat, lon) points.
    """

    osm: tuple[str, ...] = ()
    lines: tuple[tuple[tuple[float, float], ...], ...] = ()

    @property
    def enabled(self) -> bool:
        """True when any barrier is declared."""
        return bool(self.osm or self.lines)


GRADES = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9")


@dataclass(frozen=True)
class GuaranteedDistance:
    """The right to a school within a route distance, by grade band (e.g. F–3: 2 km)."""

    limits_m: tuple[tuple[str, float], ...] = ()  # (grade, metres) for every grade covered

    def limit_for(self, grade: str) -> float | None:
        """The guaranteed distance for a grade, if one is declared."""
        return dict(self.limits_m).get(grade)


@dataclass(frozen=True)
class RuleConfig:
    """Everything that decides a placement besides the data and the seed."""

    municipality: str = "huvudman"
    description: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    grade: str = ""
    start_date: str = ""  # ISO date the school year starts, for the letters
    chain: tuple[str, ...] = ("special_reasons", "sibling", "proximity", "distance", "lottery")
    sibling: SiblingRule = field(default_factory=SiblingRule)
    proximity: ProximityRule = field(default_factory=ProximityRule)
    near_home: NearHomeRule = field(default_factory=NearHomeRule)
    barriers: BarrierRule = field(default_factory=BarrierRule)
    guaranteed_distance: GuaranteedDistance = field(default_factory=GuaranteedDistance)
    mechanism: str = DEFAULT_MECHANISM
    fallback: str = "nearest"
    distance_resolution_m: float = 1.0

    def with_overrides(self, **changes: Any) -> RuleConfig:
        """A copy with some top-level settings replaced (e.g. mechanism from the command line)."""
        clean = {k: v for k, v in changes.items() if v is not None}
        return validate(replace(self, **clean))

    def as_dict(self) -> dict[str, Any]:
        """A plain, stable mapping of the configuration, for the run record."""
        return {
            "municipality": self.municipality,
            "description": self.description,
            "contact_phone": self.contact_phone,
            "contact_email": self.contact_email,
            "grade": self.grade,
            "start_date": self.start_date,
            "chain": list(self.chain),
            "sibling": {
                "grades": list(self.sibling.grades),
                "max_distance_m": self.sibling.max_distance_m,
            },
            "proximity": {
                "alternative": self.proximity.alternative,
                "guarantee_candidates": self.proximity.guarantee_candidates,
            },
            "only_school_near_home": {"radius_m": self.near_home.radius_m},
            "guaranteed_distance_m": dict(self.guaranteed_distance.limits_m),
            "barriers": {
                "osm": list(self.barriers.osm),
                "lines": [[list(p) for p in line] for line in self.barriers.lines],
            },
            "mechanism": self.mechanism,
            "fallback": self.fallback,
            "distance_resolution_m": self.distance_resolution_m,
        }


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"[{key}] must be a table")
    return value


def _number(section: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{where}.{key} must be a non-negative number, got {value!r}")
    return float(value)


def parse_config(data: Mapping[str, Any]) -> RuleConfig:
    """Build a `RuleConfig` from a TOML-shaped mapping, rejecting unknown or bad settings."""
    known = {"municipality", "cohort", "rules", "mechanism"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"unknown section(s): {', '.join(sorted(unknown))}")
    muni = _section(data, "municipality")
    cohort = _section(data, "cohort")
    rules = _section(data, "rules")
    mech = _section(data, "mechanism")
    chain = rules.get("chain", list(RuleConfig.chain))
    if not isinstance(chain, list) or not all(isinstance(r, str) for r in chain):
        raise ConfigError("rules.chain must be a list of rule names")
    sib = _section(rules, "sibling")
    grades = sib.get("grades", [])
    if not isinstance(grades, list):
        raise ConfigError("rules.sibling.grades must be a list of grades, e.g. [\"F\"]")
    prox = _section(rules, "proximity")
    near = _section(rules, "only_school_near_home")
    barriers = _barriers(_section(rules, "barriers"))
    guaranteed = _guaranteed(_section(rules, "guaranteed_distance"))
    config = RuleConfig(
        municipality=str(muni.get("name", RuleConfig.municipality)),
        description=str(muni.get("description", "")),
        contact_phone=str(muni.get("phone", "")),
        contact_email=str(muni.get("email", "")),
        grade=str(cohort.get("grade", "")),
        start_date=_iso_date(cohort.get("start_date", "")),
        chain=tuple(chain),
        sibling=SiblingRule(
            grades=tuple(str(g) for g in grades),
            max_distance_m=_number(sib, "max_distance_m", "rules.sibling", 0.0),
        ),
        proximity=ProximityRule(
            alternative=str(prox.get("alternative", "nearest")),
            guarantee_candidates=int(
                _number(prox, "guarantee_candidates", "rules.proximity", 25)
            ),
        ),
        near_home=NearHomeRule(
            radius_m=_number(near, "radius_m", "rules.only_school_near_home", 2000.0)
        ),
        barriers=barriers,
        guaranteed_distance=guaranteed,
        mechanism=str(mech.get("name", RuleConfig.mechanism)),
        fallback=str(mech.get("fallback", RuleConfig.fallback)),
        distance_resolution_m=_number(rules, "distance_resolution_m", "rules", 1.0),
    )
    return validate(config)


def _guaranteed(section: Mapping[str, Any]) -> GuaranteedDistance:
    """Bands such as `"F-3" = 2000`, `"4-6" = 4000`, or single grades such as `"7" = 6000`."""
    limits: dict[str, float] = {}
    for band, metres in section.items():
        first, _, last = str(band).partition("-")
        last = last or first
        if first not in GRADES or last not in GRADES or GRADES.index(first) > GRADES.index(last):
            raise ConfigError(f"rules.guaranteed_distance: {band!r} is not a grade band like "
                              '"F-3" or "7"')
        if isinstance(metres, bool) or not isinstance(metres, int | float) or metres <= 0:
            raise ConfigError(f"rules.guaranteed_distance.{band} must be metres above zero")
        for grade in GRADES[GRADES.index(first):GRADES.index(last) + 1]:
            limits[grade] = float(metres)
    return GuaranteedDistance(tuple(sorted(limits.items(), key=lambda kv: GRADES.index(kv[0]))))


def _iso_date(value: Any) -> str:
    import datetime as dt

    if value in ("", None):
        return ""
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ConfigError(f"cohort.start_date must be a date like 2027-08-17, got {value!r}") \
            from None


def _barriers(section: Mapping[str, Any]) -> BarrierRule:
    osm = section.get("osm", [])
    if not isinstance(osm, list) or not all(isinstance(t, str) and "=" in t for t in osm):
        raise ConfigError('rules.barriers.osm must be a list of "key=value" tags')
    lines = section.get("lines", [])
    try:
        parsed = tuple(tuple((float(p[0]), float(p[1])) for p in line) for line in lines)
    except (TypeError, ValueError, IndexError):
        raise ConfigError("rules.barriers.lines must be lists of [lat, lon] points") from None
    if any(len(line) < 2 for line in parsed):
        raise ConfigError("each line in rules.barriers.lines needs at least two points")
    return BarrierRule(osm=tuple(osm), lines=parsed)


def validate(config: RuleConfig) -> RuleConfig:
    """Check that the rule chain and settings make sense together; return the config."""
    chain = config.chain
    for rule in chain:
        if rule not in ALL_RULES:
            known = ", ".join(ALL_RULES)
            raise ConfigError(f"unknown rule {rule!r} in rules.chain; known: {known}")
    if len(set(chain)) != len(chain):
        raise ConfigError("rules.chain names a rule twice")
    if not chain or chain[-1] != "lottery":
        raise ConfigError("rules.chain must end with \"lottery\", the final tie-break")
    if config.proximity.alternative not in ("nearest", "guarantee"):
        raise ConfigError("rules.proximity.alternative must be \"nearest\" or \"guarantee\"")
    if config.proximity.alternative == "guarantee" and chain[0] != "guarantee":
        raise ConfigError(
            "with rules.proximity.alternative = \"guarantee\" the chain must start with "
            "\"guarantee\": a child applying to its guarantee school is always admitted there"
        )
    if "guarantee" in chain and config.proximity.alternative != "guarantee":
        raise ConfigError("rule \"guarantee\" needs rules.proximity.alternative = \"guarantee\"")
    if config.proximity.guarantee_candidates < 1:
        raise ConfigError("rules.proximity.guarantee_candidates must be at least 1")
    if config.mechanism not in MECHANISM_NAMES:
        raise ConfigError(f"mechanism.name must be one of {', '.join(MECHANISM_NAMES)}")
    if config.fallback not in FALLBACKS:
        raise ConfigError(f"mechanism.fallback must be one of {', '.join(FALLBACKS)}")
    if config.distance_resolution_m <= 0:
        raise ConfigError("rules.distance_resolution_m must be positive")
    return config
