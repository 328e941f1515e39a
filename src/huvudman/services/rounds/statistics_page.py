"""Statistics for staff from a run record: shares by district as a table, a plot and CSV."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from huvudman.datafiles.outputs import export_csv
from huvudman.documents.charts import COLOURS, figure, plain, to_svg
from huvudman.runs.reader import read_json, read_rows

YEAR_COLUMNS = ("round", "run")
STAT_COLUMNS = ("district", "children", "first_choice_share", "any_choice_share",
                "fallback_share", "unplaced_share", "median_m")


def district_rows(run_dir: Path) -> list[dict[str, object]]:
    """One row per district (and "all") with the run's shares."""
    stats = read_json(Path(run_dir) / "statistics.json")
    rows = []
    for name, s in [*sorted(stats["by_district"].items()), ("all", stats["overall"])]:
        if s.get("suppressed"):  # fewer than three children: nothing shown
            rows.append({"district": name, "suppressed": True, "children": None,
                         **{c: None for c in ("first_choice_share", "any_choice_share",
                                              "fallback_share", "unplaced_share", "median_m")}})
            continue
        rows.append({"district": name, "children": s["children"],
                     "first_choice_share": s["first_choice_share"],
                     "any_choice_share": s["any_choice_share"],
                     "fallback_share": s["fallback_share"],
                     "unplaced_share": s["unplaced_share"],
                     "median_m": s["distance_m"]["median"] if s["distance_m"] else None})
    return rows


def statistics_csv(years: list[tuple[str, int, list[dict[str, object]]]]) -> str:
    """The district tables of every year as one CSV (for export): (round, run id, rows)."""
    return export_csv((*YEAR_COLUMNS, *STAT_COLUMNS),
                    [[round_name, run_id, *(r[c] for c in STAT_COLUMNS)]
                     for round_name, run_id, rows in years for r in rows])


def oversubscription(run_dir: Path) -> list[dict[str, str]]:
    """Schools that refused applicants, most refusals first."""
    rows = [r for r in read_rows(Path(run_dir) / "cutoffs.csv") if int(r["refused"]) > 0]
    return sorted(rows, key=lambda r: -int(r["refused"]))


def shares_svg(rows: list[dict[str, object]], title: str, labels: tuple[str, str, str]) -> str:
    """A bar chart (SVG) of first choice, any choice and fallback shares by district (drawn
    once per figures, title and language: a run's figures never change, and drawing takes
    a sixth of a second)."""
    return _shares_svg(tuple(tuple(str(r.get(k) or 0) for k in _CHART_KEYS) for r in rows),
                       title, labels)


#: What the shares chart draws of each district's row.
_CHART_KEYS = ("district", "first_choice_share", "any_choice_share", "fallback_share")


@lru_cache(maxsize=32)
def _shares_svg(rows: tuple[tuple[str, ...], ...], title: str,
                labels: tuple[str, str, str]) -> str:
    import numpy as np

    rows = [dict(zip(_CHART_KEYS, r, strict=True)) for r in rows]
    names = [plain(str(r["district"])) for r in rows]
    x = np.arange(len(names))
    fig, ax = figure(8, 3.6)
    for k, (key, colour) in enumerate((("first_choice_share", COLOURS[0]),
                                       ("any_choice_share", COLOURS[1]),
                                       ("fallback_share", COLOURS[2]))):
        ax.bar(x + (k - 1) * 0.27, [100 * float(r[key] or 0) for r in rows], 0.27,
               label=plain(labels[k]), color=colour)
    ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("%")
    ax.set_ylim(0, 100)
    ax.set_title(plain(title), fontsize=10)
    ax.legend(fontsize=8, loc="center right")
    return to_svg(fig)


def measured_on_foot(run_dir: Path) -> bool:
    """Whether a run measured distances as walks along streets (else in straight lines)."""
    return read_json(Path(run_dir) / "run.json").get("distance") == "walking"
