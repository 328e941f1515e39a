"""The `huvudman` command line: the same services the portal uses, for officers and scripts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from huvudman.placement.mechanisms.registry import MECHANISM_NAMES

app = typer.Typer(
    name="huvudman",
    help="Fair, explainable school placement for Swedish municipalities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
EXIT_INPUT = 2


def _fail_input(message: str) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_INPUT)


@app.command()
def place(
    schools: Annotated[Path, typer.Option(help="schools.csv: school_id,name,lat,lon,capacity")],
    children: Annotated[Path, typer.Option(help="children.csv (see DESIGN.md)")],
    out: Annotated[Path, typer.Option(help="where to write placements.csv")],
    priorities: Annotated[
        Path | None, typer.Option(help="priorities.csv: explicit ranks replacing the rule chain")
    ] = None,
    rules: Annotated[
        str | None, typer.Option(help="rule configuration: a TOML file or a preset name")
    ] = None,
    mechanism: Annotated[
        str | None,
        typer.Option(help=" | ".join(MECHANISM_NAMES)),
    ] = None,
    fallback: Annotated[str | None, typer.Option(help="nearest | none")] = None,
    seed: Annotated[int, typer.Option(help="lottery seed (published with the run)")] = 0,
    run_dir: Annotated[
        Path | None, typer.Option(help="write the full, immutable run record to this directory")
    ] = None,
    osm: Annotated[
        Path | None, typer.Option(help="OpenStreetMap file (.osm.pbf or .osm) for walking routes")
    ] = None,
    distance: Annotated[
        str | None, typer.Option(help="walking | straight (default: walking when --osm is given)")
    ] = None,
    snap_limit: Annotated[
        float, typer.Option(help="metres a home or school may lie from a walkable way")
    ] = 500.0,
    ferries: Annotated[bool, typer.Option(help="let walks use ferries")] = False,
    quiet: Annotated[bool, typer.Option(help="print nothing but errors")] = False,
) -> None:
    """Place every child in a school and write placements.csv (and the run record)."""
    from huvudman.services.rounds.placement_run import PlacementRequest, run_placement

    request = PlacementRequest(
        schools=schools, children=children, priorities=priorities, rules=rules,
        mechanism=mechanism, fallback=fallback, seed=seed, out=out, run_dir=run_dir,
        osm=osm, distance=distance, snap_limit_m=snap_limit, ferries=ferries,
    )
    code = run_placement(request, console, quiet=quiet)
    raise typer.Exit(code)


@app.command()
def distances(
    osm: Annotated[Path, typer.Option(help="OpenStreetMap file (.osm.pbf or .osm)")],
    schools: Annotated[Path, typer.Option(help="schools.csv")],
    children: Annotated[Path, typer.Option(help="children.csv")],
    out: Annotated[Path, typer.Option(help="where to write distances.csv")],
    snap_limit: Annotated[
        float, typer.Option(help="metres a home or school may lie from a walkable way")
    ] = 500.0,
    ferries: Annotated[bool, typer.Option(help="let walks use ferries")] = False,
) -> None:
    """Walking and straight-line distance from every child to every school."""
    from huvudman.services.streets.distance_table import write_distances

    raise typer.Exit(write_distances(osm, schools, children, out, console, snap_limit, ferries))


@app.command("straight-vs-walking")
def straight_vs_walking(
    osm: Annotated[Path, typer.Option(help="OpenStreetMap file (.osm.pbf or .osm)")],
    schools: Annotated[Path, typer.Option(help="schools.csv")],
    children: Annotated[Path, typer.Option(help="children.csv")],
    out_dir: Annotated[Path, typer.Option(help="folder for the CSV and the map")],
    rules: Annotated[str | None, typer.Option(help="rule configuration (file or preset)")] = None,
    seed: Annotated[int, typer.Option(help="lottery seed")] = 0,
) -> None:
    """Who a straight-line placement would wrong, against walking routes: CSV and map."""
    from huvudman.services.rounds.placement_run import PlacementRequest
    from huvudman.services.streets.distance_report import run_report

    request = PlacementRequest(schools=schools, children=children, rules=rules, seed=seed,
                               osm=osm)
    raise typer.Exit(run_report(request, out_dir, console))


@app.command()
def letters(
    run_dir: Annotated[Path, typer.Option(help="a run directory written by place --run-dir")],
    out: Annotated[Path, typer.Option(help="folder for the letters")],
    lang: Annotated[str, typer.Option(help="sv | en | sv-easy (or a language with a catalog)")]
    = "sv",
    format: Annotated[str, typer.Option("--format", help="html | pdf")] = "html",
    inputs: Annotated[
        Path | None,
        typer.Option(help="folder with the run's input files (schools.csv, children.csv, the "
                          "street map): draws each child's walk on a map"),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="processes making PDFs (default: all cores)")
    ] = None,
    child: Annotated[
        list[str] | None, typer.Option(help="only this child's letter (repeat for more)")
    ] = None,
) -> None:
    """One decision letter per child, explaining the decision, in the guardians' language."""
    from huvudman.services.letters.letter_run import write_letters

    raise typer.Exit(write_letters(run_dir, lang, format, out, console, inputs, workers,
                                   child or ()))


