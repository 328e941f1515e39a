"""A CSV file read row by row with its line numbers, its header checked first."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from huvudman.datafiles.errors import InputError

#: Characters `str.strip` removes besides space, tab, CR, LF, VT and FF (ASCII first).
RARE_SPACES = ("\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


class CsvTable:
    """Rows of a UTF-8 CSV file as lists, with the position of each named column."""

    def __init__(self, path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()):
        self.path = Path(path)
        self.required = required
        self.optional = optional
        try:
            self._data = self.path.read_bytes()
            self._text = self._data.decode("utf-8-sig")
        except FileNotFoundError:
            raise InputError(self.path, "file not found") from None
        except IsADirectoryError:
            raise InputError(self.path, "is a directory, expected a CSV file") from None
        except UnicodeDecodeError as err:
            line = self.path.read_bytes()[: err.start].count(b"\n") + 1
            raise InputError(self.path, "not valid UTF-8 text", line=line) from None
        self._reader = csv.reader(io.StringIO(self._text, newline=""), strict=True)
        try:
            header = next(self._reader)
        except StopIteration:
            raise InputError(self.path, f"empty file; expected a header row: "
                             f"{','.join(required)}", line=1) from None
        except csv.Error as err:
            raise InputError(self.path, f"malformed CSV: {err}", line=1) from None
        self.header = [h.strip() for h in header]
        missing = [c for c in required if c not in self.header]
        if missing:
            raise InputError(self.path, f"missing column(s) {', '.join(missing)}; the header must "
                             f"name {','.join(required)}", line=1)
        dupes = sorted({h for h in self.header if self.header.count(h) > 1})
        if dupes:
            raise InputError(self.path, f"column(s) named twice: {', '.join(dupes)}", line=1)
        self.index = {name: i for i, name in enumerate(self.header)}
        #: No cell starts or ends with white space (known once `columns` found a tidy file).
        self.tidy = False

    def column(self, name: str) -> int | None:
        """Position of a column, or None for an optional column that is absent."""
        return self.index.get(name)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, fields) for every non-empty data row; a row of the wrong width fails."""
        width = len(self.header)
        reader = self._reader
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise InputError(self.path, f"malformed CSV: {err}", line=reader.line_num) from None
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise InputError(self.path, f"expected {width} fields as in the header, found "
                                 f"{len(row)}", line=reader.line_num)
            yield reader.line_num, row

    def columns(self) -> tuple[LineNumbers, list[Sequence[str]]]:
        """All data rows at once: their line numbers, and the fields column by column.

        The fast path for large files; line numbers are worked out only when a message needs one.
        """
        plain = self._plain_columns() if '"' not in self._text else None
        if plain is not None:
            return LineNumbers(self._text, len(plain[0]) if plain else 0), plain
        rows = [row for _, row in self.rows_from_start()]  # raises with the exact line
        lines = LineNumbers(self._text, len(rows))
        if not rows:
            return lines, [() for _ in self.header]
        return lines, list(zip(*rows, strict=True))

    def _plain_columns(self) -> list[Sequence[str]] | None:
        """Columns of a tidy file without quotes, by splitting the text once; None otherwise.

        Tidy: no blank lines and every line as wide as the header. Anything else goes through
        the careful reader, which skips blank lines and names the line of any other problem.
        """
        text = self._text.replace("\r\n", "\n") if "\r" in self._text else self._text
        body = text.partition("\n")[2].rstrip("\n")
        width = len(self.header)
        if not body:
            return [[] for _ in range(width)]
        if "\n\n" in body or "\r" in body:
            return None
        raw = np.frombuffer(body.encode(), dtype=np.uint8)
        breaks = np.flatnonzero(raw == ord("\n"))
        commas = np.flatnonzero(raw == ord(","))
        per_line = np.diff(np.searchsorted(commas, np.concatenate([[0], breaks, [len(raw)]])))
        if (per_line != width - 1).any():
            return None
        self.tidy = self._no_spaces_at_edges(raw)
        fields = body.replace("\n", ",").split(",")
        return [fields[j::width] for j in range(width)]

    def stripped(self, values: Sequence[str]) -> Sequence[str]:
        """A column's values without white space around them.

        Most files have none; that is checked once on the whole text, which is far cheaper
        than stripping every cell of a large file.
        """
        return values if self.tidy else [v.strip() for v in values]

    def _no_spaces_at_edges(self, body: np.ndarray) -> bool:
        """True when no field of a tidy body starts or ends with white space; False as well
        for rarer white space anywhere (so every cell is stripped)."""
        if any(ch.encode() in self._data for ch in "\t\v\f" + RARE_SPACES[:4]):
            return False
        for lead in (b"\xc2", b"\xe1", b"\xe2", b"\xe3"):  # how rarer spaces start in UTF-8
            if lead in self._data:
                at = np.flatnonzero(np.frombuffer(self._data, dtype=np.uint8) == lead[0])
                if any(self._data[i:i + 3].decode("utf-8", "replace")[:1].isspace()
                       for i in at.tolist()):
                    return False
        spaces = np.flatnonzero(body == ord(" "))
        if not len(spaces):
            return True
        if spaces[0] == 0 or spaces[-1] == len(body) - 1:
            return False
        beside = np.concatenate([body[spaces - 1], body[spaces + 1]])
        return not ((beside == ord(",")) | (beside == ord("\n"))).any()

    def rows_from_start(self) -> Iterator[tuple[int, list[str]]]:
        """`rows()` again from the first data row."""
        self._reader = csv.reader(io.StringIO(self._text, newline=""), strict=True)
        next(self._reader)
        return self.rows()

    def error(self, line: int, column: str, message: str) -> InputError:
        """An error at a cell of this file."""
        return InputError(self.path, message, line=line, column=column)


class LineNumbers:
    """Line number of each data row, found by reading the file again only when asked."""

    def __init__(self, text: str, count: int) -> None:
        self._text = text
        self._count = count
        self._lines: list[int] | None = None

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, row: int) -> int:
        if self._lines is None:
            reader = csv.reader(io.StringIO(self._text, newline=""))
            next(reader, None)
            self._lines = [reader.line_num for r in reader
                           if r and not (len(r) == 1 and not r[0].strip())]
        return self._lines[row]

    def __iter__(self) -> Iterator[int]:
        return (self[i] for i in range(self._count))
