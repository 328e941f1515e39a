"""Output files: the fast CSV path writes exactly what the csv module would."""

from __future__ import annotations

import pytest

from huvudman.datafiles.outputs import csv_columns, csv_text


@pytest.mark.parametrize("cells", [
    [["a", "b"], ["1", ""]],
    [["a,b", "c"], ["x", "y"]],
    [['say "hi"', "c"], ["x", "y"]],
    [["two\nlines", "c"], ["x", "y"]],
    [[], []],
])
def test_csv_columns_matches_csv_module(cells) -> None:
    header = ("first", "second")
    rows = list(zip(*cells, strict=True))
    assert csv_columns(header, cells) == csv_text(header, rows)
