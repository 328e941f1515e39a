"""The input files of a placement: schools.csv, children.csv and priorities.csv.

Files are checked column by column (fast enough for a national cohort); the first problem found
becomes an `InputError` naming the file, the line and the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.table import CsvTable, LineNumbers
from huvudman.geo import SWEREF_BOUNDS
from huvudman.placement.model import Child, Instance, School

SCHOOL_COLUMNS = ("school_id", "name", "lat", "lon", "capacity")
CHILD_COLUMNS = ("child_id", "lat", "lon", "choices", "siblings", "special_reasons", "protected")
PRIORITY_COLUMNS = ("school_id", "child_id", "rank")
_FLAGS = {"true": True, "false": False, "": False}


def _ids(table: CsvTable, lines: LineNumbers, column: str, values: Sequence[str]) -> list[str]:
    """Stripped, non-empty, unique ids."""
    ids = [v.strip() for v in values]
    kind = column.removesuffix("_id")
    if "" in set(ids):
        raise table.error(lines[ids.index("")], column, f"empty {kind} id")
    if len(set(ids)) != len(ids):
        first: dict[str, int] = {}
        for i, v in enumerate(ids):
            if v in first:
                raise table.error(lines[i], column, f"duplicate {kind} id {v!r} (also on line "
                                  f"{lines[first[v]]})")
            first[v] = i
    return ids


def _numbers(
    table: CsvTable, lines: LineNumbers, column: str, values: Sequence[str]
) -> np.ndarray:
    """Finite decimal numbers."""
    try:
        out = np.array(values, dtype=np.float64)
    except ValueError:
        for i, v in enumerate(values):
            try:
                float(v)
            except ValueError:
                raise table.error(lines[i], column, f"{v!r} is not a number") from None
        raise
    bad = np.flatnonzero(~np.isfinite(out))
    if len(bad):
        i = int(bad[0])
        raise table.error(lines[i], column, f"{values[i]!r} is not a finite number")
    return out


def _coordinates(
    table: CsvTable, lines: LineNumbers, lat_text: Sequence[str], lon_text: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes inside the map (the area SWEREF 99 TM covers)."""
    lat = _numbers(table, lines, "lat", lat_text)
    lon = _numbers(table, lines, "lon", lon_text)
    south, west, north, east = SWEREF_BOUNDS
    lat_out = (lat < south) | (lat > north)
    lon_out = (lon < west) | (lon > east)
    bad = np.flatnonzero(lat_out | lon_out)
    if len(bad):
        i = int(bad[0])
        column = "lat" if lat_out[i] else "lon"
        raise table.error(lines[i], column, f"({lat[i]}, {lon[i]}) is outside the map: SWEREF 99 "
                          f"TM covers latitude {south}–{north}, longitude {west}–{east}")
    return lat, lon


def _school_lists(
    table: CsvTable, lines: LineNumbers, column: str, values: Sequence[str], known: dict[str, int]
) -> list[tuple[str, ...]]:
    """`;`-separated school ids, each known and none twice in a cell."""
    joined = "\n".join(values)
    untidy = (" ", "\t", ";;", ";\n", "\n;")
    if any(mark in joined for mark in untidy) or joined.startswith(";") or joined.endswith(";"):
        lists = [tuple(s.strip() for s in v.split(";") if s.strip()) for v in values]
    else:
        lists = [tuple(v.split(";")) if v else () for v in values]
    flat = [s for cell in lists for s in cell]
    if not known.keys() >= set(flat):
        for i, cell in enumerate(lists):
            for sid in cell:
                if sid not in known:
                    raise table.error(lines[i], column, f"unknown school id {sid!r}")
    if sum(map(len, map(set, lists))) != len(flat):
        for i, cell in enumerate(lists):
            if len(set(cell)) != len(cell):
                dup = next(s for s in cell if cell.count(s) > 1)
                raise table.error(lines[i], column, f"school id {dup!r} is listed twice")
    return lists


def _optional(table: CsvTable, columns: list[tuple[str, ...]], name: str, n: int) -> list[str]:
    i = table.column(name)
    return [v.strip() for v in columns[i]] if i is not None else [""] * n


def read_schools(path: Path) -> list[School]:
    """Read schools.csv (`school_id,name,lat,lon,capacity`, optional `district`)."""
    table = CsvTable(path, SCHOOL_COLUMNS, ("district",))
    lines, cols = table.columns()
    if not lines:
        raise InputError(path, "no schools in the file")
    ix = table.index
    ids = _ids(table, lines, "school_id", cols[ix["school_id"]])
    lat, lon = _coordinates(table, lines, cols[ix["lat"]], cols[ix["lon"]])
    capacity: list[int] = []
    for i, text in enumerate(cols[ix["capacity"]]):
        try:
            value = int(text.strip())
        except ValueError:
            raise table.error(lines[i], "capacity", f"{text!r} is not a whole number") from None
        if value < 0:
            raise table.error(lines[i], "capacity", f"capacity cannot be negative, got {value}")
        capacity.append(value)
    names = [v.strip() for v in cols[ix["name"]]]
    district = _optional(table, cols, "district", len(lines))
    return [School(*row) for row in zip(ids, names, lat.tolist(), lon.tolist(), capacity,
                                        district, strict=True)]


def read_children(path: Path, schools: list[School]) -> list[Child]:
    """Read children.csv (DESIGN.md columns, optional `district` and `grade`)."""
    table = CsvTable(path, CHILD_COLUMNS, ("district", "grade"))
    lines, cols = table.columns()
    ix = table.index
    known = {s.school_id: i for i, s in enumerate(schools)}
    ids = _ids(table, lines, "child_id", cols[ix["child_id"]])
    lat, lon = _coordinates(table, lines, cols[ix["lat"]], cols[ix["lon"]])
    lists = {
        name: _school_lists(table, lines, name, cols[ix[name]], known)
        for name in ("choices", "siblings", "special_reasons")
    }
    flags = [v.strip().lower() for v in cols[ix["protected"]]]
    if not set(flags) <= _FLAGS.keys():
        i = next(i for i, f in enumerate(flags) if f not in _FLAGS)
        raise table.error(lines[i], "protected",
                          f"expected true or false, got {cols[ix['protected']][i]!r}")
    n = len(lines)
    rows = zip(ids, lat.tolist(), lon.tolist(), lists["choices"], lists["siblings"],
               lists["special_reasons"], [_FLAGS[f] for f in flags],
               _optional(table, cols, "district", n), _optional(table, cols, "grade", n),
               strict=True)
    return list(map(Child._make, rows))


def child_line(children_path: Path, child_id: str) -> int | None:
    """The line of children.csv where a child is listed (for messages about that child)."""
    table = CsvTable(children_path, CHILD_COLUMNS)
    i = table.index["child_id"]
    return next((line for line, row in table.rows() if row[i].strip() == child_id), None)


def read_priorities(
    path: Path, instance: Instance, children_path: Path
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
                line = child_line(children_path, child.child_id)
                raise InputError(
                    path, f"no rank for child {child.child_id!r} at school {sid!r}, which the "
                    f"child applied to ({children_path}, line {line}, column 'choices'); "
                    "every applicant needs a rank")
    return out
