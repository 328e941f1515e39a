"""Guardians' comments for the demo and the benchmarks: short Swedish passages about school
placement, each made from the phrases of one or two sub-codes of the dialogue's code tree
(`dialogue.themes`), with the codes they were made from — a coded corpus to train and test
suggestions on. Deterministic for a seed."""

from __future__ import annotations

import random

#: sub-code → phrases a guardian might write about it
PHRASES: dict[str, tuple[str, ...]] = {
    "phone_contact": ("ingen svarade när jag ringde skolvalsenheten",
                      "handläggaren i telefon var otrevlig",
                      "jag fick vänta en timme i telefonkön"),
    "respect": ("vi blev inte tagna på allvar", "man lyssnade inte på våra skäl",
                "personalen var nedlåtande mot oss"),
    "language_support": ("jag förstår inte svenska så bra och fick ingen tolk",
                         "det fanns ingen som kunde prata arabiska med mig",
                         "vi behövde tolk men ingen erbjöd det"),
    "rules_unclear": ("reglerna för placering är omöjliga att förstå",
                      "ingen kunde förklara hur turordningen fungerar",
                      "varför räknas relativ närhet så konstigt"),
    "distance_measure": ("avståndet mättes fel till vår adress",
                         "gångvägen i systemet går genom en motorväg",
                         "ni mätte fågelvägen och inte den riktiga vägen"),
    "letter_hard": ("beslutsbrevet var svårt att läsa", "brevet hade för många konstiga ord",
                    "jag förstod inte vad beslutet betydde"),
    "information_late": ("informationen kom alldeles för sent",
                         "vi fick veta beslutet sist av alla",
                         "ingen berättade i tid när sista dagen var"),
    "channels": ("jag hittade inget om skolvalet på webben",
                 "e-tjänsten fungerade inte i mobilen", "ingen sms-påminnelse kom"),
    "translation": ("sidan fanns bara på svenska", "brevet var inte översatt till somaliska",
                    "informationen borde finnas på fler språk"),
    "sibling_split": ("syskonen hamnar på olika skolor", "lillebror fick inte gå med sin syster",
                      "vi har nu två skolor att lämna på varje morgon"),
    "far_school": ("skolan vi fick ligger alldeles för långt bort",
                   "barnet måste ta två bussar till skolan", "närmaste skolan fick vi inte"),
    "uncertainty": ("vi vet inte om vi kommer få plats", "det känns som ett lotteri",
                    "vi oroar oss hela våren för beslutet"),
}
FILLERS = ("Hej.", "Tack för möjligheten att tycka till.", "Med vänlig hälsning.",
           "Detta gäller min dotter.", "Det gäller vår son i förskoleklass.", "")


def comments(n: int, seed: int = 2020) -> list[tuple[str, frozenset[str]]]:
    """`n` passages with the sub-codes they were made from (one, sometimes two)."""
    rng = random.Random(seed)
    codes = sorted(PHRASES)
    out = []
    for _ in range(n):
        chosen = rng.sample(codes, 2 if rng.random() < 0.25 else 1)
        parts = [rng.choice(FILLERS)]
        for code in chosen:
            phrase = rng.choice(PHRASES[code])
            parts.append(phrase[0].upper() + phrase[1:] + ".")
        rng.shuffle(parts)
        out.append((" ".join(p for p in parts if p), frozenset(chosen)))
    return out
