"""BibTeX: LaTeX to Unicode, arXiv ids from eprint or journal, broken entries reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readinglist_gui.core.importers import bibtex
from readinglist_gui.core.records import LinkKind, RecordBatch

DATA = Path(__file__).parents[2] / "data" / "importers"


@pytest.fixture(scope="module")
def batch() -> RecordBatch:
    return bibtex.read((DATA / "refs.bib").read_text(encoding="utf-8"), "refs.bib")


def test_valid_entries_import_around_a_broken_one(batch: RecordBatch) -> None:
    assert [p.title for p in batch.papers] == [
        "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
        "Efficient Memory Management for Large Language Model Serving with PagedAttention",
        "Gödel, Escher and Łukasiewicz: Über Logik",
    ]
    assert [(p.line, p.source) for p in batch.problems] == [(20, "refs.bib")]
    assert batch.problems[0].message.startswith("BibTeX entry could not be read, skipped")
    assert batch.lists == []


def test_latex_accents_and_names_become_unicode(batch: RecordBatch) -> None:
    assert batch.papers[0].authors == [
        "Tri Dao",
        "Daniel Y. Fu",
        "Stefano Ermon",
        "Atri Rudra",
        "Christopher Ré",
    ]
    assert batch.papers[1].authors == ["Woosuk Kwon"]
    assert batch.papers[2].authors == ["Jürgen Schön"]


def test_identifiers_venue_year_and_keywords(batch: RecordBatch) -> None:
    flash, paged, logic = batch.papers
    assert (flash.arxiv_id, flash.venue, flash.year, flash.tags) == (
        "2205.14135",
        "arXiv",
        2022,
        ["attention", "GPU kernels"],
    )
    assert (paged.arxiv_id, paged.doi, paged.year) == (
        "2309.06180",
        "10.1145/3600006.3613165",
        2023,
    )
    assert paged.venue == "Proceedings of the 29th Symposium on Operating Systems Principles"
    assert [(link.url, link.kind) for link in paged.links] == [
        ("https://dl.acm.org/doi/10.1145/3600006.3613165", LinkKind.ABS)
    ]
    assert (logic.arxiv_id, logic.tags) == ("2401.00001", ["logic", "history"])


def test_duplicate_fields_are_read_and_reported() -> None:
    batch = bibtex.read("@misc{a, title={First}, title={Second}, year={2020}}\n", "d.bib")
    assert len(batch.papers) == 1
    assert batch.problems[0].message.startswith("BibTeX entry read despite an error")


def test_entry_without_title_or_identifier_is_skipped() -> None:
    batch = bibtex.read("@misc{empty, year = {2020}}\n", "e.bib")
    assert batch.papers == []
    assert [(p.line, p.message) for p in batch.problems] == [
        (1, "entry 'empty' has no title, arXiv id or DOI; skipped")
    ]


def test_sniffs_bibtex_but_not_a_readme_citation() -> None:
    assert bibtex.looks_like("% comment\n@article{x, title={y}}")
    assert not bibtex.looks_like("# List\n- [A](https://x.org)\n```\n@misc{x, title={y}}\n```\n")


def test_bibtexparser_is_imported_only_when_reading() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import readinglist_gui.core.importers as i; "
        "print('bibtexparser' in sys.modules, 'ftfy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_one_work_under_two_keys_is_one_paper_and_the_report_says_so(tmp_path: Path) -> None:
    from readinglist_gui.core.importers import read_path
    from readinglist_gui.core.library import Library

    text = (
        "@article{vaswani2017,\n  title = {Attention Is All You Need},\n  eprint = {1706.03762},\n"
        "  archivePrefix = {arXiv}\n}\n"
        "@inproceedings{attention-neurips,\n  title = {Attention is All you Need},\n"
        "  booktitle = {Advances in Neural Information Processing Systems},\n  year = {2017}\n}\n"
        "@misc{other,\n  title = {Deep Residual Learning for Image Recognition}\n}\n"
    )
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    batch = read_path(path)
    assert [p.title for p in batch.papers] == [
        "Attention Is All You Need",
        "Deep Residual Learning for Image Recognition",
    ]
    assert batch.papers[0].venue == "Advances in Neural Information Processing Systems"
    assert batch.repeats == 1
    with Library.open(tmp_path / "library") as library:
        report = library.import_batch(batch)
    assert report.summary() == (
        "2 added, 0 merged into existing papers, 1 entry was the same paper as another entry "
        "of the import, 0 skipped or noted, 0 reading lists with 0 sections"
    )


def test_links_that_are_not_web_pages_are_reported() -> None:
    batch = bibtex.read(
        "@misc{a,\n  title = {A Paper},\n  url = {file:///home/me/a.pdf}\n}\n", "a.bib"
    )
    assert [(p.line, p.message) for p in batch.problems] == [
        (1, "link 'file:///home/me/a.pdf' skipped: only http and https links are kept")
    ]
    assert batch.papers[0].links == []


LATEX_PIECES = [
    *['\\"', "\\'", "\\`", "\\^", "\\~", "\\=", "\\.", "\\u", "\\v", "\\H", "\\c", "\\k"],
    *["\\r", "\\ss", "\\o", "\\O", "\\i", "\\j", "\\aa", "\\L", "\\&", "\\%", "\\_"],
    *["\\emph", "{\\i}", "{}", "u", "e", "I"],
]
"""Accent commands, special letters and escapes, in the shapes names and titles use."""


@settings(
    max_examples=2000 if os.environ.get("READINGLIST_HYPOTHESIS") == "nightly" else 300,
    deadline=None,
)
@given(
    value=st.lists(
        st.one_of(
            st.sampled_from(list("aZ09 .,:;!?()[]/-'\"{}\\$%~&`^_#@\n\t")),
            st.sampled_from(LATEX_PIECES),
            st.characters(min_codepoint=0xC0, max_codepoint=0x17F),
        ),
        max_size=20,
    ).map("".join)
)
@example(value='\\"\\i a')  # a control word swallows the space after it
@example(value='\\"\n\na')  # a blank line ends the gap before an accent's letter
def test_decoding_skips_pylatexenc_only_where_it_would_change_nothing(value: str) -> None:
    """The shortcuts must give the words the full decoder gives. Runs of white space are
    compared as one space: every field is cleaned that way before it is kept."""
    try:
        expected = bibtex._decoder().latex_to_text(value)
    except Exception:
        expected = value
    assert bibtex.decoded(value).split() == expected.split()


def test_latex_in_fields_is_decoded_and_plain_text_left_alone() -> None:
    text = (
        "@article{k, title = {{BERT} -- pre-training, ``deep'' and 50\\% {\\'e}t{\\'e}},\n"
        "  author = {M{\\\"u}ller, Hans and O'Neil, Ann},\n"
        "  abstract = {Plain words {here}, nothing else.}}\n"
    )
    paper = bibtex.read(text, "k.bib").papers[0]
    assert paper.title == "BERT \u2013 pre-training, \u201cdeep\u201d and 50% \u00e9t\u00e9"
    assert paper.authors == ["Hans M\u00fcller", "Ann O'Neil"]
    assert paper.abstract == "Plain words here, nothing else."
