"""The benchmark's fast library generator makes what an import of the same records makes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench import generate, synthetic
from readinglist_gui.core.library import Library

COMPARED = {
    "paper": "SELECT title, title_key, authors, year, abstract, arxiv_id, status, added_at, "
    "tags_label, place_label FROM paper ORDER BY id",
    "tags": "SELECT p.arxiv_id, t.name FROM paper_tag pt JOIN paper p ON p.id = pt.paper_id "
    "JOIN tag t ON t.id = pt.tag_id ORDER BY 1, 2",
    "notes": "SELECT p.arxiv_id, n.markdown FROM note n JOIN paper p ON p.id = n.paper_id ORDER BY 1",
    "links": "SELECT p.arxiv_id, l.url, l.kind FROM link l JOIN paper p ON p.id = l.paper_id "
    "ORDER BY 1, 2",
    "entries": "SELECT r.name, s.position, s.heading, e.position, p.arxiv_id FROM entry e "
    "JOIN reading_list r ON r.id = e.list_id JOIN section s ON s.id = e.section_id "
    "JOIN paper p ON p.id = e.paper_id ORDER BY 1, 2, 4",
    "events": "SELECT p.arxiv_id, e.status FROM status_event e JOIN paper p ON p.id = e.paper_id "
    "ORDER BY 1, 2",
    "sets": "SELECT coalesce('t:' || t.name, s.name), s.papers FROM search_set s "
    "LEFT JOIN tag t ON s.name = 't:' || t.id ORDER BY 1",
}


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        found = {name: db.execute(sql).fetchall() for name, sql in COMPARED.items()}
    db.close()
    return found


def test_a_generated_library_equals_an_imported_one(tmp_path: Path) -> None:
    generate.build(tmp_path / "generated", 2500).close()
    batch, _ = synthetic.library(2500)
    with Library.open(tmp_path / "imported") as library:
        library.import_batch(batch)
    generated = contents(tmp_path / "generated" / "library.sqlite3")
    imported = contents(tmp_path / "imported" / "library.sqlite3")
    for name in COMPARED:
        assert generated[name] == imported[name], name
    assert len(generated["paper"]) == 2500 and generated["entries"] and generated["events"]
