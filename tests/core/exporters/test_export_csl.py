"""CSL-JSON export for Zotero and pandoc, read back by our importer."""

from __future__ import annotations

import json

from readinglist_gui.core.exporters import export
from readinglist_gui.core.importers import read_string
from readinglist_gui.core.library import Library


def test_round_trip_keeps_titles_authors_years_ids_and_tags(tricky: Library) -> None:
    original = {p.title: p for p in tricky.export_batch().papers}
    batch = read_string(export(tricky, "csl-json"), "zotero.json", format="csl-json")
    assert batch.problems == []
    again = {p.title: p for p in batch.papers}
    assert set(again) == set(original)
    for title, paper in original.items():
        back = again[title]
        assert (back.authors, back.year) == (paper.authors, paper.year)
        assert (back.arxiv_id, back.doi) == (paper.arxiv_id, paper.doi)
        assert back.tags == paper.tags
        assert back.venue == (paper.venue if not paper.arxiv_id or paper.venue else "")


def test_export_is_recognised_without_a_format_hint(tricky: Library) -> None:
    batch = read_string(export(tricky, "csl-json"), "zotero.json")
    assert len(batch.papers) == 5


def test_items_follow_zotero_conventions(tricky: Library) -> None:
    items = {item["title"]: item for item in json.loads(export(tricky, "csl-json"))}
    preprint = items["String Theory Goes Old School"]
    assert preprint["type"] == "article"
    assert preprint["number"] == "arXiv:hep-th/9711200"
    assert preprint["author"] == [{"family": "Maldacena", "given": "Juan"}]
    assert preprint["issued"] == {"date-parts": [[1997]]}
    journal = items["A Journal Paper With a DOI"]
    assert journal["type"] == "article-journal"
    assert journal["DOI"] == "10.5555/12345"
    assert journal["URL"] == "https://doi.org/10.5555/12345"
    bib_keys = [
        line.split("{", 1)[1].rstrip(",")
        for line in export(tricky, "bibtex").splitlines()
        if line.startswith("@")
    ]
    assert [item["id"] for item in items.values()] == bib_keys
