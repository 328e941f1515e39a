"""The input files of a placement: schools.csv, children.csv and priorities.csv."""

from __future__ import annotations

import math
from pathlib import Path

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.table import CsvTable
from huvudman.geo import SWEREF_BOUNDS, in_sweref_area
from huvudman.placement.model import Child, Instance, School

SCHOOL_COLUMNS = ("school_id", "name", "lat", "lon", "capacity")
CHILD_COLUMNS = ("child_id", "lat", "lon", "choices", "siblings", "special_reasons", "protected")
PRIORITY_COLUMNS = ("school_id", "child_id", "rank")
_TRUE = {"true": True, "false": False, "": False}


def _coordinate(table: CsvTable, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise table.error(line, column, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise table.error(line, column, f"{text!r} is not a finite number")
    return value


def _check_on_map(table: CsvTable, line: int, lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise table.error(line, "lat", f"{lat} is not a latitude (−90 to 90)")
    if not in_sweref_area(lat, lon):
        south, west, north, east = SWEREF_BOUNDS
        column = "lat" if not south <= lat <= north else "lon"
        raise table.error(line, column, f"({lat}, {lon}) is outside the map: SWEREF 99 TM covers "
                          f"latitude {south}–{north}, longitude {west}–{east}")


def read_schools(path: Path) -> list[School]:
    """Read schools.csv (`school_id,name,lat,lon,capacity`, optional `district`)."""
    table = CsvTable(path, SCHOOL_COLUMNS, ("district",))
    ix = table.index
    i_id, i_name, i_lat, i_lon, i_cap = (ix[c] for c in SCHOOL_COLUMNS)
    i_district = table.column("district")
    seen: dict[str, int] = {}
    schools: list[School] = []
    for line, row in table.rows():
        sid = row[i_id].strip()
        if not sid:
            raise table.error(line, "school_id", "empty school id")
        if sid in seen:
            raise table.error(line, "school_id", f"duplicate school id {sid!r} (also on line "
                              f"{seen[sid]})")
        seen[sid] = line
        lat = _coordinate(table, line, "lat", row[i_lat])
        lon = _coordinate(table, line, "lon", row[i_lon])
        _check_on_map(table, line, lat, lon)
        text = row[i_cap].strip()
        try:
            capacity = int(text)
        except ValueError:
            raise table.error(line, "capacity", f"{text!r} is not a whole number") from None
        if capacity < 0:
            raise table.error(line, "capacity", f"capacity cannot be negative, got {capacity}")
        district = row[i_district].strip() if i_district is not None else ""
        schools.append(School(sid, row[i_name].strip(), lat, lon, capacity, district))
    if not schools:
        raise InputError(path, "no schools in the file")
    return schools


def _school_list(
    table: CsvTable, line: int, column: str, text: str, known: dict[str, int]
) -> tuple[str, ...]:
    if not text:
        return ()
    ids = tuple(s.strip() for s in text.split(";") if s.strip())
    for sid in ids:
        if sid not in known:
            raise table.error(line, column, f"unknown school id {sid!r}")
    if len(set(ids)) != len(ids):
        dup = next(s for s in ids if ids.count(s) > 1)
        raise table.error(line, column, f"school id {dup!r} is listed twice")
    return ids


def read_children(
    path: Path, schools: list[School], lines: dict[str, int] | None = None
) -> list[Child]:
    """Read children.csv (DESIGN.md columns, optional `district` and `grade`).

    `lines`, when given, is filled with each child's line number, for later messages.
    """
    table = CsvTable(path, CHILD_COLUMNS, ("district", "grade"))
    ix = table.index
    i_id, i_lat, i_lon, i_ch, i_sib, i_sr, i_prot = (ix[c] for c in CHILD_COLUMNS)
    i_district = table.column("district")
    i_grade = table.column("grade")
    known = {s.school_id: i for i, s in enumerate(schools)}
    seen: dict[str, int] = {}
    children: list[Child] = []
    for line, row in table.rows():
        cid = row[i_id].strip()
        if not cid:
            raise table.error(line, "child_id", "empty child id")
        if cid in seen:
            raise table.error(line, "child_id", f"duplicate child id {cid!r} (also on line "
                              f"{seen[cid]})")
        seen[cid] = line
        lat = _coordinate(table, line, "lat", row[i_lat])
        lon = _coordinate(table, line, "lon", row[i_lon])
        _check_on_map(table, line, lat, lon)
        flag = row[i_prot].strip().lower()
        if flag not in _TRUE:
            raise table.error(line, "protected", f"expected true or false, got {row[i_prot]!r}")
        children.append(Child(
            cid, lat, lon,
            _school_list(table, line, "choices", row[i_ch].strip(), known),
            _school_list(table, line, "siblings", row[i_sib].strip(), known),
            _school_list(table, line, "special_reasons", row[i_sr].strip(), known),
            _TRUE[flag],
            row[i_district].strip() if i_district is not None else "",
            row[i_grade].strip() if i_grade is not None else "",
        ))
    if lines is not None:
        lines.update(seen)
    return children


def read_priorities(
    path: Path, instance: Instance, children_path: Path, child_lines: dict[str, int]
) -> dict[tuple[int, int], int]:
    """Read priorities.csv into {(school index, child index): rank}.

    Every application (a school in a child's choices) must have a rank.
    """
    table = CsvTable(path, PRIORITY_COLUMNS)
    ix = table.index
    i_s, i_c, i_r = (ix[c] for c in PRIORITY_COLUMNS)
    out: dict[tuple[int, int], int] = {}
    lines: dict[tuple[int, int], int] = {}
    for line, row in table.rows():
        sid, cid, text = row[i_s].strip(), row[i_c].strip(), row[i_r].strip()
        s = instance.school_index.get(sid)
        if s is None:
            raise table.error(line, "school_id", f"unknown school id {sid!r}")
        c = instance.child_index.get(cid)
        if c is None:
            raise table.error(line, "child_id", f"unknown child id {cid!r}")
        try:
            rank = int(text)
        except ValueError:
            raise table.error(line, "rank", f"{text!r} is not a whole number") from None
        if rank < 1:
            raise table.error(line, "rank", f"rank must be 1 or more (1 = highest), got {rank}")
        if (s, c) in out:
            raise table.error(line, "child_id", f"child {cid!r} ranked twice at school {sid!r} "
                              f"(also on line {lines[s, c]})")
        out[s, c] = rank
        lines[s, c] = line
    for c, child in enumerate(instance.children):
        for sid in child.choices:
            if (instance.school_index[sid], c) not in out:
                raise InputError(
                    path, f"no rank for child {child.child_id!r} at school {sid!r}, which the "
                    f"child applied to ({children_path}, line {child_lines.get(child.child_id)}, "
                    "column 'choices'); every applicant needs a rank")
    return out
