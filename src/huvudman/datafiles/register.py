"""Register files staff import: schools (our schools.csv, or Skolverket's school register) and
children (our children.csv, with personnummer, name and guardians' e-mail addresses), from CSV
or Excel. Every row is checked and every rejected row reported with its reasons, so a file is
imported whole or not at all."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from personnummer import personnummer

from huvudman.addresses.index import Match
from huvudman.addresses.normalize import Address
from huvudman.addresses.normalize import parse as parse_address
from huvudman.geo import SWEREF_BOUNDS
from huvudman.placement.config import GRADES, MAX_PLACES, SPECIAL_REASON_CATEGORIES

SKOLVERKET_COLUMNS = ("skolenhetskod", "namn", "wgs84_lat", "wgs84_lon")
#: The school register's optional columns families read (a file without them keeps them).
SCHOOL_FACTS = ("address", "profile", "fritids", "languages")
#: How the register may say whether a school has fritids ("" or unknown: not known).
FRITIDS = {"": None, "true": True, "false": False, "yes": True, "no": False, "ja": True,
           "nej": False}
#: The longest value the store keeps in each field (the models' column lengths; tested).
LONGEST = {"school_id": 32, "skolenhetskod": 32, "name": 200, "namn": 200, "district": 100,
           "kommun": 100, "child_id": 64, "grade": 8, "guardians": 320 * 4}
#: The longest cell of any other column (a register's cells are short).
LONGEST_CELL = 1000


class UnreadableFile(ValueError):
    """The upload is not a CSV or Excel file that can be read at all; the message says why."""
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: A telephone number as registers write them: digits, spaces, dashes, a leading + (7–20 long)
PHONE = re.compile(r"^\+?[\d][\d \-]{5,18}\d$")


@dataclass(frozen=True)
class Rejection:
    """Why one row cannot be imported."""

    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class Approximate:
    """A home found in the address register, but not exactly as written."""

    line: int
    child_id: str
    written: str
    quality: str  # addresses.index.APPROXIMATE
    found: str  # the address point taken


Geocoder = Callable[[Address], Match]


@dataclass
class Checked:
    """The rows that passed, and every rejection."""

    rows: list[dict[str, object]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # homes found only approximately in the address register, for an officer to look at
    approximate: list[Approximate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing rejected: the file may be imported."""
        return not self.rejected


def read_table(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) rows of an uploaded CSV (`,` or `;`) or Excel (.xlsx) file."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
            rows = [["" if v is None else str(v).strip() for v in r]
                    for r in sheet.iter_rows(values_only=True)]
        except Exception as err:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile("not a readable Excel (.xlsx) file") from err
        numbered = [(k + 1, r) for k, r in enumerate(rows)]
    else:
        text = _decoded(data)
        dialect = ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") \
            else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect)
        try:
            numbered = [(reader.line_num, [c.strip() for c in row]) for row in reader]
        except csv.Error as err:
            raise UnreadableFile(f"line {reader.line_num + 1} is not readable CSV: {err} "
                                 f"(cells may hold at most {LONGEST_CELL:,} characters)") from None
    numbered = [(n, r) for n, r in numbered if any(r)]
    if not numbered:
        return [], []
    return numbered[0][1], numbered[1:]


