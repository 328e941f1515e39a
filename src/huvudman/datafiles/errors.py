"""The one error every input problem becomes: it names the file, the line and the column."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input; the command line prints it and exits with code 2, writing nothing."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
