"""The demo municipality's dialogue history: seventy written comments over the year through
the complaint routine — sent anonymously or signed in, acknowledged and answered by the
placement officer (most in time, some late), a few published with consent, one made a
deviation — so `run-demo` shows the feedback pages and the answered questions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from huvudman.demo.comments import PHRASES, comments
from huvudman.services.demo.governance_seed import END, START
from huvudman.services.dialogue import coding, feedback
from huvudman.store.models import User

#: The sub-codes' categories in the feedback form.
CATEGORY = {"phone_contact": "treatment", "respect": "treatment",
            "language_support": "treatment", "rules_unclear": "placement",
            "distance_measure": "placement", "letter_hard": "placement",
            "information_late": "communication", "channels": "e_service",
            "translation": "communication", "sibling_split": "placement",
            "far_school": "placement", "uncertainty": "placement"}
ANSWERS = ("Tack för att du skriver. Vi har sett över det och ändrar rutinen.",
           "Vi beklagar. Handläggaren ringer upp dig den här veckan.",
           "Reglerna förklaras nu på sidan om skolval, på sju språk.")


def seed_dialogue(session: Session, users: dict[str, User], seed: int = 2020) -> None:
    """Seventy comments over the year, moved through the routine by the same use cases."""
    rng = random.Random(seed)
    officer = users["handlaggare@demo.huvudman.se"]
    anna = users["anna@demo.huvudman.se"]
    span = (END - START).total_seconds()
    made = sorted((START + timedelta(seconds=rng.uniform(0, span)), text, codes)
                  for text, codes in comments(70, seed))
    for k, (at, text, codes) in enumerate(made):
        sender = anna if k % 9 == 0 else None
        kind = "complaint" if {"respect", "phone_contact"} & codes else "opinion"
        sent = feedback.submit(session, sender, text, kind, CATEGORY[min(codes)], "sv",
                               rng.random() < 0.4, at, channel="portal" if sender else "form")
        if (END - at).days < 12:
            continue  # the last ones are still open
        late = rng.random() < 0.15
        days = rng.randrange(11, 16) if late else rng.randrange(1, 9)
        item = sent.feedback
        feedback.acknowledge(session, officer, item.id, at + timedelta(days=min(days, 1)))
        feedback.answer(session, officer, item.id, rng.choice(ANSWERS), item.consent,
                        at + timedelta(days=days))
        if k == 7:
            feedback.to_deviation(session, officer, item.id, "placement_error", 2, "",
                                  at + timedelta(days=days, hours=1))
    _coded(session, users, {text: codes for _, text, codes in made}, END)


def _coded(session: Session, users: dict[str, User], truth: dict[str, frozenset[str]],
           at: datetime) -> None:
    """The comments join the material; the evaluator codes fifty of them and the officer
    twenty, disagreeing now and then — so the coding page suggests and agreement shows."""
    rng = random.Random(7)
    coding.collect_feedback(session, at)
    passages = coding.material(session)
    for coder, count in ((users["utvarderare@demo.huvudman.se"], 50),
                         (users["handlaggare@demo.huvudman.se"], 20)):
        for passage in passages[:count]:
            codes = sorted(next((c for t, c in truth.items() if t in passage.text), set()))
            if codes and rng.random() < 0.1:
                codes = [rng.choice(sorted(PHRASES))]
            coding.code_passage(session, coder, passage.id, codes, {}, at)
