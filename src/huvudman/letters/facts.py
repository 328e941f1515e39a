"""The facts of one child's letter, taken from the run record as it was written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from huvudman.decisions.appeals import NO_APPEAL, route_for

Row = Mapping[str, str]


def _num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


@dataclass(frozen=True)
class ChoiceFacts:
    """One school the guardians chose, and how the child stood there."""

    rank: int
    school_id: str
    name: str
    outcome: str  # admitted | refused | not_needed
    distance_m: float | None
    group: str  # the child's priority group there ("" for none)
    proximity_m: float | None
    lottery: float | None
    position: int  # the child's place in the school's priority order
    capacity: int
    applicants: int
    refused: int
    admitted_by_group: dict[str, int] = field(default_factory=dict)
    decided_by: str = ""  # the rule where the line fell ("" when nobody was refused)
    cutoff_group: str = ""
    cutoff_proximity_m: float | None = None
    cutoff_distance_m: float | None = None
    cutoff_lottery: float | None = None
    cutoff_explicit_rank: int | None = None
    in_priority_order: bool = True


@dataclass(frozen=True)
class LetterFacts:
    """Everything one letter says, for one child."""

    child_id: str
    protected: bool
    municipality: str
    contact_phone: str
    contact_email: str
    grade: str
    start_date: str
    school_id: str
    school_name: str
    choice_rank: int  # 0: not a chosen school
    rule: str  # contract vocabulary
    decided_by: str
    reason: str  # why a fallback or no place
    distance_m: float | None
    distance_kind: str
    choices: list[ChoiceFacts]
    seed: int
    inputs_sha256: str
    lottery: float | None
    rules: tuple[str, ...] = ()
    # what the register and the portal know beside the run record (the command line has none
    # of it and names the child by id): the child's name and personnummer, the decision's
    # date and reference number, who decided it, and the office to contact
    child_name: str = ""
    personnummer: str = ""
    decided_on: str = ""
    reference: str = ""
    decided_by_name: str = ""
    office: str = ""
    # the school relative proximity is measured against where a school is farther than it
    # (the child's nearest school, or its guarantee school when the rules say so)
    compared_with: str = ""
    # the school the rule chain would give the child whatever others chose ("" when the
    # rules promise none)
    guarantee_school: str = ""
    # the school nearest the child's home, by the run's distance ("" when unknown)
    nearest_school: str = ""
    # the guardians saved a list that never counted (not all of them confirmed it): the
    # portal knows it, the run record holds no choices for such a child
    list_not_counted: bool = False

    @property
    def higher_choices(self) -> list[ChoiceFacts]:
        """The chosen schools ranked above the one the child got (all of them when none)."""
        return [c for c in self.choices if self.choice_rank == 0 or c.rank < self.choice_rank]


def _groups(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in filter(None, text.split(";")):
        name, _, n = item.partition("=")
        out[name] = int(n)
    return out


def letter_facts(
    child_id: str,
    placement: Row,
    explanation: Row,
    applications: Sequence[Row],
    cutoffs: Mapping[str, Row],
    school_names: Mapping[str, str],
    run: Mapping,
    config: Mapping,
) -> LetterFacts:
    """Assemble a letter's facts from the rows the run record holds for one child."""
    choices = []
    for app in sorted(applications, key=lambda r: int(r["choice_rank"])):
        cut = cutoffs[app["school_id"]]
        choices.append(ChoiceFacts(
            rank=int(app["choice_rank"]),
            school_id=app["school_id"],
            name=school_names.get(app["school_id"], app["school_id"]),
            outcome=app["outcome"],
            distance_m=_num(app["distance_m"]),
            group=app["group"],
            proximity_m=_num(app["proximity_m"]),
            lottery=_num(app["lottery"]),
            position=int(app["priority_position"]),
            capacity=int(cut["capacity"]),
            applicants=int(cut["applicants"]),
            refused=int(cut["refused"]),
            admitted_by_group=_groups(cut.get("admitted_by_group", "")),
            decided_by=cut["decided_by"],
            cutoff_group=cut["cutoff_group"],
            cutoff_proximity_m=_num(cut["cutoff_proximity_m"]),
            cutoff_distance_m=_num(cut["cutoff_distance_m"]),
            cutoff_lottery=_num(cut["cutoff_lottery"]),
            cutoff_explicit_rank=int(cut["cutoff_explicit_rank"])
            if cut["cutoff_explicit_rank"] else None,
            in_priority_order=cut["in_priority_order"] == "true",
        ))
    sid = placement["school_id"]
    proximity = config.get("proximity", {})
    alternative = proximity.get("alternative", "") if isinstance(proximity, Mapping) else ""
    compared = (explanation.get("guarantee_school_id") if alternative == "guarantee" else "") \
        or explanation.get("nearest_school_id", "")
    return LetterFacts(
        child_id=child_id,
        protected=explanation.get("protected") == "true",
        municipality=str(config.get("municipality", "")),
        contact_phone=str(config.get("contact_phone", "")),
        contact_email=str(config.get("contact_email", "")),
        grade=str(config.get("grade", "")),
        start_date=str(config.get("start_date", "")),
        school_id=sid,
        school_name=school_names.get(sid, sid),
        choice_rank=int(placement["choice_rank"] or 0),
        rule=placement["rule"],
        decided_by=explanation["decided_by"],
        reason=explanation["reason"],
        distance_m=_num(placement["walking_m"]),
        distance_kind=str(run.get("distance", "straight")),
        choices=choices,
        seed=int(run["seed"]),
        inputs_sha256=str(run["inputs"]["sha256"]),
        lottery=_num(explanation["lottery"]),
        rules=tuple(run.get("rules", ())),
        compared_with=school_names.get(compared, compared),
        guarantee_school=school_names.get(explanation.get("guarantee_school_id", ""),
                                          explanation.get("guarantee_school_id", "")),
        nearest_school=school_names.get(explanation.get("nearest_school_id", ""),
                                        explanation.get("nearest_school_id", "")),
    )


def refused_choice(facts: LetterFacts | None) -> ChoiceFacts | None:
    """The family's highest-ranked school that refused the child (None: none did) — the
    refusal a family appeals."""
    if facts is None:
        return None
    return next((c for c in sorted(facts.choices, key=lambda c: c.rank)
                 if c.outcome == "refused"), None)


def appeal_route(facts: LetterFacts) -> str:
    """The way this child's refusal is appealed (`decisions.appeals`): by the rule that decided
    the last places at the highest refused choice ("" when nothing was refused)."""
    refused = refused_choice(facts)
    return route_for(refused.decided_by or "lottery") if refused else NO_APPEAL
