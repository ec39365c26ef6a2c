"""Highlights through the JSON exchange format and the Markdown export, on real libraries."""

from __future__ import annotations

import json
from pathlib import Path

from readinglist_gui.core.exporters import export
from readinglist_gui.core.importers import read_path
from readinglist_gui.core.library import Library

HIGHLIGHTS = [
    {
        "page": 1,
        "text": "Attention weights over blocks",
        "color": "yellow",
        "comment": "",
        "rects": [[72.0, 128.17498779296875, 155.76498413085938, 143.28900146484375]],
        "created": "2024-01-31T16:45:01",
    },
    {
        "page": 3,
        "text": "quick brown fox\njumps over",
        "color": "blue",
        "comment": "Two lines, one thought\n\nand a second paragraph",
        "rects": [[94.011, 108.175, 170.428, 123.289], [72.0, 128.1, 130.25, 143.3]],
        "created": "2024-02-01T08:00:00",
    },
]


def exchange_file(path: Path, highlights: list[dict]) -> Path:
    papers = [
        {"id": 1, "title": "Paged attention", "arxiv_id": "2309.06180", "highlights": highlights},
        {"id": 2, "title": "A paper without highlights"},
    ]
    path.write_text(json.dumps({"format": "readinglist-gui/1", "papers": papers}), "utf-8")
    return path


def exported_papers(library: Library) -> dict[str, dict]:
    return {paper["title"]: paper for paper in json.loads(export(library, "json"))["papers"]}


def test_json_to_library_to_json_keeps_every_highlight_exactly(
    library: Library, tmp_path: Path
) -> None:
    source = exchange_file(tmp_path / "in.json", HIGHLIGHTS)
    library.import_batch(read_path(source))
    papers = exported_papers(library)
    assert papers["Paged attention"]["highlights"] == HIGHLIGHTS
    assert papers["A paper without highlights"]["highlights"] == []

    again = Library.open(tmp_path / "second")
    try:
        written = tmp_path / "out.json"
        written.write_text(export(library, "json"), "utf-8")
        again.import_batch(read_path(written))
        assert exported_papers(again)["Paged attention"]["highlights"] == HIGHLIGHTS
    finally:
        again.close()


def test_importing_the_same_file_again_adds_no_highlight_twice(
    library: Library, tmp_path: Path
) -> None:
    source = exchange_file(tmp_path / "in.json", HIGHLIGHTS)
    library.import_batch(read_path(source))
    report = library.import_batch(read_path(source))
    assert report.added == 0
    assert len(exported_papers(library)["Paged attention"]["highlights"]) == 2


def test_unusable_highlights_are_reported_and_the_rest_kept(tmp_path: Path) -> None:
    broken = [
        {"page": 0, "text": "page zero", "rects": [[1, 2, 3, 4]]},
        {"page": 2, "text": "no rectangles", "rects": []},
        {"page": 2, "text": "nonsense", "rects": [["a", 2, 3, 4], [1, 2, 3]]},
        {"page": 2, "text": "odd colour", "color": "ultraviolet", "rects": [[5, 9, 1, 2]]},
    ]
    batch = read_path(exchange_file(tmp_path / "in.json", broken))
    [kept] = batch.papers[0].highlights
    assert (kept.page, kept.color.value, kept.rects) == (1, "yellow", ((1.0, 2.0, 5.0, 9.0),))
    messages = [str(problem) for problem in batch.problems]
    assert len(messages) == 3
    assert all("has no page or no rectangles, left out" in m for m in messages)


def test_markdown_with_notes_quotes_each_highlight_with_its_page_and_comment(
    library: Library, tmp_path: Path
) -> None:
    library.import_batch(read_path(exchange_file(tmp_path / "in.json", HIGHLIGHTS)))
    with_notes = export(library, "markdown", notes=True)
    expected = [
        "  - Highlights:",
        "    > “Attention weights over blocks” (p. 1)",
        "    >",
        "    > “quick brown fox jumps over” (p. 3)",
        "    > — Two lines, one thought",
        "    >",
        "    > and a second paragraph",
    ]
    lines = with_notes.splitlines()
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected
    assert "Highlights" not in export(library, "markdown")


def test_markdown_with_highlights_reads_back_as_the_same_list(
    library: Library, tmp_path: Path
) -> None:
    library.import_batch(read_path(exchange_file(tmp_path / "in.json", HIGHLIGHTS)))
    written = tmp_path / "list.md"
    written.write_text(export(library, "markdown", notes=True), "utf-8")
    batch = read_path(written)
    assert sorted(paper.title for paper in batch.papers) == [
        "A paper without highlights",
        "Paged attention",
    ]
    assert not batch.problems
