"""The command line, run as a user runs it: real files in, real files and exit codes out."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
HUVUDMAN = [sys.executable, "-m", "huvudman"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HUVUDMAN, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.fixture()
def examples(tmp_path: Path) -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip(f"shared examples not found at {EXAMPLES}")
    for name in ("schools.csv", "children.csv", "priorities.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_place_on_the_examples(examples: Path) -> None:
    out = examples / "placements.csv"
    proc = run("place", "--schools", examples / "schools.csv", "--children",
               examples / "children.csv", "--seed", "1", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().splitlines()[0] == "child_id,school_id,choice_rank,rule,walking_m"
    placed = {r["child_id"]: r for r in rows(out)}
    assert len(placed) == 5
    assert placed["b0002"]["rule"] == "sibling"
    assert placed["b0004"]["rule"] == "fallback" and placed["b0004"]["choice_rank"] == ""
    assert all(float(r["walking_m"]) > 0 for r in placed.values())
    assert "audit: capacity ok" in proc.stderr


def test_explicit_priorities_and_no_fallback(examples: Path) -> None:
    out = examples / "q.csv"
    proc = run("place", "--schools", examples / "schools.csv", "--children",
               examples / "children.csv", "--priorities", examples / "priorities.csv",
               "--fallback", "none", "--out", out)
    assert proc.returncode == 0, proc.stderr
    placed = {r["child_id"]: r for r in rows(out)}
    assert placed["b0004"]["school_id"] == "" and placed["b0004"]["rule"] == ""
    assert {r["rule"] for r in placed.values()} <= {"explicit", "lottery", ""}


def test_same_inputs_and_seed_give_byte_identical_runs(examples: Path) -> None:
    for name in ("one", "two"):
        proc = run("place", "--schools", examples / "schools.csv", "--children",
                   examples / "children.csv", "--seed", "9", "--out", examples / f"{name}.csv",
                   "--run-dir", examples / name)
        assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in (examples / "one").iterdir())
    assert {"run.json", "placements.csv", "cutoffs.csv", "statistics.json", "audit.json",
            "config.json", "applications.csv", "explanations.csv"} <= set(files)
    for name in files:
        assert (examples / "one" / name).read_bytes() == (examples / "two" / name).read_bytes()
    assert (examples / "one.csv").read_bytes() == (examples / "one" / "placements.csv").read_bytes()


def test_run_directory_is_never_overwritten(examples: Path) -> None:
    args = ["place", "--schools", examples / "schools.csv", "--children",
            examples / "children.csv", "--out", examples / "p.csv", "--run-dir", examples / "r"]
    assert run(*args).returncode == 0
    before = (examples / "r" / "run.json").read_bytes()
    proc = run(*args[:-1], examples / "r")
    assert proc.returncode == 2 and "immutable" in proc.stderr
    assert (examples / "r" / "run.json").read_bytes() == before


BAD_CASES = {
    "negative capacity": ("schools.csv", lambda t: t.replace(",56\n", ",-1\n", 1),
                          "line 2, column 'capacity'"),
    "capacity not a number": ("schools.csv", lambda t: t.replace(",56\n", ",many\n", 1),
                              "line 2, column 'capacity'"),
    "duplicate school": ("schools.csv", lambda t: t + t.splitlines()[1] + "\n",
                         "line 6, column 'school_id'"),
    "unknown school in a choice": ("children.csv", lambda t: t.replace("21470001;21470002",
                                   "21470001;99999999", 1), "line 2, column 'choices'"),
    "duplicate child": ("children.csv", lambda t: t + t.splitlines()[1] + "\n",
                        "line 7, column 'child_id'"),
    "coordinates outside the map": ("children.csv", lambda t: t.replace("57.71655", "48.85", 1),
                                    "line 2, column 'lat'"),
    "latitude not a number": ("children.csv", lambda t: t.replace("57.71655", "north", 1),
                              "line 2, column 'lat'"),
    "wrong number of fields": ("children.csv", lambda t: t.replace(",false\n", "\n", 1),
                               "line 2"),
    "unterminated quote": ("children.csv", lambda t: t.replace("b0003,", "\"b0003,", 1),
                           "malformed CSV"),
    "missing column": ("schools.csv", lambda t: t.replace(",capacity", ",seats", 1),
                       "missing column(s) capacity"),
    "protected not true or false": ("children.csv", lambda t: t.replace(",true\n", ",maybe\n"),
                                    "column 'protected'"),
    "choice listed twice": ("children.csv", lambda t: t.replace("21470001;21470002",
                            "21470001;21470001", 1), "listed twice"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_exits_2_naming_file_line_column_and_writes_nothing(
    examples: Path, case: str
) -> None:
    name, change, where = BAD_CASES[case]
    bad = examples / f"bad-{name}"
    bad.write_text(change((examples / name).read_text(encoding="utf-8")), encoding="utf-8")
    files = {"schools.csv": examples / "schools.csv", "children.csv": examples / "children.csv"}
    files[name] = bad
    out, run_dir = examples / "out.csv", examples / "run"
    proc = run("place", "--schools", files["schools.csv"], "--children", files["children.csv"],
               "--out", out, "--run-dir", run_dir)
    assert proc.returncode == 2, proc.stderr
    assert str(bad) in proc.stderr and where in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists() and not run_dir.exists()


def test_priority_list_missing_an_applicant(examples: Path) -> None:
    pri = examples / "priorities.csv"
    pri.write_text("\n".join(pri.read_text().splitlines()[:-1]) + "\n")  # drop b0003 at 21470004
    out = examples / "out.csv"
    proc = run("place", "--schools", examples / "schools.csv", "--children",
               examples / "children.csv", "--priorities", pri, "--out", out)
    assert proc.returncode == 2
    assert "no rank for child 'b0003' at school '21470004'" in proc.stderr
    assert "line 4, column 'choices'" in proc.stderr
    assert not out.exists()


def test_not_utf8_and_missing_file(examples: Path) -> None:
    bad = examples / "latin1.csv"
    bad.write_bytes((examples / "schools.csv").read_text().replace("Björk", "Bj\xf6rk")
                    .encode("latin-1"))
    proc = run("place", "--schools", bad, "--children", examples / "children.csv",
               "--out", examples / "o.csv")
    assert proc.returncode == 2 and "not valid UTF-8" in proc.stderr and "line 3" in proc.stderr
    proc = run("place", "--schools", examples / "nope.csv", "--children",
               examples / "children.csv", "--out", examples / "o.csv")
    assert proc.returncode == 2 and "file not found" in proc.stderr


def test_bad_rules_file(examples: Path) -> None:
    rules = examples / "rules.toml"
    rules.write_text('[rules]\nchain = ["sibling", "coin_toss", "lottery"]\n')
    proc = run("place", "--schools", examples / "schools.csv", "--children",
               examples / "children.csv", "--rules", rules, "--out", examples / "o.csv")
    assert proc.returncode == 2 and "unknown rule 'coin_toss'" in proc.stderr


def test_generate_place_and_compare_mechanisms(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("generate", "--out", data, "--children", "800", "--schools", "12",
               "--seed", "5").returncode == 0
    for mech in ("deferred-acceptance", "immediate-acceptance", "top-trading-cycles"):
        proc = run("place", "--schools", data / "schools.csv", "--children",
                   data / "children.csv", "--mechanism", mech, "--seed", "3",
                   "--out", tmp_path / f"{mech}.csv", "--run-dir", tmp_path / mech)
        assert proc.returncode == 0, proc.stderr
    proc = run("compare", tmp_path / "deferred-acceptance", tmp_path / "immediate-acceptance",
               "--out", tmp_path / "moved.csv")
    assert proc.returncode == 0, proc.stderr
    assert "children with justified envy" in proc.stdout
    assert "Theil H" in proc.stdout
    moved = rows(tmp_path / "moved.csv")
    assert moved and all(m["why"] for m in moved)
    assert (tmp_path / "moved-school-mix.csv").exists()


def test_every_preset_places_the_demo_and_passes_the_audit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("generate", "--out", data, "--children", "600", "--schools", "10").returncode == 0
    listing = run("presets").stdout
    names = [line for line in listing.splitlines() if line and not line.startswith(" ")]
    assert len(names) >= 3
    for name in names:
        proc = run("place", "--schools", data / "schools.csv", "--children",
                   data / "children.csv", "--rules", name, "--out", tmp_path / f"{name}.csv")
        assert proc.returncode == 0, (name, proc.stderr)
        assert "violations" not in proc.stderr


def test_lottery_command_recomputes_published_numbers(examples: Path) -> None:
    assert run("place", "--schools", examples / "schools.csv", "--children",
               examples / "children.csv", "--seed", "77", "--out", examples / "p.csv",
               "--run-dir", examples / "r").returncode == 0
    published = {r["child_id"]: r["lottery"] for r in rows(examples / "r" / "explanations.csv")}
    proc = run("lottery", "--seed", "77", "b0001", "b0005")
    got = dict(line.split(",") for line in proc.stdout.split())
    assert got == {"b0001": published["b0001"], "b0005": published["b0005"]}


def test_demo_runs_and_reproduces(tmp_path: Path) -> None:
    proc = run("demo", "--out", tmp_path / "demo")
    assert proc.returncode == 0, proc.stderr
    assert "6000 children, 60 schools" in proc.stderr
    assert (tmp_path / "demo" / "placements.csv").exists()
    again = run("demo", "--out", tmp_path / "demo")
    assert again.returncode == 0 and "byte for byte" in again.stderr
