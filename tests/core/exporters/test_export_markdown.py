"""Markdown export: a list people can publish, that our importer reads back as the same list."""

from __future__ import annotations

from dataclasses import replace

from readinglist_gui.core.exporters import export
from readinglist_gui.core.importers import read_string
from readinglist_gui.core.library import Library, PaperQuery, SortKey


def _list_query(library: Library, name: str) -> PaperQuery:
    found = library.find_list(name)
    assert found is not None
    return PaperQuery(list_id=found.id, sort=SortKey.POSITION, descending=False)


def test_sections_in_order_with_ticks_links_tags_and_tldrs(tricky: Library) -> None:
    text = export(tricky, "markdown", _list_query(tricky, "Seminar <Spring>"))
    lines = text.splitlines()
    assert lines[0] == "# Seminar &lt;Spring>"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Week 1: Basics", "## Week 2: Recess", "## Week 3: More"]
    items = [line for line in lines if line.startswith("- [")]
    assert items[0].startswith(
        "- [x] [Attention Is All You Need](https://arxiv.org/abs/1706.03762)"
    )
    assert "`NLP` `Transformers`" in items[0]
    assert items[1].startswith("- [x] [Costs & Benefits")
    assert items[1].endswith("*(optional)*")
    assert items[2].startswith("- [ ] [A Journal Paper With a DOI](https://doi.org/10.5555/12345)")
    assert "[code](https://github.com/example/code)" in items[2]
    assert '  - TL;DR: Read &lt;a href="javascript:x">this&lt;/a> **first**.' in lines
    assert "Other papers" not in text
    assert "What I think" not in text


def test_notes_only_when_asked(tricky: Library) -> None:
    query = _list_query(tricky, "Seminar <Spring>")
    text = export(tricky, "markdown", query, notes=True)
    assert "  - Notes:\n    > ## What I think\n" in text


def test_whole_library_puts_unlisted_papers_last(tricky: Library) -> None:
    text = export(tricky, "markdown")
    assert text.index("# Seminar") < text.index("# Other papers")
    assert "- [ ] Attention Is Not All You Need — A. Vaswani (2017)" in text


def test_a_tag_filter_drops_sections_left_empty(tricky: Library) -> None:
    text = export(tricky, "markdown", PaperQuery(tags=("LLM",)))
    assert "Week 2: Recess" not in text
    assert "Week 1: Basics" in text and "Week 3: More" in text
    assert "Attention Is All You Need" not in text


def test_reads_back_as_the_same_list(tricky: Library) -> None:
    query = _list_query(tricky, "Seminar <Spring>")
    batch = read_string(export(tricky, "markdown", query), "list.md", format="markdown")
    sections = [
        (s.heading, [batch.papers[e.paper].title for e in s.entries])
        for s in batch.lists[0].sections
    ]
    expected = [
        (
            s.heading,
            [tricky.rows([i])[0].title for i in tricky.ids(replace(query, section_id=s.id))],
        )
        for s in tricky.find_list("Seminar <Spring>").sections
    ]
    assert [x for x in sections if x[1]] == [x for x in expected if x[1]]
