"""Swedish street addresses as comparable keys: "Storgatan 12 B", "storgatan 12b" and
"STORGATAN 12 b, lgh 1102" are the same place; "S:t Eriksgatan" is "Sankt Eriksgatan"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Abbreviations written in Swedish street names, as the full word.
_ABBREVIATIONS = (
    (re.compile(r"\bs:t\b\.?"), "sankt"),
    (re.compile(r"\bst\.\s*"), "sankt "),
    (re.compile(r"\bs:ta\b\.?"), "sankta"),
    (re.compile(r"\bg\.(?=\s|$)"), "gatan"),
    (re.compile(r"\bv\.(?=\s|$)"), "vägen"),
    (re.compile(r"(\w)g\.(?=\s|$)"), r"\1gatan"),
    (re.compile(r"(\w)v\.(?=\s|$)"), r"\1vägen"),
)
_NUMBER = re.compile(r"^(?P<street>.*?\D)\s*(?P<number>\d{1,4})"
                     r"(?:\s*(?P<letter>[a-zåäö])(?![a-zåäö]))?"
                     r"(?:\s*-\s*\d{1,4}(?:\s*[a-zåäö](?![a-zåäö]))?)?\s*(?P<rest>.*)$")
_POSTCODE = re.compile(r"\b(\d{3})\s?(\d{2})\b")


@dataclass(frozen=True)
class Address:
    """A street address taken apart: the street as written and as a key, the number, the
    letter of an entrance (A, B …), the postcode (five digits) and the city."""

    street: str
    key: str
    number: int | None
    letter: str = ""
    postcode: str = ""
    city: str = ""


def street_key(name: str) -> str:
    """A street's name as a key: lower case, abbreviations written out, spaces and
    punctuation squeezed, letters kept (å, ä and ö are letters of their own in Swedish)."""
    text = unicodedata.normalize("NFC", name).casefold().strip()
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    text = re.sub(r"[^\wåäöéü]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def folded(key: str) -> str:
    """A key without diacritics and spaces, for near matches ("Sodermalmsallen" typed on a
    keyboard without å, ä, ö; "Stor gatan")."""
    text = unicodedata.normalize("NFKD", key)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def postcode(text: str) -> str:
    """A Swedish postcode as five digits ("111 45" → "11145"), or ""."""
    found = _POSTCODE.search(text or "")
    return found.group(1) + found.group(2) if found else ""


def parse(text: str, postcode_text: str = "", city: str = "") -> Address:
    """An address as people and registers write it: "Storgatan 12 B, 111 45 Stockholm",
    "Storgatan 12b lgh 1102", "Storgatan 12-14" (the first number counts)."""
    first, _, after = (text or "").partition(",")
    code = postcode(postcode_text) or postcode(after)
    place = city or " ".join(_POSTCODE.sub(" ", after).split())
    body = unicodedata.normalize("NFC", first).strip()
    found = _NUMBER.match(body.casefold())
    if not found:
        return Address(body, street_key(body), None, "", code, place)
    street = body[:len(found.group("street"))].strip()
    return Address(street, street_key(street), int(found.group("number")),
                   (found.group("letter") or "").upper(), code, place)


def number_and_letter(text: str) -> tuple[int | None, str]:
    """A house number as OpenStreetMap's `addr:housenumber` holds it ("12", "12B", "12 b",
    "12-14"): the number and the letter."""
    found = re.match(r"^\s*(\d{1,4})\s*([a-zA-ZåäöÅÄÖ])?\b", text or "")
    if not found:
        return None, ""
    return int(found.group(1)), (found.group(2) or "").upper()
