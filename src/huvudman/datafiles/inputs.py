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
from huvudman.placement.model import Instance, Ragged, School

SCHOOL_COLUMNS = ("school_id", "name", "lat", "lon", "capacity")
CHILD_COLUMNS = ("child_id", "lat", "lon", "choices", "siblings", "special_reasons", "protected")
PRIORITY_COLUMNS = ("school_id", "child_id", "rank")
_FLAGS = {"true": True, "false": False, "": False}


def _ids(table: CsvTable, lines: LineNumbers, column: str, values: Sequence[str]) -> list[str]:
    """Stripped, non-empty, unique ids."""
    ids = list(table.stripped(values))
    kind = column.removesuffix("_id")
    distinct = set(ids)
    if "" in distinct:
        raise table.error(lines[ids.index("")], column, f"empty {kind} id")
    if len(distinct) != len(ids):
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


def _items_per_cell(joined: str, cells: int) -> np.ndarray:
    """How many `;`-separated items each line of `joined` holds (0 for an empty line)."""
    if cells == 0:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(joined.encode(), dtype=np.uint8)
    breaks = np.flatnonzero(raw == ord("\n"))
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(raw)]])
    semis = np.flatnonzero(raw == ord(";"))
    count = np.searchsorted(semis, ends) - np.searchsorted(semis, starts)
    return np.where(ends > starts, count + 1, 0).astype(np.int64)


def _school_lists(
    table: CsvTable, lines: LineNumbers, column: str, values: Sequence[str], known: dict[str, int]
) -> Ragged:
    """`;`-separated school ids per cell, each known and none twice in a cell."""
    joined = "\n".join(values)
    untidy = (" ", "\t", ";;", ";\n", "\n;")
    if (not table.tidy or any(mark in joined for mark in untidy) or joined.startswith(";")
            or joined.endswith(";")):
        values = [";".join(s.strip() for s in v.split(";") if s.strip()) for v in values]
        joined = "\n".join(values)
    lengths = _items_per_cell(joined, len(values))
    flat = joined.replace("\n", ";").split(";") if values else []
    lookup = {**known, "": -1}
    try:
        positions = np.fromiter(map(lookup.__getitem__, flat), dtype=np.int64, count=len(flat))
    except KeyError as err:
        row = next(i for i, v in enumerate(values) if err.args[0] in v.split(";"))
        raise table.error(lines[row], column, f"unknown school id {err.args[0]!r}") from None
    positions = positions[positions >= 0]
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    lists = Ragged(offsets, positions)
    if _has_repeats(lists, lengths, len(known)):
        for i, v in enumerate(values):
            cell = v.split(";") if v else []
            if len(set(cell)) != len(cell):
                dup = next(s for s in cell if cell.count(s) > 1)
                raise table.error(lines[i], column, f"school id {dup!r} is listed twice")
    return lists


def _has_repeats(lists: Ragged, lengths: np.ndarray, schools: int) -> bool:
    """True when some cell lists a school twice.

    Short lists (the usual case) are compared item against item at each distance within a
    cell, which is several times cheaper than sorting every item of a national file."""
    values = lists.values
    if not len(values):
        return False
    longest = int(lengths.max())
    if longest > 8:
        keys = np.sort(lists.owner * max(schools, 1) + values)
        return bool((keys[1:] == keys[:-1]).any())
    owner = lists.owner
    return any(bool(((values[d:] == values[:-d]) & (owner[d:] == owner[:-d])).any())
               for d in range(1, longest))


def _optional(table: CsvTable, columns: list[Sequence[str]], name: str, n: int) -> list[str]:
    i = table.column(name)
    return list(table.stripped(columns[i])) if i is not None else [""] * n


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
    names = list(table.stripped(cols[ix["name"]]))
    district = _optional(table, cols, "district", len(lines))
    return [School(*row) for row in zip(ids, names, lat.tolist(), lon.tolist(), capacity,
                                        district, strict=True)]


def read_instance(schools_path: Path, children_path: Path) -> Instance:
    """Read and check schools.csv and children.csv (DESIGN.md columns; children may add the
    optional `district` and `grade`)."""
    schools = read_schools(schools_path)
    table = CsvTable(children_path, CHILD_COLUMNS, ("district", "grade"))
    lines, cols = table.columns()
    ix = table.index
    known = {s.school_id: i for i, s in enumerate(schools)}
    ids = _ids(table, lines, "child_id", cols[ix["child_id"]])
    lat, lon = _coordinates(table, lines, cols[ix["lat"]], cols[ix["lon"]])
    lists = {
        name: _school_lists(table, lines, name, cols[ix[name]], known)
        for name in ("choices", "siblings", "special_reasons")
    }
    flags = table.stripped(cols[ix["protected"]])
    if not set(flags) <= _FLAGS.keys():
        flags = [f.lower() for f in flags]
    if not set(flags) <= _FLAGS.keys():
        i = next(i for i, f in enumerate(flags) if f not in _FLAGS)
        raise table.error(lines[i], "protected",
                          f"expected true or false, got {cols[ix['protected']][i]!r}")
    n = len(lines)
    return Instance(
        schools=tuple(schools),
        child_ids=ids,
        child_lat=lat,
        child_lon=lon,
        choices=lists["choices"],
        siblings=lists["siblings"],
        special_reasons=lists["special_reasons"],
        protected=np.fromiter(map(_FLAGS.__getitem__, flags), dtype=bool, count=n),
        district=_optional(table, cols, "district", n),
        grade=_optional(table, cols, "grade", n),
    )


def line_of(path: Path, columns: tuple[str, ...], id_column: str, value: str) -> int | None:
    """The line of a CSV file where an id is listed (for messages about that row)."""
    table = CsvTable(path, columns)
    i = table.index[id_column]
    return next((line for line, row in table.rows() if row[i].strip() == value), None)


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
    choices = instance.choices
    for c, s in zip(choices.owner.tolist(), choices.values.tolist(), strict=True):
        if (s, c) not in out:
            cid, sid = instance.child_ids[c], instance.schools[s].school_id
            line = line_of(children_path, CHILD_COLUMNS, "child_id", cid)
            raise InputError(
                path, f"no rank for child {cid!r} at school {sid!r}, which the "
                f"child applied to ({children_path}, line {line}, column 'choices'); "
                "every applicant needs a rank")
    return out
