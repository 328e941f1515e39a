"""Every reader, fed damaged input generated from valid files (hypothesis): schools.csv,
children.csv, priorities.csv, the register upload (CSV and Excel), rule files (TOML), street
maps (OSM XML) and run records. Each either reads the file or refuses it with its own error
(file, line, column, reason) — never another exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import count_case
from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance, read_priorities
from huvudman.datafiles.register import UnreadableFile, check_children, check_schools, read_table
from huvudman.datafiles.rules import load_rules, preset_names, preset_text
from huvudman.runs.reader import read_run
from huvudman.services.rounds.placement_run import PlacementRequest, execute
from huvudman.services.streets.distance_sources import open_network

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
SCHOOLS = """school_id,name,lat,lon,capacity,district
21470001,Ekbackens skola,57.71920,11.94110,2,Norr
21470002,Björkängsskolan,57.70510,11.96540,1,Söder
21470003,Lindgårdens skola,57.69830,11.98870,3,Söder
"""
CHILDREN = """child_id,lat,lon,choices,siblings,special_reasons,protected,district,grade
b0001,57.71655,11.94560,21470001;21470002,,,false,Norr,F
b0002,57.70320,11.96010,21470002;21470001;21470003,21470002,,false,Söder,F
b0003,57.72290,11.97100,21470003,,,true,Norr,F
b0004,57.70100,11.95000,21470001,,21470001,false,Söder,F
"""
PRIORITIES = """school_id,child_id,rank
21470001,b0001,1
21470001,b0002,2
21470001,b0004,3
21470002,b0001,1
21470002,b0002,2
21470003,b0002,1
21470003,b0003,2
"""
OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
 <node id="1" lat="57.7000" lon="11.9400"/>
 <node id="2" lat="57.7100" lon="11.9500"/>
 <node id="3" lat="57.7200" lon="11.9700"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="footway"/></way>
</osm>
"""
PIECES = [",", ";", "\n", "\r\n", '"', "\x00", "-1", "1e999", "nan", "inf", "\ufeff", " ",
          "\t", "99999999999", "true", "TRUE", "<", "/>", "=", "[", "]", "#", "é", "Ω", ""]
EXAMPLES_RUN = 120
FUZZ = settings(max_examples=EXAMPLES_RUN, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@st.composite
def damaged(draw, text: str) -> str:
    """`text` with a few random edits: characters inserted, deleted or replaced, a line
    repeated or dropped, the end cut off."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "line", "cut"]))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        elif op == "replace":
            text = text[:at] + piece + text[at + len(piece):]
        elif op == "line":
            lines = text.split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k]) if draw(st.booleans()) else lines.pop(k)
            text = "\n".join(lines)
        else:
            text = text[:at]
    return text


def _encoded(draw, text: str) -> bytes:
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1",
                                             "utf-16"])), errors="replace")


def _files(tmp: Path, **texts: bytes) -> dict[str, Path]:
    out = {}
    for name, data in texts.items():
        out[name] = tmp / f"{name}.csv"
        out[name].write_bytes(data)
    return out


@FUZZ
@given(st.data())
def test_placement_inputs_read_or_refuse(data) -> None:
    which = data.draw(st.sampled_from(["schools", "children", "priorities"]))
    texts = {"schools": SCHOOLS, "children": CHILDREN, "priorities": PRIORITIES}
    texts[which] = data.draw(damaged(texts[which]))
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(Path(tmp), **{k: _encoded(data.draw, v) if k == which else v.encode()
                                     for k, v in texts.items()})
        count_case("readers: placement inputs")
        try:
            instance = read_instance(files["schools"], files["children"])
            read_priorities(files["priorities"], instance, files["children"])
        except InputError as err:
            assert str(err).strip()


@FUZZ
@given(st.data())
def test_register_uploads_read_or_refuse(data) -> None:
    which = data.draw(st.sampled_from(["schools", "children"]))
    name = data.draw(st.sampled_from(["register.csv", "register.xlsx"]))
    raw = _encoded(data.draw, data.draw(damaged(SCHOOLS if which == "schools" else CHILDREN)))
    if name.endswith(".xlsx"):
        raw = data.draw(st.one_of(st.just(raw), st.binary(max_size=400),
                                  st.just(b"PK\x03\x04" + raw)))
    count_case("readers: register uploads")
    try:
        header, rows = read_table(name, raw)
    except UnreadableFile as err:
        assert str(err).strip()
        return
    checked = (check_schools(header, rows) if which == "schools"
               else check_children(header, rows, {"21470001", "21470002", "21470003"}))
    for rejection in checked.rejected:
        assert rejection.line >= 1 and rejection.reason


@FUZZ
@given(st.data())
def test_rule_files_read_or_refuse(data) -> None:
    text = data.draw(damaged(preset_text(data.draw(st.sampled_from(preset_names())))))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.toml"
        path.write_bytes(_encoded(data.draw, text))
        count_case("readers: rule files")
        try:
            load_rules(str(path))
        except InputError as err:
            assert str(path) in str(err)


@FUZZ
@given(st.data())
def test_street_maps_read_or_refuse(data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "streets.osm"
        path.write_bytes(_encoded(data.draw, data.draw(damaged(OSM))))
        count_case("readers: street maps")
        try:
            open_network(path)
        except InputError as err:
            assert str(path) in str(err)


@pytest.fixture(scope="module")
def run_record(tmp_path_factory) -> Path:
    """A run record written by the engine, to damage."""
    tmp = tmp_path_factory.mktemp("run")
    files = _files(tmp, schools=SCHOOLS.encode(), children=CHILDREN.encode())
    _, written = execute(PlacementRequest(schools=files["schools"], children=files["children"],
                                          out=tmp / "p.csv", seed=1, run_dir=tmp / "record"))
    from huvudman.runs.record import write_run

    write_run(tmp / "record", written)
    return tmp / "record"


def test_run_records_read_or_refuse(run_record: Path) -> None:
    names = sorted(p.name for p in run_record.iterdir() if p.suffix in (".csv", ".json"))
    read_run(run_record, "A")

    @FUZZ
    @given(st.data())
    def check(data) -> None:
        name = data.draw(st.sampled_from(names))
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "record"
            shutil.copytree(run_record, copy)
            target = copy / name
            if data.draw(st.integers(0, 9)) == 0:
                target.unlink()
            else:
                damaged_text = data.draw(damaged(target.read_text(encoding="utf-8")))
                target.write_bytes(_encoded(data.draw, damaged_text))
            count_case("readers: run records")
            try:
                read_run(copy, "A")
            except InputError as err:
                assert str(copy) in str(err)

    check()
