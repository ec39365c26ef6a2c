"""Properties that hold for any input: readers never raise, and indexes stay valid."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist_gui.core.importers import (
    annotated_text,
    bibtex,
    course_schedule,
    csl_json,
    identifier_list,
    markdown_list,
    ris,
)
from readinglist_gui.core.importers.course_schedule import split_title
from readinglist_gui.core.importers.dedupe import merge_duplicates

READERS = [markdown_list, annotated_text, course_schedule, bibtex, csl_json, ris, identifier_list]

FRAGMENTS = [
    "---",
    "title: [x, y]",
    "# Heading",
    "## 2025-09-01",
    "* [Title](https://arxiv.org/abs/2401.00001)",
    "- [[pdf]](https://arxiv.org/pdf/2401.00002)",
    "  - nested",
    "| a | b |",
    "|---|---|",
    "| [T](x.md) | |",
    "<details>",
    "<summary>S</summary>",
    "```",
    "Abstract",
    "Notes",
    "Paper preview",
    "https://arxiv.org/abs/2401.00003 https://x.org",
    "Week 1-1 (09/08/2025): T",
    "1-1) Part",
    "- Title: tl;dr",
    "(optional)",
    "@article{k,",
    "title = {A {B}},",
    "}",
    "TY  - JOUR",
    "TI  - T",
    "ER  - ",
    "[",
    "{",
    '{"title": "x"}',
    "]",
    "](",
    "[x][y]",
    "[y]: ",
    "\u2011",
    "…",
    "\ufeff",
    "\r",
]

documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=30).map(
    "\n".join
)


def _check(batch) -> None:
    for reading_list in batch.lists:
        for section in reading_list.sections:
            for entry in section.entries:
                assert 0 <= entry.paper < len(batch.papers)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__.rsplit(".", 1)[-1])
@settings(max_examples=100, deadline=None)
@given(text=documents)
def test_readers_never_raise_and_point_at_their_papers(reader, text: str) -> None:
    reader.looks_like(text)
    batch = reader.read(text, "generated.txt")
    _check(batch)
    merge_duplicates(batch)
    _check(batch)


titles = (
    st.text(
        alphabet=st.characters(
            whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -,:?!'"
        ),
        min_size=1,
        max_size=60,
    )
    .map(lambda t: " ".join(t.split()))
    .filter(lambda t: t and t[-1] not in ":-,")
)


@settings(max_examples=100, deadline=None)
@given(title=titles, number=st.integers(min_value=0, max_value=99999))
def test_any_title_in_a_bullet_link_comes_back_whole(title: str, number: int) -> None:
    title = f"On {title}"  # a label made only of words like "code" or "pdf" is never a title
    text = f"* [{title}](https://arxiv.org/abs/2401.{number:05d})\n"
    batch = markdown_list.read(text, "t.md")
    assert [(p.title, p.arxiv_id) for p in batch.papers] == [(title, f"2401.{number:05d}")]


@settings(max_examples=100, deadline=None)
@given(title=titles.filter(lambda t: ": " not in t))
def test_schedule_title_without_colon_is_split_from_any_tldr(title: str) -> None:
    assert split_title(f"{title}: explains why it works.", tldr_everywhere=True) == (
        title,
        "explains why it works.",
    )