@app.command()
def forecast(
    schools: Annotated[Path, typer.Option(help="schools.csv with this year's places")],
    children: Annotated[Path, typer.Option(help="last year's children.csv, with their choices")],
    lat: Annotated[float, typer.Option(help="latitude of the home (WGS84)")],
    lon: Annotated[float, typer.Option(help="longitude of the home (WGS84)")],
    choices: Annotated[str, typer.Option(help="school ids, best first, separated by ; or ,")],
    out: Annotated[Path, typer.Option(help="where to write chances.csv")],
    siblings: Annotated[
        str, typer.Option(help="school ids where an older sibling attends")
    ] = "",
    simulations: Annotated[int, typer.Option(help="simulated placements")] = 1000,
    seed: Annotated[int, typer.Option(help="seed of the simulations")] = 0,
    rules: Annotated[
        str | None, typer.Option(help="rule configuration: a TOML file or a preset name")
    ] = None,
    osm: Annotated[
        Path | None, typer.Option(help="OpenStreetMap file: walking distances")
    ] = None,
    history: Annotated[
        list[Path] | None, typer.Option(help="an earlier year's run directory (repeat)")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="processes (default: all cores)")] = None,
    backend: Annotated[
        str, typer.Option(help="local (processes) | ray (a local Ray cluster, started here)")
    ] = "local",
    ray_address: Annotated[
        str | None, typer.Option(help="join this Ray cluster instead of starting one")
    ] = None,
) -> None:
    """What are my chances? Admission probabilities for a list of schools, before choosing."""
    from huvudman.services.forecast.forecast_run import ForecastRequest, run_forecast, split_ids

    if simulations < 1:
        raise _fail_input("--simulations must be at least 1")
    request = ForecastRequest(
        schools=schools, children=children, lat=lat, lon=lon, choices=split_ids(choices),
        siblings=split_ids(siblings), simulations=simulations, seed=seed, rules=rules, osm=osm,
        history=tuple(history or ()), workers=workers, backend=backend,
        ray_address=ray_address,
    )
    raise typer.Exit(run_forecast(request, out, console))


@app.command()
def outlook(
    schools: Annotated[Path, typer.Option(help="schools.csv with next year's places")],
    children: Annotated[Path, typer.Option(help="last year's children.csv, with their choices")],
    out_dir: Annotated[Path, typer.Option(help="folder for outlook.csv and at_risk.csv")],
    simulations: Annotated[int, typer.Option(help="simulated cohorts")] = 300,
    seed: Annotated[int, typer.Option(help="seed of the simulations")] = 0,
    rules: Annotated[
        str | None, typer.Option(help="rule configuration: a TOML file or a preset name")
    ] = None,
    osm: Annotated[Path | None, typer.Option(help="OpenStreetMap file: walking distances")] = None,
    add_places: Annotated[
        list[str] | None, typer.Option(help="what if: SCHOOL_ID=PLACES more (repeat)")
    ] = None,
    open_school: Annotated[
        list[str] | None, typer.Option(help="what if: a new school ID;NAME;LAT;LON;PLACES")
    ] = None,
) -> None:
    """Where places will run short next year, who is at risk, and what more places would do."""
    from huvudman.services.forecast.outlook_run import OutlookRequest, run_outlook

    if simulations < 1:
        raise _fail_input("--simulations must be at least 1")
    request = OutlookRequest(schools=schools, children=children, simulations=simulations,
                             seed=seed, rules=rules, osm=osm, add_places=tuple(add_places or ()),
                             open_schools=tuple(open_school or ()))
    raise typer.Exit(run_outlook(request, out_dir, console))


