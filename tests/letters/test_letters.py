"""Letters read back: every number in them is the number in the run record."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from letter_helpers import LOCALE, ROOT, rows, run, text_of


def test_catalogs_are_complete() -> None:
    ids = {msg[2] for msg in extract_from_dir(
        ROOT / "src" / "huvudman" / "letters",
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None})}
    assert len(ids) > 50
    for code in ("sv", "sv_easy"):
        with (LOCALE / code / "LC_MESSAGES" / "letters.po").open("rb") as fh:
            catalog = read_po(fh)
        done = {m.id for m in catalog if m.id and m.string}
        assert ids <= done, (code, sorted(ids - done))


def test_every_number_matches_the_run(run_dir: Path) -> None:
    letters = run_dir.parent / "letters"
    placements = {r["child_id"]: r for r in rows(run_dir / "placements.csv")}
    cutoffs = {r["school_id"]: r for r in rows(run_dir / "cutoffs.csv")}
    apps: dict[str, list[dict[str, str]]] = {}
    for r in rows(run_dir / "applications.csv"):
        apps.setdefault(r["child_id"], []).append(r)
    explained = {r["child_id"]: r for r in rows(run_dir / "explanations.csv")}
    protected = {c for c, r in explained.items() if r["protected"] == "true"}
    checked_refusals = 0
    for cid, p in placements.items():
        page = (letters / f"{cid}.en.html").read_text(encoding="utf-8")
        assert f'data-school="{p["school_id"]}"' in page
        if p["choice_rank"]:
            assert f'data-fact="choice-rank" data-value="{p["choice_rank"]}"' in page
        if cid in protected:
            assert "Protected personal data" in page and 'data-fact="distance"' not in page
            continue
        if p["walking_m"]:
            assert f'data-fact="distance" data-value="{float(p["walking_m"]):.0f}"' in page
        for a in apps.get(cid, []):
            assert f'data-school="{a["school_id"]}" data-distance="' \
                   f'{float(a["distance_m"]):.0f}"' in page
            rank = int(p["choice_rank"] or 99)
            if int(a["choice_rank"]) < rank:
                cut = cutoffs[a["school_id"]]
                text = text_of(page)
                assert (f"Places at {cut['name']}: {cut['capacity']}. Children who applied: "
                        f"{cut['applicants']}.") in text
                if cut["decided_by"] == "proximity" and a["group"] == cut["cutoff_group"] \
                        and round(float(a["proximity_m"])) != \
                        round(float(cut["cutoff_proximity_m"])):
                    # in positive metres, naming the school compared with
                    line, own = float(cut["cutoff_proximity_m"]), float(a["proximity_m"])
                    name = cut["name"]
                    assert (f"at most {round(-line):,} m farther to {name} than to their "
                            f"nearest school" if line < 0 else
                            f"whose way to {name} is at least {round(line):,} m shorter "
                            f"than to any other school") in text
                    nearest = cutoffs[explained[cid]["nearest_school_id"]]["name"]
                    assert (f"Your child has {round(-own):,} m farther to {name} than to "
                            f"{nearest}, your nearest school" if own < 0 else
                            f"Your child's way to {name} is {round(own):,} m shorter") in text
                    checked_refusals += 1
    assert checked_refusals > 10


def test_languages_and_protected_identity(run_dir: Path) -> None:
    letters = run_dir.parent / "letters"
    protected = next(r["child_id"] for r in rows(run_dir / "explanations.csv")
                     if r["protected"] == "true")
    for lang, tag, word in (("sv", "sv", "Beslut om skolplacering"),
                            ("sv-easy", "sv", "Beslut om skola"),
                            ("en", "en", "Decision on school placement")):
        page = (letters / f"{protected}.{lang}.html").read_text(encoding="utf-8")
        assert f'<html lang="{tag}" dir="ltr">' in page and word in page
        assert " m (" not in text_of(page)  # no distance to the home anywhere
        assert "<table" not in page


def test_unknown_language_and_run(tmp_path: Path) -> None:
    proc = run("letters", "--run-dir", tmp_path, "--lang", "sv", "--out", tmp_path / "l")
    assert proc.returncode == 2 and "not a run directory" in proc.stderr
    proc = run("letters", "--run-dir", tmp_path, "--lang", "xx", "--out", tmp_path / "l")
    assert proc.returncode == 2 and "available" in proc.stderr


def test_a_translators_right_to_left_catalog(run_dir: Path, tmp_path: Path) -> None:
    """A pseudo-Arabic catalog from outside the package gives a right-to-left letter."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    with (LOCALE / "sv" / "LC_MESSAGES" / "letters.po").open("rb") as fh:
        source = read_po(fh)
    pseudo = Catalog(locale="ar")
    for m in source:
        if m.id:
            pseudo.add(m.id, "\u200f[ع] " + m.id)  # right-to-left mark, marked English text
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "letters.po").open("wb") as fh:
        write_po(fh, pseudo)
    out = tmp_path / "letters"
    proc = subprocess.run([sys.executable, "-m", "huvudman", "letters", "--run-dir", str(run_dir),
                           "--lang", "ar", "--out", str(out)], capture_output=True, text=True,
                          env={"COLUMNS": "200", "HUVUDMAN_LOCALE_PATH": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    page = next(out.glob("*.ar.html")).read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "[ع] Decision on school placement" in page
    assert "text-align: start" in page  # logical alignment follows the direction


def test_no_letter_shows_a_negative_distance(run_dir: Path) -> None:
    import re

    negative = re.compile(r"[-−]\s?\d[\d\s,.]*\s?m\b")
    letters = sorted((run_dir.parent / "letters").glob("*.html"))
    assert len(letters) > 2000  # every letter of the run in every language
    for page in letters:
        found = negative.search(text_of(page.read_text(encoding="utf-8")))
        assert found is None, (page.name, found.group(0))


def test_lix() -> None:
    from huvudman.letters.readability import lix

    # 8 words, 2 sentences, 2 long words (skolplacering, förvaltningsrätten): 4 + 25 = 29
    assert lix("Ert barn har fått skolplacering. Ring förvaltningsrätten nu.") == 29.0
    assert lix("") == 0.0


def test_easy_read_letters_are_easy(run_dir: Path) -> None:
    from huvudman.letters.readability import lix
    from huvudman.services.letters.letter_run import letter_text

    letters = run_dir.parent / "letters"
    easy = [lix(letter_text(p.read_text(encoding="utf-8"))) for p in letters.glob("*.sv-easy.html")]
    plain = [lix(letter_text(p.read_text(encoding="utf-8"))) for p in letters.glob("*.sv.html")]
    assert len(easy) == 700 and max(easy) < 30
    assert sum(easy) / len(easy) < sum(plain) / len(plain)


def test_languages_do_not_mix_in_one_process(run_dir: Path) -> None:
    """Letters in several languages rendered one after another each keep their own words."""
    from huvudman.letters.render import render_letter
    from huvudman.services.letters.letter_run import run_letters

    facts = next(iter(run_letters(run_dir)))
    titles = {"sv": "<h1>Beslut om skolplacering</h1>", "en": "<h1>Decision on school placement",
              "sv-easy": "<h1>Beslut om skola</h1>"}
    for _ in range(2):
        for lang, title in titles.items():
            assert title in render_letter(facts, lang), lang


def test_a_batch_killed_halfway_leaves_the_folder_as_it_was(run_dir: Path,
                                                            tmp_path: Path) -> None:
    """Letters are written beside the folder and moved in only when the whole batch is done:
    killed after some letters, the folder holds what it held before; the next batch works and
    leaves no staging folder behind."""
    from rich.console import Console

    from huvudman.services.letters import letter_run

    out = tmp_path / "letters"
    out.mkdir()
    (out / "earlier.txt").write_text("a file from before", encoding="utf-8")
    before = sorted(p.name for p in out.iterdir())
    real = letter_run.compose_letter
    made = []

    def killed_after_five(*args, **kwargs):
        if len(made) == 5:
            raise SystemExit("killed")
        made.append(1)
        return real(*args, **kwargs)

    letter_run.compose_letter = killed_after_five
    try:
        with pytest.raises(SystemExit):
            letter_run.write_letters(run_dir, "sv", "html", out, Console(quiet=True))
    finally:
        letter_run.compose_letter = real
    assert made and sorted(p.name for p in out.iterdir()) == before
    assert letter_run.write_letters(run_dir, "sv", "html", out, Console(quiet=True)) == 0
    written = sorted(p.name for p in out.glob("*.sv.html"))
    assert len(written) == len(rows(run_dir / "placements.csv"))
    assert not list(tmp_path.glob(".letters.partial-*"))
