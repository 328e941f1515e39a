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


def test_exports_never_start_a_spreadsheet_formula() -> None:
    """OWASP's CSV injection: text that starts with = + - @ (or a tab or CR) gets an
    apostrophe in exports people open in spreadsheets; numbers stay numbers."""
    from huvudman.datafiles.outputs import export_csv
    from huvudman.services.rounds.statistics_page import statistics_csv

    text = export_csv(("a", "b"), [["=HYPERLINK(1)", -0.5], ["@SUM(A1)", "ok"]])
    assert text.splitlines()[1:] == ["'=HYPERLINK(1),-0.5", "'@SUM(A1),ok"]
    rows = [{"district": "+cmd|' /C calc'!A0", "children": 4, "first_choice_share": 0.5,
             "any_choice_share": 0.75, "fallback_share": 0.0, "unplaced_share": 0.0,
             "median_m": 812.0}]
    assert "'+cmd" in statistics_csv([("2027", 1, rows)])