@app.command()
def calibrate(
    schools: Annotated[Path, typer.Option(help="schools.csv")],
    last_year: Annotated[Path, typer.Option(help="children.csv of last year (forecast from)")],
    this_year: Annotated[Path, typer.Option(help="children.csv of this year (forecast, placed)")],
    out_dir: Annotated[Path, typer.Option(help="folder for calibration.csv and reliability.png")],
    sample: Annotated[int, typer.Option(help="children of this year to forecast")] = 500,
    simulations: Annotated[int, typer.Option(help="simulated cohorts")] = 300,
    seed: Annotated[int, typer.Option(help="seed of the sample, simulations and placement")] = 0,
    rules: Annotated[
        str | None, typer.Option(help="rule configuration: a TOML file or a preset name")
    ] = None,
    osm: Annotated[Path | None, typer.Option(help="OpenStreetMap file: walking distances")] = None,
) -> None:
    """How good are the forecasts? Last year's forecasts against this year's placement."""
    from huvudman.services.forecast.calibration_run import CalibrationRequest, run_calibration

    request = CalibrationRequest(schools=schools, last_year=last_year, this_year=this_year,
                                 sample=sample, simulations=simulations, seed=seed, rules=rules,
                                 osm=osm)
    raise typer.Exit(run_calibration(request, out_dir, console))


@app.command()
def compare(
    run_a: Annotated[Path, typer.Argument(help="first run directory")],
    run_b: Annotated[Path, typer.Argument(help="second run directory")],
    out: Annotated[
        Path | None, typer.Option(help="write the children who moved, and why, as CSV")
    ] = None,
    limit: Annotated[int, typer.Option(help="moved children to list on screen")] = 15,
) -> None:
    """Who moved between two runs and why, beside fairness measures of both."""
    from huvudman.services.rounds.run_comparison import compare_runs

    raise typer.Exit(compare_runs(run_a, run_b, out, limit, console))


@app.command()
def generate(
    out: Annotated[Path, typer.Option(help="directory for schools.csv and children.csv")],
    children: Annotated[int, typer.Option(help="children in the year group")] = 6000,
    schools: Annotated[int, typer.Option(help="schools")] = 60,
    seed: Annotated[int, typer.Option(help="generator seed")] = 2021,
    difficulty: Annotated[
        str, typer.Option(help="realistic | hard (seats 2% above demand, popular schools)")
    ] = "realistic",
    streets: Annotated[bool, typer.Option(help="also write the street map streets.osm")] = True,
    year: Annotated[
        int, typer.Option(help="a later year group of the same municipality (0: the first)")
    ] = 0,
) -> None:
    """Generate a synthetic municipality (the demo, or larger cohorts for benchmarks)."""
    from huvudman.services.demo.municipality import write_municipality

    write_municipality(out, children, schools, seed, difficulty, console, streets, year)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="working directory for the demo")] = Path("demo-run"),
    seed: Annotated[int, typer.Option(help="lottery seed")] = 2021,
) -> None:
    """Generate the demo municipality, place its children, print the statistics."""
    from huvudman.services.demo.municipality import run_demo

    raise typer.Exit(run_demo(out, seed, console))


@app.command()
def presets() -> None:
    """List the shipped rule presets."""
    from huvudman.datafiles.rules import load_rules, preset_names

    for name in preset_names():
        cfg = load_rules(name)
        typer.echo(f"{name}\n    {cfg.municipality}: {' → '.join(cfg.chain)}\n"
                   f"    {cfg.description}")


@app.command()
def lottery(
    seed: Annotated[int, typer.Option(help="the published seed of the run")],
    child_ids: Annotated[list[str], typer.Argument(help="child ids")],
) -> None:
    """Recompute children's lottery numbers from a published seed (lower wins)."""
    from huvudman.placement.lottery import lottery_number

    for cid in child_ids:
        typer.echo(f"{cid},{lottery_number(seed, cid):.10f}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    data_dir: Annotated[
        Path, typer.Option(help="folder for the demo's files (last year's cohort)")
    ] = Path("huvudman-data"),
) -> None:
    """The portal for guardians and staff; database from $DATABASE_URL (default: SQLite file
    huvudman.db, filled with the demo municipality when empty)."""
    from huvudman.portal.serve import serve as run

    raise typer.Exit(run(host, port, data_dir, console))


