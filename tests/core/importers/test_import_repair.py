"""Mojibake repair: the shortcut that skips ftfy must never change what a line becomes."""

from __future__ import annotations

import os

import ftfy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist_gui.core.importers import repair

PROFILE = settings(
    max_examples=3000 if os.environ.get("READINGLIST_HYPOTHESIS") == "nightly" else 300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FTFY_EVERY_LINE = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)

characters = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xA0, max_codepoint=0x24F),
    st.sampled_from(
        list(
            "\u2014\u2013\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2122\u2020\u2021\u2030\u0160\u0161\u0152\u0153\u017d\u017e\u0178\u0192\u02c6\u02dc\u203a\u2039\u221a\u2248\u2202\u0131\u03a9\u2264\u2265\u00f7\u2206\u00ab\u00bb\u00a0&\ufb01"
        )
    ),  # dashes, quotes, code-page symbols
    st.characters(min_codepoint=0x370, max_codepoint=0x3FF),
    st.characters(min_codepoint=0x400, max_codepoint=0x45F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1F340),
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),
)
intact = st.text(characters, max_size=12)
damaged = st.sampled_from(["cp1252", "mac_roman", "latin-1", "cp1250", "cp1251"]).flatmap(
    lambda page: intact.map(lambda text: text.encode("utf-8").decode(page, "ignore"))
)
lines = st.lists(st.one_of(intact, damaged), max_size=4).map(" ".join)


@PROFILE
@given(line=lines)
def test_a_line_repairs_to_what_ftfy_makes_of_it(line: str) -> None:
    if line.isascii():
        assert repair.repair_line(line) == line
        return
    assert repair.repair_line(line) == ftfy.fix_text(repair._round_trip(line), FTFY_EVERY_LINE)


def test_damage_is_repaired_and_intact_text_is_left_alone() -> None:
    damaged_emoji = "\U0001f4ca Stats \u00d7 2".encode().decode("mac_roman")
    assert repair.repair_line(damaged_emoji) == "\U0001f4ca Stats \u00d7 2"
    assert repair.repair_line("voil\u00c3\u00a0 le travail") == "voil\u00e0 le travail"
    for text in ["Title \u2014 a remark", "na\u00efve \u201cquotes\u201d", "\u6570\u636e \u96c6"]:
        assert repair.repair_line(text) == text
