"""Reference-manager exports: CSL-JSON and RIS."""

from __future__ import annotations

from pathlib import Path

from readinglist_gui.core.importers import csl_json, read_path, ris

DATA = Path(__file__).parents[2] / "data" / "importers"


def test_csl_json_items() -> None:
    batch = csl_json.read((DATA / "zotero.json").read_text(encoding="utf-8"), "zotero.json")
    attention, paged = batch.papers
    assert attention.title == "Attention Is All You Need"
    assert attention.authors == ["Ashish Vaswani", "Google Brain"]
    assert (attention.year, attention.venue, attention.arxiv_id) == (2017, "arXiv", "1706.03762")
    assert attention.tags == ["Computer Science - Computation and Language", "Transformers"]
    assert attention.abstract == "A model built only on attention."
    assert [link.url for link in attention.links] == ["http://arxiv.org/abs/1706.03762"]
    assert (paged.doi, paged.year, paged.venue, paged.arxiv_id) == (
        "10.1145/3600006.3613165",
        2023,
        "SOSP '23",
        None,
    )
    assert [(p.line, p.message) for p in batch.problems] == [
        (22, "item is not an object; skipped"),
        (23, "item has no title, arXiv id or DOI; skipped"),
    ]
    assert batch.lists == []


def test_csl_json_syntax_error_keeps_the_items_before_it() -> None:
    text = '[\n{"title": "Kept", "type": "article"},\n{"title": "Broken" "type": 1}\n]'
    batch = csl_json.read(text, "bad.json")
    assert [p.title for p in batch.papers] == ["Kept"]
    assert batch.problems[0].line == 3


def test_csl_json_sniffing_leaves_other_json_alone() -> None:
    assert csl_json.looks_like((DATA / "zotero.json").read_text(encoding="utf-8"))
    assert not csl_json.looks_like('{"format": "readinglist-gui/1", "papers": []}')


def test_ris_records_with_windows_line_endings() -> None:
    batch = read_path(DATA / "zotero.ris")
    attention, paged, last = batch.papers
    assert attention.title == "Attention Is All You Need"
    assert attention.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert (attention.year, attention.venue, attention.arxiv_id) == (2017, "arXiv", "1706.03762")
    assert attention.abstract == "A model built only on attention."
    assert attention.tags == ["Transformers", "Attention"]
    assert (paged.doi, paged.year) == ("10.1145/3600006.3613165", 2023)
    assert (last.title, last.doi) == ("A Last Record Without Its End", "10.1000/xyz123")
    assert [(p.line, p.message) for p in batch.problems] == [
        (22, "record has no title, arXiv id or DOI; skipped"),
        (25, "XX line outside any record, skipped"),
        (26, "last record has no ER line; read anyway"),
    ]


def test_ris_sniffing() -> None:
    assert ris.looks_like("\nTY  - JOUR\nTI  - x\nER  - \n")
    assert not ris.looks_like("Title\nTY  - JOUR\n")


def test_local_file_links_are_reported_not_kept() -> None:
    text = "TY  - JOUR\nTI  - A Paper\nL1  - file:///home/me/a.pdf\nUR  - https://example.org/a\nER  - \n"
    batch = ris.read(text, "z.ris")
    assert [link.url for link in batch.papers[0].links] == ["https://example.org/a"]
    assert [(p.line, p.message) for p in batch.problems] == [
        (1, "link 'file:///home/me/a.pdf' skipped: only http and https links are kept")
    ]
    item = '[{"title": "A Paper", "URL": "javascript:alert(1)", "type": "article"}]'
    assert [p.message for p in csl_json.read(item, "z.json").problems] == [
        "link 'javascript:alert(1)' skipped: only http and https links are kept"
    ]
