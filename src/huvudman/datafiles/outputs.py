"""Writing result files: every file appears whole or not at all."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from huvudman.placement.model import Instance, Ragged

PLACEMENT_COLUMNS = ("child_id", "school_id", "choice_rank", "rule", "walking_m")


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV text with Unix line endings, so outputs are byte-identical across platforms."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


#: A cell a spreadsheet would run as a formula starts with one of these (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell for a CSV file people open in a spreadsheet: text that would start a formula gets
    a leading apostrophe, as OWASP advises; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """`csv_text` for exports opened in spreadsheets: every text cell `spreadsheet_safe`."""
    return csv_text(header, ([spreadsheet_safe(v) for v in row] for row in rows))


def csv_columns(header: Sequence[str], columns: Sequence[Sequence[str]]) -> str:
    """CSV text from columns of strings; plain joining when no cell needs quoting."""
    joined = ["\n".join(col) for col in columns]
    needs_quotes = any(
        "," in text or '"' in text or "\r" in text or text.count("\n") != max(len(col) - 1, 0)
        for text, col in zip(joined, columns, strict=True)
    )
    if needs_quotes:
        return csv_text(header, zip(*columns, strict=True))
    rows = "\n".join(map(",".join, zip(*columns, strict=True)))
    return ",".join(header) + "\n" + (rows + "\n" if rows else "")


def write_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary sibling and rename, so no half file is ever left."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write bytes through a temporary sibling and rename, so no half file is ever left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def staging_folder(final: Path) -> Path:
    """A new, empty folder beside `final` where a batch of files is written before it is
    published; folders left by batches killed earlier are removed first."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.partial-", dir=final.parent))


def publish_folder(stage: Path, final: Path) -> None:
    """Move every file of a finished batch into `final` (each move atomic, the whole a matter
    of milliseconds) and remove the staging folder."""
    final = Path(final)
    final.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(stage).iterdir()):
        os.replace(path, final / path.name)
    Path(stage).rmdir()


def metres(value: float) -> str:
    """A distance for a CSV cell: one decimal, empty when unknown."""
    return "" if value != value else f"{value:.1f}"


def metres_column(values: np.ndarray) -> list[str]:
    """A column of distances for CSV cells, as `metres` writes each one."""
    cells = list(map("{:.1f}".format, values.tolist()))
    for i in np.flatnonzero(np.isnan(values)).tolist():
        cells[i] = ""
    return cells


def coordinate(value: float) -> str:
    """A coordinate for a CSV cell, written so reading it back gives exactly the same float."""
    return repr(float(value))


def input_files(instance: Instance) -> dict[str, str]:
    """schools.csv and children.csv of an instance, in the contract's columns (plus `district`
    and `grade`), so anyone can place exactly this instance again with `huvudman place`."""
    ids = [s.school_id for s in instance.schools]
    schools = csv_text(
        ("school_id", "name", "lat", "lon", "capacity", "district"),
        ((s.school_id, s.name, coordinate(s.lat), coordinate(s.lon), s.capacity, s.district)
         for s in instance.schools))

    def cells(lists: Ragged) -> list[str]:
        return [";".join(ids[j] for j in lists.row(c).tolist())
                for c in range(instance.n_children)]

    children = csv_text(
        ("child_id", "lat", "lon", "choices", "siblings", "special_reasons", "protected",
         "district", "grade"),
        zip(instance.child_ids, map(coordinate, instance.child_lat.tolist()),
            map(coordinate, instance.child_lon.tolist()), cells(instance.choices),
            cells(instance.siblings), cells(instance.special_reasons),
            ["true" if p else "false" for p in instance.protected.tolist()],
            instance.district, instance.grade, strict=True))
    return {"schools.csv": schools, "children.csv": children}
