"""PDF letters read back, the map of the walk, and an automated accessibility (WCAG) check."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from letter_helpers import rows, run

from huvudman.decisions.appeals import ADMINISTRATIVE, LEGALITY, route_for
from huvudman.runs.reader import read_json
from huvudman.services.letters.letter_routes import letter_routes


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def some_children(run_dir: Path) -> dict[str, str]:
    """A protected child, a child refused at a higher choice, and a fallback child."""
    expl = rows(run_dir / "explanations.csv")
    placements = {r["child_id"]: r for r in rows(run_dir / "placements.csv")}
    refused = {r["child_id"] for r in rows(run_dir / "applications.csv")
               if r["outcome"] == "refused"}
    protected = next(r["child_id"] for r in expl if r["protected"] == "true")
    return {
        "protected": protected,
        "refused": next(c for c, p in placements.items()
                        if c in refused and p["choice_rank"] not in ("", "1") and c != protected),
        "fallback": next(c for c, p in placements.items()
                         if p["rule"] == "fallback" and c != protected),
    }


@pytest.fixture(scope="module")
def pdf_dir(run_dir: Path) -> Path:
    out = run_dir.parent / "pdf"
    picked = some_children(run_dir)
    args = [a for c in picked.values() for a in ("--child", c)]
    proc = run("letters", "--run-dir", run_dir, "--lang", "sv", "--format", "pdf", "--out", out,
               "--inputs", run_dir.parent / "data", "--workers", "2", *args)
    assert proc.returncode == 0, proc.stderr
    said = proc.stderr.replace("\n", " ")
    assert "3 letters (pdf)" in said and "2 with a map" in said
    return out


def test_pdf_letters_say_what_the_run_says(run_dir: Path, pdf_dir: Path) -> None:
    picked = some_children(run_dir)
    placements = {r["child_id"]: r for r in rows(run_dir / "placements.csv")}
    cutoffs = {r["school_id"]: r for r in rows(run_dir / "cutoffs.csv")}
    assert sorted(p.name for p in pdf_dir.iterdir()) == sorted(f"{c}.sv.pdf"
                                                               for c in picked.values())
    for kind, cid in picked.items():
        text = pdf_text(pdf_dir / f"{cid}.sv.pdf")
        p = placements[cid]
        school = cutoffs[p["school_id"]]["name"]
        assert f"Ert barn har fått plats på {school}" in text
        # one way to appeal, the one this child's refusal takes (decisions.appeals)
        refused = sorted((int(a["choice_rank"]), a["school_id"])
                         for a in rows(run_dir / "applications.csv")
                         if a["child_id"] == cid and a["outcome"] == "refused")
        way = route_for(cutoffs[refused[0][1]]["decided_by"] or "lottery") if refused else ""
        assert ("Skolväsendets överklagandenämnd" in text) == (way == ADMINISTRATIVE)
        assert ("laglighetsprövning" in text) == (way == LEGALITY)
        assert ("inget att överklaga" in text) == (way == "")
        if kind == "protected":
            assert "skyddade personuppgifter" in text
            assert "Gångväg" not in text and "Avståndet från ert hem" not in text
            continue
        metres = f"{round(float(p['walking_m'])):,}".replace(",", " ")
        assert f"Avståndet från ert hem till skolan är {metres} m (gångavstånd)" in text
        assert "Den blå linjen är gångvägen" in text  # the map's caption
        for a in rows(run_dir / "applications.csv"):
            if a["child_id"] == cid and a["outcome"] == "refused":
                cut = cutoffs[a["school_id"]]
                assert (f"Platser på {cut['name']}: {cut['capacity']}. Barn som sökte: "
                        f"{cut['applicants']}.") in text


def test_pdfs_are_tagged_with_the_letters_title_and_language(run_dir: Path, pdf_dir: Path) -> None:
    from pypdf import PdfReader

    cid = some_children(run_dir)["refused"]
    reader = PdfReader(pdf_dir / f"{cid}.sv.pdf")
    assert reader.metadata.title == f"Beslut om skolplacering – {cid}"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged for readers


def test_routes_are_as_long_as_the_run_measured(run_dir: Path) -> None:
    run_record = read_json(run_dir / "run.json")
    placements = {r["child_id"]: r for r in rows(run_dir / "placements.csv")}
    protected = {r["child_id"] for r in rows(run_dir / "explanations.csv")
                 if r["protected"] == "true"}
    routes = letter_routes(run_record, {c: p["school_id"] for c, p in placements.items()},
                           run_dir.parent / "data")
    assert len(routes) == len(placements) - len(protected)
    assert not protected & routes.keys()
    for cid, route in routes.items():
        assert abs(route.length_m - float(placements[cid]["walking_m"])) < 0.1, cid
        x0, y0, x1, y1 = route.window
        inside = ((route.route[:, 0] >= x0) & (route.route[:, 0] <= x1)
                  & (route.route[:, 1] >= y0) & (route.route[:, 1] <= y1))
        assert inside.all(), cid


def test_the_map_is_in_the_html_letter_but_never_for_a_protected_child(run_dir: Path) -> None:
    letters = run_dir.parent / "letters"
    picked = some_children(run_dir)
    page = (letters / f"{picked['refused']}.en.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="route-map" role="img"' in page
    assert "<title id=\"map-title\">Walking route to" in page
    protected = (letters / f"{picked['protected']}.en.html").read_text(encoding="utf-8")
    assert "<svg" not in protected and "data-fact=\"map\"" not in protected
    assert "<svg" not in (letters / f"{picked['refused']}.sv.html").read_text(encoding="utf-8")


def test_inputs_that_are_not_the_runs_own_are_refused(run_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(run_dir.parent / "data", data)
    children = data / "children.csv"
    children.write_text(children.read_text() + "\n")
    proc = run("letters", "--run-dir", run_dir, "--out", tmp_path / "l", "--inputs", data)
    assert proc.returncode == 2
    assert "children.csv" in proc.stderr and "is not the children file this run placed" in \
        proc.stderr.replace("\n", " ")
    assert not (tmp_path / "l").exists()
    recorded = json.loads((run_dir / "run.json").read_text())["inputs"]["files"]["children"]
    assert recorded["sha256"] == hashlib.sha256(
        (run_dir.parent / "data" / "children.csv").read_bytes()).hexdigest()


def test_letters_pass_an_automated_wcag_check(run_dir: Path) -> None:
    """axe-core (the WCAG 2.1 A and AA rules) in Debian's Chromium, on letters in every
    language, with a map, for a protected child, and right to left."""
    import axe_playwright_python
    from playwright.sync_api import sync_playwright

    axe = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    letters = run_dir.parent / "letters"
    picked = some_children(run_dir)
    pages = [letters / f"{picked['refused']}.{lang}.html" for lang in ("sv", "en", "sv-easy")]
    pages += [letters / f"{picked['protected']}.en.html", letters / f"{picked['fallback']}.en.html"]
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--no-sandbox"])
        page = browser.new_page()
        for path in pages:
            page.goto(path.as_uri())
            page.add_script_tag(path=str(axe))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
            problems = [(v["id"], v["help"], len(v["nodes"])) for v in result["violations"]]
            assert problems == [], (path.name, problems)
            assert len(result["passes"]) >= 10  # the rules did run
        browser.close()
