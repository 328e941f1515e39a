"""Locale formatting: Swedish and English numbers, percentages, metres, Swedish time."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from huvudman.words.formatting import local_date, local_time, metres, number, percent


def test_swedish_and_english_ways() -> None:
    assert percent(0.808, "sv") == "80,8\u00a0%"
    assert percent(0.808, "en") == "80.8%"
    assert metres(1225.4, "sv") == "1\u00a0225\u00a0m"
    assert metres(1225.4, "en") == "1,225\u00a0m"
    assert number(3.14159, "sv", 2) == "3,14"


def test_times_are_read_in_stockholm_summer_and_winter() -> None:
    assert local_time(datetime(2027, 1, 20, 9, 0, tzinfo=UTC)) == "2027-01-20 10:00"
    assert local_time(datetime(2027, 7, 1, 22, 30, tzinfo=UTC)) == "2027-07-02 00:30"
    assert local_time(datetime(2027, 1, 20, 9, 0)) == "2027-01-20 10:00"  # stored as UTC
    assert local_date(datetime(2027, 3, 14, 23, 30, tzinfo=UTC)) == "2027-03-15"
    assert local_time(None) == ""


@given(st.floats(0, 1e7, allow_nan=False))
def test_metres_read_back_as_the_rounded_number(value: float) -> None:
    for lang in ("sv", "en"):
        text = metres(value, lang).removesuffix("\u00a0m")
        digits = text.replace("\u00a0", "").replace(",", "").replace("\u2009", "")
        assert int(digits) == round(value)


def test_the_shared_catalog_translates_every_word_and_plural() -> None:
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from huvudman.words.catalogs import translations

    root = Path(__file__).resolve().parents[1] / "src" / "huvudman" / "words"
    ids = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(
        root, method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)})}
    with (root / "locale" / "sv" / "LC_MESSAGES" / "words.po").open("rb") as fh:
        done = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh)
                if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))}
    assert len(ids) > 60 and ids <= done, sorted(ids - done)
    sv = translations("sv")
    assert sv.ngettext("%(n)s place", "%(n)s places", 1) % {"n": 1} == "1 plats"
    assert sv.ngettext("%(n)s place", "%(n)s places", 5) % {"n": 5} == "5 platser"


def test_each_message_is_translated_in_one_catalog_only() -> None:
    from pathlib import Path

    from babel.messages.pofile import read_po

    src = Path(__file__).resolve().parents[1] / "src" / "huvudman"
    ids = []
    for po in (src / "portal" / "locale" / "sv" / "LC_MESSAGES" / "portal.po",
               src / "words" / "locale" / "sv" / "LC_MESSAGES" / "words.po"):
        with po.open("rb") as fh:
            ids.append({m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id})
    assert not ids[0] & ids[1], sorted(ids[0] & ids[1])[:5]
