"""The compare use case: two run directories in, a side-by-side report (and CSV) out."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.outputs import csv_text, write_atomically
from huvudman.placement.compare import compare_runs as compare_views
from huvudman.runs.reader import read_run
from huvudman.words.comparison import explain_move, measure_row


def compare_runs(run_a: Path, run_b: Path, out: Path | None, limit: int, console: Console) -> int:
    """Print who moved and why beside fairness measures; returns the exit code."""
    try:
        a = read_run(run_a, "A")
        b = read_run(run_b, "B")
    except InputError as err:
        console.print(f"[bold red]error:[/] {err}", highlight=False)
        return 2
    result = compare_views(a, b)
    table = Table(title="Fairness measures")
    table.add_column("measure")
    table.add_column(f"A: {run_a.name}", justify="right")
    table.add_column(f"B: {run_b.name}", justify="right")
    for m in result.measures:
        table.add_row(*measure_row(m, "en"))
    out_console = Console()
    out_console.print(table)
    moved = Table(title=f"Children placed differently ({len(result.moves)}; first {limit})")
    for col in ("child", "A", "B", "why"):
        moved.add_column(col)
    for m in result.moves[:limit]:
        moved.add_row(m.child_id, f"{m.school_a} ({m.rank_a or '-'}, {m.rule_a})",
                      f"{m.school_b} ({m.rank_b or '-'}, {m.rule_b})", explain_move(m, a, b, "en"))
    out_console.print(moved)
    if out is not None:
        write_atomically(out, csv_text(
            ("child_id", "school_a", "choice_rank_a", "rule_a", "school_b", "choice_rank_b",
             "rule_b", "why"),
            ((m.child_id, m.school_a, m.rank_a or "", m.rule_a, m.school_b, m.rank_b or "",
              m.rule_b, explain_move(m, a, b, "en")) for m in result.moves)))
        mix_path = out.with_name(out.stem + "-school-mix.csv")
        write_atomically(mix_path, csv_text(("school_id", "mix_a", "mix_b"), result.school_mix))
        console.print(f"wrote {out} and {mix_path}")
    return 0
