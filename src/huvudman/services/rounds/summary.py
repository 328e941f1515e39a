"""The summary of a run printed after `place` and `demo`."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from huvudman.placement.engine import PlacementResult
from huvudman.words.cutoffs import describe_cutoff


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def print_summary(
    result: PlacementResult, console: Console, out: Path | None, run_dir: Path | None
) -> None:
    """Headline figures, districts, oversubscribed schools and the audit verdict."""
    stats = result.statistics["overall"]
    cfg = result.config
    console.print(
        f"[bold]{result.instance.n_children} children, {len(result.instance.schools)} schools"
        f"[/] — {cfg.mechanism}, rules: {' → '.join(result.priorities.rules)}, "
        f"distance: {result.distance_kind}, seed {result.seed}", highlight=False)
    if result.distance_kind == "straight":
        console.print("[yellow]distances are straight lines (no street network given); the "
                      "walking_m column holds straight-line metres[/]")
    t = Table(title="Outcome", show_header=True)
    t.add_column("district")
    for col in ("children", "first choice", "any choice", "fallback", "unplaced", "median m"):
        t.add_column(col, justify="right")

    def row(name: str, s: dict) -> None:
        if s.get("suppressed"):
            t.add_row(name, "fewer than 3", "", "", "", "", "")
            return
        t.add_row(name, str(s["children"]), _pct(s["first_choice_share"]),
                  _pct(s["any_choice_share"]), str(s["fallback"]), str(s["unplaced"]),
                  f"{s['distance_m']['median']:.0f}")

    districts = result.statistics["by_district"]
    if len(districts) > 1:
        for name, s in districts.items():
            row(name, s)
    row("[bold]all", stats)
    console.print(t)
    over = sorted((c for c in result.cutoffs if c.refused), key=lambda c: -c.refused)
    if over:
        o = Table(title=f"Schools that refused applicants ({len(over)})")
        o.add_column("school")
        o.add_column("places", justify="right")
        o.add_column("1st choice", justify="right")
        o.add_column("refused", justify="right")
        o.add_column("cutoff")
        for c in over[:10]:
            o.add_row(c.name, str(c.capacity), str(c.first_choice_applicants), str(c.refused),
                      describe_cutoff(c, c.rules, c.distance_kind, "en"))
        console.print(o)
    console.print(f"segregation across districts (Theil H): "
                  f"{result.statistics['segregation_theil_h']}")
    verdicts = ", ".join(
        f"{c.name} {'[green]ok[/]' if c.passed else f'[red]{c.violations} violations[/]'}"
        for c in result.audit.checks)
    console.print(f"audit: {verdicts}", highlight=False)
    far = next((c for c in result.audit.checks if c.name == "guaranteed_distance"), None)
    if far is not None and not far.passed:
        console.print(f"[yellow]{far.children} children were assigned a school beyond their "
                      "guaranteed distance: too few places near their homes (audit.json lists "
                      "them)[/]")
    if out is not None:
        console.print(f"placements: {out}")
    if run_dir is not None:
        console.print(f"run record: {run_dir}")