audit_app = typer.Typer(help="The append-only audit log of the portal's database.",
                        no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    checkpoints: Annotated[Path | None, typer.Option(
        help="a file of checkpoints (from `audit checkpoint`): also catches a log cut short "
             "or rewritten whole")] = None,
) -> None:
    """Check the audit log's hash chain ($DATABASE_URL): exit 0 intact, 1 broken."""
    from huvudman.services.audit.verify import verify_audit_log

    raise typer.Exit(verify_audit_log(console, checkpoints))


@audit_app.command("checkpoint")
def audit_checkpoint(
    out: Annotated[Path, typer.Option(help="file to append the checkpoint to (keep it outside "
                                           "the database's reach)")],
) -> None:
    """Append the newest entry's number and hash to a file outside the database."""
    from huvudman.services.audit.verify import checkpoint_audit_log

    raise typer.Exit(checkpoint_audit_log(console, out))


@app.command()
def backup(
    out: Annotated[Path, typer.Option(help="the backup file to write (never overwritten)")],
) -> None:
    """Back up the portal's database ($DATABASE_URL) into one SQLite file, while it runs;
    the copy's audit chain is checked."""
    from huvudman.services.records.backups import back_up_database

    raise typer.Exit(back_up_database(console, out))


@app.command()
def restore(
    source: Annotated[Path, typer.Option("--from", help="a backup file from `huvudman backup`")],
) -> None:
    """Restore a backup into an empty database ($DATABASE_URL, SQLite or PostgreSQL), then
    check every table's rows and the audit chain."""
    from huvudman.services.records.backups import restore_database

    raise typer.Exit(restore_database(console, source))


@app.command()
def retention(
    plan: Annotated[Path | None, typer.Option(
        help="the records plan: a TOML file with [retention] kind = days")] = None,
    apply: Annotated[bool, typer.Option(help="remove what is due (else only show it)")] = False,
) -> None:
    """Retention (gallring): show, or remove and log, the records kept longer than the plan
    says ($DATABASE_URL)."""
    from huvudman.services.records.retention import run_retention

    raise typer.Exit(run_retention(console, plan, apply))


@app.command("person-export")
def person_export(
    who: Annotated[str, typer.Option(help="personnummer, e-mail address or child id")],
    out: Annotated[Path, typer.Option(help="the JSON file to write (never overwritten)")],
) -> None:
    """Everything the database holds about one person (GDPR article 15), as JSON; logged."""
    from huvudman.services.records.person_export import export_person

    raise typer.Exit(export_person(console, who, out))


governance_app = typer.Typer(help="Governance: deviations along the chain of command.",
                             no_args_is_help=True)
app.add_typer(governance_app, name="governance")


@governance_app.command("sweep")
def governance_sweep() -> None:
    """Escalate overdue deviations one level up the chain ($DATABASE_URL); the portal does
    this by itself every few minutes."""
    from huvudman.services.governance.sweep_command import sweep_database

    raise typer.Exit(sweep_database(console))


@governance_app.command("categories")
def governance_categories(
    file: Annotated[Path | None, typer.Option(
        help="a categories file to check (default: $HUVUDMAN_CATEGORIES)")] = None,
) -> None:
    """The kinds of deviation in force — the law's and the municipality's own — with their
    chain of command and times; checks a categories file."""
    from huvudman.services.governance.sweep_command import show_categories

    raise typer.Exit(show_categories(console, file))


feedback_app = typer.Typer(help="Feedback and complaints (the complaint routine).",
                            no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("receive")
def feedback_receive(
    file: Annotated[Path | None, typer.Option(
        help="the e-mail (RFC 822) to receive; default: read it from standard input")] = None,
) -> None:
    """Receive one e-mail as feedback ($DATABASE_URL): a mail server pipes each message sent
    to the feedback address here; the sender gets a receipt by mail."""
    import sys

    from huvudman.services.dialogue.intake_command import receive

    try:
        raw = file.read_bytes() if file else sys.stdin.buffer.read()
    except OSError as err:
        console.print(f"cannot read {file}: {err.strerror}; nothing was received",
                      highlight=False)
        raise typer.Exit(2) from None
    raise typer.Exit(receive(console, raw))


outbox_app = typer.Typer(help="The outbox of e-mail the portal writes.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("send")
def outbox_send() -> None:
    """Send the due mail through HUVUDMAN_SMTP_HOST (the portal does this by itself)."""
    from huvudman.services.notify.send_command import send_outbox

    raise typer.Exit(send_outbox(console))


def main() -> None:
    """Entry point of the `huvudman` script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        console.print("interrupted; nothing was written")
        sys.exit(130)
