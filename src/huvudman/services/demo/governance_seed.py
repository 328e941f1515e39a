"""The demo municipality's governance history: a year of deviations moved through the chain of
command by the same use cases staff use (reported, investigated, acted on, closed with
evidence, some left open and escalated by the sweep), and an injunction of the School
Inspectorate with findings and corrective actions — so `run-demo` shows boards with a past."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from huvudman.services.governance import (
    advisers,
    evaluation,
    indicators,
    inspections,
    management,
    pupil_support,
    support_measures,
)
from huvudman.services.governance import deviation_cases as cases
from huvudman.store.models import User

#: The year of history: from a year before until just before the demo's present.
START = datetime(2025, 12, 1, 7, 0, tzinfo=UTC)
END = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
TITLES = {
    "degrading_treatment": ("Kränkning på rasten", "Elev kallad nedsättande ord i korridoren"),
    "complaint": ("Klagomål på läxhjälpen", "Vårdnadshavare: svar på mejl dröjer"),
    "concern_for_child": ("Oro för elev", "Elev återkommande hungrig och trött"),
    "safety_incident": ("Hot mot personal", "Brandlarm utlöst med avsikt",
                        "Trasigt staket vid cykelstället"),
    "teaching_not_delivered": ("Inställda lektioner i matematik", "Ingen vikarie i slöjd"),
    "support_not_given": ("Extra anpassningar ej genomförda", "Anpassat prov saknades"),
    "work_environment_incident": ("Halkolycka på skolgården",),
}
STEPS = ("start", "cause", "act", "follow_up", "close")


def seed_governance(session: Session, users: dict[str, User], school_ids: list[str],
                    count: int = 240, seed: int = 2026) -> None:
    """A year of deviations (most at the demo principal's school, some elsewhere) and one
    inspection decision with findings and actions."""
    rng = random.Random(seed)
    principal = users["rektor@demo.huvudman.se"]
    head = users["skolchef@demo.huvudman.se"]
    reporters = [users["larare@demo.huvudman.se"], principal, None]
    span = (END - START).total_seconds()
    moments = sorted(START + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    next_sweep = START
    for at in moments:
        while next_sweep <= at:
            cases.sweep(session, next_sweep)
            next_sweep += timedelta(days=1)
        category = rng.choice(sorted(TITLES))
        own = rng.random() < 0.85
        school = principal.school_id if own else rng.choice(school_ids)
        reporter = rng.choice(reporters)
        title = rng.choice(TITLES[category])
        # the demo has one principal: another school's matters are severe ones, which go to
        # the head of schools at once
        severity = rng.choices((1, 2, 3), (6, 3, 1))[0] if own else 3
        made = cases.report_deviation(session, reporter, category, severity, school, title,
                                      f"{title}. (Demo: händelse i {at:%B %Y}.)", at)
        row = made.deviation
        # older cases were handled through to closing; the last weeks' are still under way
        done = len(STEPS) if (END - at).days > 30 else rng.randrange(len(STEPS))
        when = at
        for step in STEPS[:done]:
            when += timedelta(hours=rng.uniform(2, 60))
            if when >= END:
                break
            owner = principal if cases.owner_role(row) == "principal" else head
            if not cases.may_act(owner, row):
                break
            text = {"cause": "Orsaken utredd med inblandade.",
                    "act": "Åtgärd beslutad och genomförd.",
                    "close": "Uppföljning visar att åtgärden gett effekt."}.get(step, "")
            cases.act_on(session, owner, row, step, text, when)
    cases.sweep(session, END)
    _inspection(session, users, principal.school_id)
    _indicators(session, users, school_ids, principal.school_id, rng)
    _support(session, users, school_ids, principal.school_id)
    _pupils(session, users, rng)
    _management(session, users)
    _evaluation(session, users, principal.school_id)


def _inspection(session: Session, users: dict[str, User], school_id: str) -> None:
    """An injunction from the School Inspectorate with three findings, partly acted on."""
    head = users["skolchef@demo.huvudman.se"]
    principal = users["rektor@demo.huvudman.se"]
    decided = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
    decision = inspections.register_decision(
        session, head, school_id, "2026-09-14", "injunction", "SI 2026:4711",
        "Skolinspektionen förelägger huvudmannen att vidta åtgärder för att avhjälpa "
        "bristerna inom elevhälsa, trygghet och det systematiska kvalitetsarbetet.",
        [("support", "Utredningar om särskilt stöd startas inte skyndsamt.", "2026-12-15"),
         ("safety_and_calm", "Skolan arbetar inte förebyggande mot kränkande behandling.",
          "2027-02-01"),
         ("quality_work", "Resultaten analyseras inte så att åtgärder kan sättas in.",
          "2027-03-01")], decided)
    today = END.date()
    view = inspections.decision_for(session, principal, decision.id, today)
    support, safety, _quality = (f.finding.id for f in view.findings)
    first = inspections.add_action(session, principal, view, support,
                                   "Ny rutin: utredning startas inom en vecka efter signal.",
                                   "principal", "2026-10-15", decided)
    inspections.complete_action(session, principal, view, first.id, "2026-10-10",
                                "Rutinen antagen 2026-10-10; 9 utredningar startade i tid.",
                                decided + timedelta(days=25))
    inspections.add_action(session, principal, view, support,
                           "Elevhälsoteamet följer upp varje utredning varannan vecka.",
                           "principal", "2026-12-01", decided)
    inspections.add_action(session, principal, view, safety,
                           "Kartläggning av otrygga platser med eleverna.", "principal",
                           "2026-11-30", decided)


def _indicators(session: Session, users: dict[str, User], school_ids: list[str], weak: str,
                rng: random.Random) -> None:
    """Skolverket-style statistics for every school, imported the way the evaluator does (the
    principal's school weak, so it is flagged), and an adviser given to it with a first note."""
    rows = ["skolenhetskod,timePeriod,certifiedTeachersQuota,studentsPerTeacherQuota,"
            "totalNumberOfPupils,absence,staff_turnover,feels_safe"]
    for school_id in school_ids:
        if school_id == weak:
            values = ("48,2", "16,1", "cirka 420", "11,5", "31", "72")
        else:
            values = (f"{rng.uniform(65, 95):.1f}".replace(".", ","),
                      f"{rng.uniform(10, 15):.1f}".replace(".", ","),
                      f"cirka {rng.randrange(150, 600, 10)}",
                      f"{rng.uniform(4, 9):.1f}".replace(".", ","),
                      str(rng.randrange(8, 24)), str(rng.randrange(78, 96)))
        rows.append(",".join([school_id, "2025/26", *(f'"{v}"' for v in values)]))
    evaluator = users["utvarderare@demo.huvudman.se"]
    imported = indicators.import_indicators(session, evaluator, "skolenheter-2025-26.csv",
                                            "\n".join(rows).encode(), END)
    if imported.rejected:  # the demo's own file: a rejection is a bug in this module
        raise RuntimeError(f"the demo's statistics were refused: {imported.rejected}")
    head = users["skolchef@demo.huvudman.se"]
    adviser = users["radgivare@demo.huvudman.se"]
    assignment = advisers.assign_adviser(
        session, head, weak, str(adviser.id),
        "Låg andel legitimerade lärare, hög personalomsättning och otrygghet.", END)
    advisers.log_work(session, adviser, assignment.id,
                      "Första mötet med rektor och ledningsgrupp: nulägesanalys påbörjad.",
                      END + timedelta(days=1))


def _support(session: Session, users: dict[str, User], school_ids: list[str], weak: str) -> None:
    """Support measures: one from the injunction decided and followed up, one from the early
    warning decided by the education director (its cost is above the head of schools'), one
    proposed and waiting."""
    principal, head = users["rektor@demo.huvudman.se"], users["skolchef@demo.huvudman.se"]
    director = users["forvaltningschef@demo.huvudman.se"]
    at = datetime(2026, 9, 20, 9, 0, tzinfo=UTC)
    first = support_measures.propose(
        session, principal, weak, "inspection_finding", "SI 2026:4711",
        "Specialpedagog i elevhälsoteamet", "En specialpedagog på halvtid som leder "
        "utredningarna om särskilt stöd, så att de startas inom en vecka.", "180 000", at)
    support_measures.decide(session, head, first.id, True, "Halvtidstjänst i tolv veckor",
                            date(2026, 9, 28), date(2026, 11, 20), at + timedelta(days=2))
    support_measures.follow_up(session, principal, first.id, "improved",
                               "Tid från signal till utredning: median 12 → 3 arbetsdagar.",
                               datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    adviser = users["radgivare@demo.huvudman.se"]
    second = support_measures.propose(
        session, adviser, weak, "early_warning", "2025/26", "Trygghetsteam och rastvärdar",
        "Två vuxna i korridorerna och på gården varje rast, och ett trygghetsteam som "
        "kartlägger otrygga platser med eleverna.", "640 000", END + timedelta(days=1))
    support_measures.decide(session, director, second.id, True, "Två elevassistenter, "
                            "vårterminen", date(2027, 1, 11), date(2027, 6, 11),
                            END + timedelta(days=3))
    other = next(s for s in school_ids if s != weak)
    support_measures.propose(
        session, users["utvarderare@demo.huvudman.se"], other, "other", "",
        "Kompetensutveckling i bedömning", "Sambedömning av nationella prov i årskurs 6.",
        "90 000", END + timedelta(days=2))


PUPIL_NAMES = ("Alva", "Hugo", "Selma", "Omar", "Maja", "Liam", "Astrid", "Noah", "Ella",
               "Elias")


def _pupils(session: Session, users: dict[str, User], rng: random.Random) -> None:
    """Thirty pupils signalled at the principal's school over the year: investigations were
    slow before the routine the injunction led to (10 October 2026), prompt after it."""
    teacher, health = users["larare@demo.huvudman.se"], users["elevhalsa@demo.huvudman.se"]
    principal = users["rektor@demo.huvudman.se"]
    routine = datetime(2026, 10, 10, tzinfo=UTC)
    for k in range(30):
        at = START + timedelta(days=11 * k + rng.randrange(5), hours=2)
        case = pupil_support.signal(session, teacher, f"{PUPIL_NAMES[k % 10]} D{k:02d}",
                                    f"{rng.randrange(1, 7)}{'ABC'[k % 3]}",
                                    "Når troligen inte kunskapskraven i svenska.", at)
        wait = rng.randrange(1, 5) if at >= routine else rng.randrange(8, 20)
        started = at + timedelta(days=wait)
        if started >= END:
            continue
        pupil_support.record_step(session, health, case.id, "investigate", "", started)
        decided = started + timedelta(days=rng.randrange(7, 21))
        if decided >= END:
            continue
        step = "programme" if rng.random() < 0.7 else "no_programme"
        pupil_support.record_step(session, principal, case.id, step,
                                  "Beslut efter utredning med elevhälsoteamet.", decided)
        if step == "programme" and decided + timedelta(days=60) < END:
            pupil_support.record_step(session, principal, case.id, "follow_up",
                                      "Eleven når målen i läsning.", decided + timedelta(days=60))


def _management(session: Session, users: dict[str, User]) -> None:
    """The head of schools' team met in October and November: agendas generated from the
    boards of the day, a decision and action items; the principal raised a matter in between."""
    head, principal = users["skolchef@demo.huvudman.se"], users["rektor@demo.huvudman.se"]
    october = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)
    first = management.prepare_meeting(session, head, october.date(), october)
    management.record_item(session, head, first.id, "decision",
                           "Alla rektorer följer upp utredningar om särskilt stöd varannan "
                           "vecka tills Skolinspektionens föreläggande är redovisat.", "", None,
                           october)
    management.record_item(session, head, first.id, "action",
                           "Ny rutin för utredning av särskilt stöd", "principal",
                           date(2026, 10, 15), october)
    management.record_item(session, head, first.id, "action",
                           "Kartlägg otrygga platser med eleverna", "principal",
                           date(2026, 11, 30), october)
    done = next(i for i in first.items if i.kind == "action")
    management.complete_action(session, head, done.id, datetime(2026, 10, 12, tzinfo=UTC))
    thread = management.open_thread(
        session, principal, "head_of_schools", "", "Vikariebrist i matematik från januari",
        "Två lärare i matematik går på föräldraledighet i januari och vi har inte hittat "
        "vikarier. Kan förvaltningen hjälpa till med rekryteringen?",
        datetime(2026, 10, 20, 13, 0, tzinfo=UTC))
    management.answer_thread(session, head, thread.id,
                             "Vi tar upp det på nästa ledningsgrupp och kontaktar HR.", False,
                             datetime(2026, 10, 21, 8, 0, tzinfo=UTC))
    november = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
    management.prepare_meeting(session, head, november.date(), november)


def _evaluation(session: Session, users: dict[str, User], weak: str) -> None:
    """The evaluator's plan for the flagged school this autumn, with two visits' protocols."""
    evaluator = users["utvarderare@demo.huvudman.se"]
    at = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    plan = evaluation.make_plan(session, evaluator, weak, "HT2026",
                                ["support", "safety_and_calm", "quality_work"],
                                "Följa upp Skolinspektionens föreläggande och den tidiga "
                                "varningens flaggor.", at)
    evaluation.record_visit(session, evaluator, plan.id, date(2026, 10, 20), "support",
                            "Utredningar om särskilt stöd startas nu inom en vecka.",
                            "Elevhälsoteamet följer upp varannan vecka.",
                            "Åtgärdsprogrammen utvärderas sällan.", "good",
                            datetime(2026, 10, 20, 15, 0, tzinfo=UTC))
    evaluation.record_visit(session, evaluator, plan.id, date(2026, 11, 12), "safety_and_calm",
                            "Rastvärdar saknas vid cykelstället; elever beskriver otrygghet.",
                            "", "Kartlägg otrygga platser med eleverna.", "needs_development",
                            datetime(2026, 11, 12, 15, 0, tzinfo=UTC))
