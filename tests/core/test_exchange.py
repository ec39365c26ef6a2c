"""The JSON exchange format: lossless round trips and lenient, safe reading."""

from __future__ import annotations

import json
from pathlib import Path

from readinglist_gui.core.exporters import json_exchange as writer
from readinglist_gui.core.importers import json_exchange as reader
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status


def export(library: Library) -> dict:
    batch = library.export_batch()
    return json.loads(writer.dumps(batch, sorted(library.ids())))


def without_ids(document: dict) -> dict:
    for paper in document["papers"]:
        paper.pop("id")
    return document


def test_export_has_the_documented_shape(filled: Library) -> None:
    document = export(filled)
    assert document["format"] == "readinglist-gui/1"
    paged = next(p for p in document["papers"] if p["arxiv_id"] == "2309.06180")
    for key in (
        "id",
        "title",
        "authors",
        "year",
        "venue",
        "abstract",
        "arxiv_id",
        "doi",
        "urls",
        "tags",
        "status",
        "note",
        "last_page",
        "pdf",
        "lists",
    ):
        assert key in paged
    assert paged["status"] == "noted"
    assert paged["lists"] == [
        {
            "name": "LLM Course",
            "section": "Week 1-2: Serving",
            "section_index": 1,
            "position": 1,
            "tldr": "Paging for KV caches.",
            "optional": False,
        }
    ]


def test_export_then_import_into_an_empty_library_reproduces_it(
    filled: Library, tmp_path: Path
) -> None:
    filled.set_status([filled.ids()[0]], Status.SKIMMED)
    filled.set_tag_color("LLM", "#2e7d32")
    first = export(filled)
    with Library.open(tmp_path / "copy") as copy:
        copy.import_batch(reader.read(json.dumps(first), "export.json"))
        second = export(copy)
        assert [s.heading for s in copy.lists()[0].sections] == [
            s.heading for s in filled.lists()[0].sections
        ]
    assert without_ids(second) == without_ids(first)


def test_importing_the_same_export_twice_changes_nothing(filled: Library) -> None:
    before = export(filled)
    filled.import_batch(reader.read(json.dumps(before), "again.json"))
    assert without_ids(export(filled)) == without_ids(before)


def test_unknown_fields_are_ignored_and_missing_ones_defaulted() -> None:
    text = json.dumps(
        {
            "format": "readinglist-gui/1",
            "future": {"x": 1},
            "papers": [
                {"title": "Only a title", "colour": "blue"},
                {"title": "Bad types", "year": "2020", "authors": "A", "status": "read"},
                {"authors": ["no title, no id"]},
            ],
        }
    )
    batch = reader.read(text, "f.json")
    assert [p.title for p in batch.papers] == ["Only a title", "Bad types"]
    assert batch.papers[1].year is None and batch.papers[1].status is Status.UNREAD
    assert len(batch.problems) == 1


def test_hostile_values_are_neutralised() -> None:
    text = json.dumps(
        {
            "format": "readinglist-gui/1",
            "papers": [
                {
                    "title": "Evil",
                    "urls": ["javascript:alert(1)", "file:///etc/passwd", "https://ok.example/x"],
                    "pdf": "../../../etc/passwd",
                }
            ],
        }
    )
    (paper,) = reader.read(text, "evil.json").papers
    assert [link.url for link in paper.links] == ["https://ok.example/x"]
    assert paper.pdf is None


def test_other_json_is_refused_with_a_problem() -> None:
    assert reader.read("{not json", "x.json").problems
    assert reader.read('{"format": "other"}', "x.json").problems
