"""``export``: one entry point that decides which papers and lists a query means."""

from __future__ import annotations

import json

import pytest

from readinglist_gui.core.exporters import FORMATS, export
from readinglist_gui.core.exporters import json_exchange as writer
from readinglist_gui.core.library import Library, PaperQuery, SortKey


def test_every_format_exports_the_whole_library(tricky: Library) -> None:
    for name in FORMATS:
        text = export(tricky, name)
        assert "String Theory Goes Old School" in text, name


def test_json_matches_the_exchange_writer(tricky: Library) -> None:
    expected = writer.dumps(tricky.export_batch(), sorted(tricky.ids()))
    assert export(tricky, "json") == expected


def test_one_list_is_exported_without_the_other_lists_of_its_papers(filled: Library) -> None:
    found = filled.find_list("June 2025 papers")
    assert found is not None
    query = PaperQuery(list_id=found.id, sort=SortKey.POSITION, descending=False)
    document = json.loads(export(filled, "json", query))
    assert [rl["name"] for rl in document["lists"]] == ["June 2025 papers"]
    assert len(document["papers"]) == 2
    markdown = export(filled, "markdown", query)
    assert markdown.startswith("# June 2025 papers\n")
    assert "LLM Course" not in markdown
    assert "<h1>June 2025 papers</h1>" in export(filled, "html", query)


def test_a_tag_exports_only_its_papers(filled: Library) -> None:
    bib = export(filled, "bibtex", PaperQuery(tags=("LLM",)))
    assert bib.count("@") == 2
    assert "PagedAttention" in bib and "DeepSeek-V2" in bib


def test_sort_order_alone_does_not_count_as_a_filter(filled: Library) -> None:
    assert export(filled, "markdown", PaperQuery(sort=SortKey.TITLE)) == export(filled, "markdown")


def test_unknown_formats_are_named(filled: Library) -> None:
    with pytest.raises(ValueError, match="unknown export format 'docx'"):
        export(filled, "docx")


def test_the_command_line_offers_every_format() -> None:
    from readinglist_gui import cli

    offered = getattr(cli, "EXPORT_FORMATS", None)
    if offered is None:
        pytest.skip("the command line does not list export formats yet")
    assert list(offered) == list(FORMATS)
