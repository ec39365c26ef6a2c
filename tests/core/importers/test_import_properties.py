"""Properties that hold for any input: readers never raise, indexes stay valid, results store.

Example counts come from a Hypothesis profile: ``ci`` by default, a much
deeper ``nightly`` run with ``READINGLIST_HYPOTHESIS=nightly``.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist_gui.core.importers import (
    FORMATS,
    UnreadableFile,
    json_exchange,
    markdown_list,
    read_path,
    read_string,
    sniff,
)
from readinglist_gui.core.importers.course_schedule import split_title
from readinglist_gui.core.importers.dedupe import merge_duplicates
from readinglist_gui.core.importers.values import make_storable
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import RecordBatch

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "nightly", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("READINGLIST_HYPOTHESIS", "ci"))

FRAGMENTS = [
    "---",
    "title: [x, y]",
    "# Heading",
    "## 2025-09-01",
    "#### Efficient Streaming Language Models",
    "- **Link:** [arXiv](https://arxiv.org/abs/2309.17453)",
    "**Summary:** keeps the first tokens",
    "* [Title](https://arxiv.org/abs/2401.00001)",
    "- [[pdf]](https://arxiv.org/pdf/2401.00002)",
    "[T](http://[x)",
    "- [x](javascript:alert(1))",
    "- [y](file:///etc/passwd)",
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
    "MoE Architecture",
    "https://arxiv.org/abs/2401.00003 https://x.org",
    "Week 1-1 (09/08/2025): T",
    "Week 1 (01/12/2026): Serving",
    "1-1) Part",
    "- Title: tl;dr",
    "(optional)",
    "@article{k,",
    "title = {A {B}},",
    "year = {" + "9" * 400 + "},",
    "url = {javascript:x}",
    "@string{s = {x}}",
    "}",
    "TY  - JOUR",
    "TI  - T",
    "PY  - " + "9" * 400,
    "UR  - file:///x",
    "ER  - ",
    "[",
    "{",
    '{"title": "x"}',
    '{"format": "readinglist-gui/1", "papers": [{"title": "t", "year": ' + "9" * 400 + "}]}",
    "]",
    "](",
    "[x][y]",
    "[y]: ",
    "\u2011",
    "…",
    "\ufeff",
    "\r",
    "\x00",
]

documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=30).map(
    "\n".join
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        ["\ud800", "a\udfffb", "2023", "https://arxiv.org/abs/2401.00001", "file:///x"]
    ),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
PAPER_KEYS = [
    "title", "authors", "year", "venue", "abstract", "arxiv_id", "doi", "urls", "tags", "status",
    "status_manual", "note", "last_page", "page_count", "pdf", "title_truncated", "added", "lists",
]  # fmt: skip
PLACE_KEYS = ["name", "section", "section_index", "position", "tldr", "optional"]
LIST_KEYS = ["name", "source", "imported_at", "sections"]


def _objects(keys: list[str], values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={key: values for key in keys})


places = _objects(PLACE_KEYS, json_values)
papers = _objects(PAPER_KEYS, st.one_of(json_values, st.lists(places, max_size=2)))
exchange_documents = st.fixed_dictionaries(
    {"format": st.just("readinglist-gui/1")},
    optional={
        "papers": st.one_of(json_values, st.lists(papers, max_size=4)),
        "lists": st.one_of(
            json_values,
            st.lists(
                _objects(LIST_KEYS, st.one_of(json_values, st.lists(json_values))), max_size=2
            ),
        ),
        "tags": json_values,
    },
)
CSL_KEYS = ["title", "author", "issued", "container-title", "DOI", "URL", "keyword", "number", "id"]
csl_documents = st.lists(
    _objects(CSL_KEYS, st.one_of(json_values, st.fixed_dictionaries({"date-parts": json_values}))),
    max_size=4,
)


def _check(batch: RecordBatch) -> None:
    for reading_list in batch.lists:
        for section in reading_list.sections:
            for entry in section.entries:
                assert 0 <= entry.paper < len(batch.papers)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One real library for a module's examples; every import in it is a dry run."""
    with Library.open(tmp_path_factory.mktemp("properties") / "library") as opened:
        yield opened


def _stores(library: Library, batch: RecordBatch) -> None:
    """The whole import runs against SQLite (then rolls back): nothing may fail to store."""
    make_storable(batch, "generated")
    report = library.import_batch(batch, dry_run=True)
    assert report.added + report.merged <= len(batch.papers)