def _decoded(data: bytes) -> str:
    """The text of a CSV upload: UTF-8 (with or without a byte-order mark) or UTF-16 with
    one (Excel's "Unicode text"); anything else is refused with how to save it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[:err.start].count(b"\n") + 1
            raise UnreadableFile(f"line {line} is not UTF-8 text: save the file as "
                                 "\"CSV UTF-8\"") from None
    raise UnreadableFile("not readable text: save the file as \"CSV UTF-8\"")


def _cell_problems(line: int, cell: dict[str, str]) -> list[Rejection]:
    """What no field of a register may hold: NUL characters, or more than the store keeps."""
    out = []
    for column, value in cell.items():
        if "\x00" in value:
            out.append(Rejection(line, column, "contains a NUL character"))
        elif len(value) > LONGEST.get(column, LONGEST_CELL):
            out.append(Rejection(line, column, f"longer than "
                                 f"{LONGEST.get(column, LONGEST_CELL):,} characters"))
    return out


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _position(out: Checked, line: int, lat_text: str, lon_text: str) -> tuple[float, float] | None:
    lat, lon = _number(lat_text), _number(lon_text)
    south, west, north, east = SWEREF_BOUNDS
    if lat is None or lon is None:
        out.rejected.append(Rejection(line, "lat/lon", "no position"))
        return None
    if not (south <= lat <= north and west <= lon <= east):
        out.rejected.append(Rejection(line, "lat/lon", f"({lat}, {lon}) is outside Sweden"))
        return None
    return lat, lon


def check_schools(header: list[str], rows: list[tuple[int, list[str]]]) -> Checked:
    """Schools from our format (school_id,name,lat,lon,capacity[,district]) or Skolverket's
    register (skolenhetskod,namn,wgs84_lat,wgs84_lon[,totalt_antal_elever])."""
    out = Checked()
    skolverket = all(c in header for c in SKOLVERKET_COLUMNS)
    cols = (("skolenhetskod", "namn", "wgs84_lat", "wgs84_lon") if skolverket
            else ("school_id", "name", "lat", "lon"))
    missing = [c for c in cols if c not in header]
    if missing or (not skolverket and "capacity" not in header):
        need = ", ".join(missing or ["capacity"])
        out.rejected.append(Rejection(1, need, "missing column(s) in the header"))
        return out
    at = {c: i for i, c in enumerate(header)}
    seen: dict[str, int] = {}
    estimated = 0
    for line, r in rows:
        cell = {c: (r[i] if i < len(r) else "") for c, i in at.items()}
        code, name = cell[cols[0]], cell[cols[1]]
        if bad := _cell_problems(line, cell):
            out.rejected.extend(bad)
            continue
        if not code:
            out.rejected.append(Rejection(line, cols[0], "empty school code"))
            continue
        if code in seen:
            out.rejected.append(Rejection(line, cols[0], f"{code} also on line {seen[code]}"))
            continue
        seen[code] = line
        pos = _position(out, line, cell[cols[2]], cell[cols[3]])
        capacity = None
        if cell.get("capacity"):
            capacity = int(cell["capacity"]) if cell["capacity"].isdecimal() else -1
            if not 0 <= capacity <= MAX_PLACES:
                out.rejected.append(Rejection(line, "capacity", f"{cell['capacity']!r} is not "
                                              f"a whole number of places from 0 to "
                                              f"{MAX_PLACES:,}"))
                continue
        elif skolverket:
            pupils = re.search(r"\d+", cell.get("totalt_antal_elever", "").replace(" ", ""))
            capacity = min(round(int(pupils.group()) / 10), MAX_PLACES) if pupils else 0
            estimated += 1
        else:
            out.rejected.append(Rejection(line, "capacity", "no number of places"))
            continue
        fritids = cell.get("fritids", "").strip().lower()
        if fritids not in FRITIDS:
            out.rejected.append(Rejection(line, "fritids", f"expected yes or no, got "
                                          f"{cell['fritids']!r}"))
            continue
        if pos is None:
            continue
        out.rows.append({"line": line, "school_id": code, "name": name or code, "lat": pos[0],
                         "lon": pos[1], "capacity": capacity,
                         "district": cell.get("district") or cell.get("kommun", ""),
                         "facts": {"address": cell.get("address", "").strip()[:200],
                                   "profile": cell.get("profile", "").strip()[:300],
                                   "fritids": FRITIDS[fritids],
                                   "languages": ";".join(
                                       x.strip() for x in cell.get("languages", "").split(";")
                                       if x.strip())[:200]}
                         if any(c in at for c in SCHOOL_FACTS) else None})
    if estimated:
        out.notes.append(f"{estimated} schools had no number of places: estimated as a tenth "
                         "of their pupils (one year group of F–9); set the real numbers.")
    return out


def check_children(header: list[str], rows: list[tuple[int, list[str]]],
                   schools: set[str], taken: dict[str, str] | None = None,
                   geocode: Geocoder | None = None) -> Checked:
    """Children (child_id,lat,lon[,choices,siblings,special_reasons,special_reason_category,
    protected,district,grade,personnummer,name,guardians,guardian_phones]); `guardians` lists
    e-mail addresses separated by ;, `guardian_phones` their telephone numbers in the same
    order (an empty place: no number).

    `siblings` names the schools where an older sibling attends and continues (the register's
    explicit column; nothing is derived from shared guardians). A row's `siblings` and
    `special_reasons` are carried only when the header has the column: a file without it leaves
    what the store holds unchanged (None), an empty cell clears it.

    With an `address` column (and optionally `postcode`), a home without lat/lon is found in
    the municipality's address register by `geocode`: not found rejects the row; found only
    approximately is imported and listed for an officer to look at."""
    out = Checked()
    taken = taken or {}
    needed = ("child_id",) if "address" in header else ("child_id", "lat", "lon")
    missing = [c for c in needed if c not in header]
    if missing:
        out.rejected.append(Rejection(1, ", ".join(missing), "missing column(s) in the header"))
        return out
    at = {c: i for i, c in enumerate(header)}
    seen: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for line, r in rows:
        cell = {c: (r[i] if i < len(r) else "") for c, i in at.items()}
        problems: list[Rejection] = _cell_problems(line, cell)
        if problems:
            out.rejected.extend(problems)
            continue
        cid = cell["child_id"]
        if not cid or cid in seen:
            problems.append(Rejection(line, "child_id", "empty" if not cid else
                                      f"{cid} also on line {seen[cid]}"))
        seen.setdefault(cid, line)
        pnr = cell.get("personnummer", "")
        if pnr:
            if not personnummer.valid(pnr):
                problems.append(Rejection(line, "personnummer", f"{pnr} is not a valid "
                                          "personnummer"))
            elif pnr in numbers:
                problems.append(Rejection(line, "personnummer", f"also on line {numbers[pnr]}"))
            elif taken.get(_long(pnr), cid) != cid:
                problems.append(Rejection(line, "personnummer", "already belongs to child "
                                          f"{taken[_long(pnr)]} in the register"))
            numbers.setdefault(pnr, line)
        lists: dict[str, list[str] | None] = {}
        for col in ("choices", "siblings", "special_reasons"):
            items = [s.strip() for s in cell.get(col, "").split(";") if s.strip()]
            unknown = [s for s in items if s not in schools]
            if unknown:
                problems.append(Rejection(line, col, f"unknown school {unknown[0]}"))
            elif len(set(items)) != len(items):
                problems.append(Rejection(line, col, "a school is listed twice"))
            lists[col] = sorted(items) if col in at else None
        category = cell.get("special_reason_category", "").strip().lower() or "other"
        if category not in SPECIAL_REASON_CATEGORIES:
            problems.append(Rejection(line, "special_reason_category", f"{category!r} is not "
                                      f"one of {', '.join(SPECIAL_REASON_CATEGORIES)}"))
        bad_mail = [m for m in cell.get("guardians", "").split(";")
                    if m and (not EMAIL.match(m) or len(m) > 320)]
        if bad_mail:
            problems.append(Rejection(line, "guardians", f"{bad_mail[0]!r} is not an e-mail "
                                      "address"))
        mails = [m for m in cell.get("guardians", "").split(";") if m]
        phones = [p.strip() for p in cell.get("guardian_phones", "").split(";")]
        phones = phones if any(phones) else []
        bad_phone = [p for p in phones if p and not PHONE.match(p)]
        if bad_phone:
            problems.append(Rejection(line, "guardian_phones", f"{bad_phone[0]!r} is not a "
                                      "telephone number"))
        elif len(phones) > len(mails):
            problems.append(Rejection(line, "guardian_phones", "more numbers than guardians "
                                      "(write them in the order of the guardians, with ;)"))
        grade = cell.get("grade", "") or "F"
        if grade not in GRADES:
            problems.append(Rejection(line, "grade", f"{grade!r} is not one of "
                                      f"{', '.join(GRADES)}"))
        flag = cell.get("protected", "").lower()
        if flag not in ("", "true", "false"):
            problems.append(Rejection(line, "protected", f"expected true or false, got {flag!r}"))
        written = cell.get("address", "").strip()
        found = None
        if written and not (cell.get("lat", "").strip() or cell.get("lon", "").strip()):
            if geocode is None:
                problems.append(Rejection(line, "address", "the municipality's address register "
                                          "is not loaded here: give lat and lon"))
            else:
                found = geocode(parse_address(written, cell.get("postcode", "")))
                if found.point is None:
                    problems.append(Rejection(line, "address", f"{written!r} is not in the "
                                              "municipality's address register"))
            pos = (found.point.lat, found.point.lon) if found and found.point else None
        else:
            pos = _position(out, line, cell.get("lat", ""), cell.get("lon", ""))
        if problems or pos is None:
            out.rejected.extend(problems)
            continue
        if found is not None and not found.exact:
            out.approximate.append(Approximate(line, cid, written, found.quality,
                                               found.point.label()))
        out.rows.append({"line": line, "child_id": cid, "lat": pos[0], "lon": pos[1],
                         "personnummer": _long(pnr) if pnr else None,
                         "name": cell.get("name", ""), "district": cell.get("district", ""),
                         "grade": cell.get("grade", "") or "F", "protected": flag == "true",
                         "siblings": lists["siblings"],
                         "special_reasons": lists["special_reasons"],
                         "special_reason_category": category,
                         "address": written[:200] if "address" in at else None,
                         "address_quality": found.quality if found else "",
                         "address_point": found.point.label() if found else "",
                         "guardians": [m.lower() for m in mails],
                         "guardian_phones": phones + [""] * (len(mails) - len(phones))})
    return out


def _long(pnr: str) -> str:
    """A personnummer as YYYYMMDD-NNNN."""
    digits = personnummer.parse(pnr).format(long_format=True)
    return f"{digits[:8]}-{digits[8:]}"