@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
@settings(PROFILE)
@given(text=documents)
def test_every_reader_takes_any_text_without_raising(form: Any, text: str) -> None:
    reader = form.reader()
    reader.looks_like(text)
    batch = reader.read_lines(text.split("\n"), "generated.txt")
    _check(batch)
    merge_duplicates(batch)
    _check(batch)


@pytest.mark.parametrize("name", ["markdown", "bibtex", "ris", "course", "annotated", "ids"])
@settings(PROFILE)
@given(text=documents)
def test_what_text_readers_find_can_be_stored(library: Library, name: str, text: str) -> None:
    form = next(f for f in FORMATS if f.name == name)
    _stores(library, form.read(text.split("\n"), "generated.txt"))


@settings(PROFILE)
@given(document=exchange_documents)
def test_exchange_json_of_any_shape_is_read_and_stored(library: Library, document: dict) -> None:
    batch = json_exchange.read(json.dumps(document), "export.json")
    _check(batch)
    _stores(library, batch)


@settings(PROFILE)
@given(document=csl_documents)
def test_csl_json_of_any_shape_is_read_and_stored(library: Library, document: list) -> None:
    form = next(f for f in FORMATS if f.name == "csl-json")
    batch = form.read([json.dumps(document)], "zotero.json")
    _check(batch)
    _stores(library, batch)


@settings(PROFILE)
@given(text=st.text(max_size=300))
def test_format_detection_takes_any_text(text: str) -> None:
    found = sniff(text)
    assert found is None or found in {f.name for f in FORMATS}
    try:
        batch = read_string(text, "pasted text")
    except UnreadableFile as refused:
        assert refused.refusals and all(r.name == "pasted text" for r in refused.refusals)
    else:
        _check(batch)


BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]


@settings(PROFILE)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        documents.map(lambda text: text.encode("utf-8", "surrogatepass")),
    ),
    bom=st.sampled_from(BOMS),
    suffix=st.sampled_from([".md", ".json", ".bib", ".ris", ".txt", ".markdown", ""]),
)
def test_any_bytes_in_a_file_are_read_or_refused_and_what_is_read_stores(
    library: Library, tmp_path_factory: pytest.TempPathFactory, data: bytes, bom: bytes, suffix: str
) -> None:
    path = tmp_path_factory.getbasetemp() / f"generated{suffix}"
    path.write_bytes(bom + data)
    try:
        batch = read_path(path)
    except UnreadableFile as refused:
        assert [r.name for r in refused.refusals] == [path.name]
        return
    _check(batch)
    _stores(library, batch)


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


@settings(PROFILE)
@given(title=titles, number=st.integers(min_value=0, max_value=99999))
def test_any_title_in_a_bullet_link_comes_back_whole(title: str, number: int) -> None:
    title = f"On {title}"  # a label made only of words like "code" or "pdf" is never a title
    text = f"* [{title}](https://arxiv.org/abs/2401.{number:05d})\n"
    batch = markdown_list.read(text, "t.md")
    assert [(p.title, p.arxiv_id) for p in batch.papers] == [(title, f"2401.{number:05d}")]


@settings(PROFILE)
@given(title=titles.filter(lambda t: ": " not in t))
def test_schedule_title_without_colon_is_split_from_any_tldr(title: str) -> None:
    assert split_title(f"{title}: explains why it works.", tldr_everywhere=True) == (
        title,
        "explains why it works.",
    )


def test_known_crashes_are_problems_now(library: Library, tmp_path: Path) -> None:
    """The inputs that used to raise, each in one place."""
    batch = markdown_list.read(
        "- [T](http://[x)\n- [Kept](https://arxiv.org/abs/2401.00001)\n", "m.md"
    )
    assert [p.title for p in batch.papers] == ["Kept"]
    exchange = {
        "format": "readinglist-gui/1",
        "papers": [
            {"title": "Tags as a number", "tags": 0.75, "authors": 3},
            {"title": "Huge year", "year": 10**400, "last_page": 10**400},
        ],
    }
    batch = json_exchange.read(json.dumps(exchange), "e.json")
    assert [(p.title, p.tags, p.authors, p.year, p.last_page) for p in batch.papers] == [
        ("Tags as a number", [], [], None, None),
        ("Huge year", [], [], None, None),
    ]
    assert [p.message for p in batch.problems] == [
        "paper #2: year (a number too large for any page or year) left out",
        "paper #2: last page (a number too large for any page or year) left out",
    ]
    _stores(library, batch)
    bib = tmp_path / "huge.bib"
    bib.write_text("@misc{a, title={Huge}, year={" + "9" * 400 + "}}\n", encoding="utf-8")
    assert read_path(bib).papers[0].year is None
