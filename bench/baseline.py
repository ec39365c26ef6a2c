"""The same data and questions in hand-written sqlite3: the floor we measure against.

No ORM, no query builder, no label upkeep: a flat table, FTS5 and a tag join.
If the library's figures stay near these, the abstraction costs nothing users feel.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from readinglist_gui.core.records import ListRecord, PaperRecord

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE paper (id INTEGER PRIMARY KEY, title TEXT, authors TEXT, year INTEGER,
    abstract TEXT, status TEXT, added TEXT, tags TEXT, note TEXT);
CREATE INDEX paper_status ON paper(status, added);
CREATE INDEX paper_added ON paper(added);
CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
CREATE TABLE paper_tag (paper_id INTEGER, tag_id INTEGER, PRIMARY KEY (paper_id, tag_id));
CREATE INDEX paper_tag_tag ON paper_tag(tag_id, paper_id);
CREATE TABLE entry (paper_id INTEGER, list_id INTEGER, position INTEGER);
CREATE INDEX entry_list ON entry(list_id, position);
CREATE VIRTUAL TABLE fts USING fts5(title, authors, abstract, note, tags,
    content = 'paper', content_rowid = 'id', prefix = '3');
"""
"""A flat table and an external-content FTS5 index over it (one copy of the text,
three-letter prefixes): the smallest file a full-text library of these papers takes."""

COLUMNS = "id, title, authors, year, status, added, tags"


def build(path: Path, papers: Iterable[PaperRecord], lists: list[ListRecord]) -> int:
    """Write the papers and lists; returns the number of papers (timed by the caller)."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    tags: dict[str, int] = {}
    count = 0
    with db:
        for chunk in iter(lambda: list(itertools.islice(papers, 20_000)), []):
            rows, links = [], []
            for p in chunk:
                count += 1
                for tag in p.tags:
                    links.append((count, tags.setdefault(tag, len(tags) + 1)))
                rows.append(
                    (
                        count,
                        p.title,
                        json.dumps(p.authors),
                        p.year,
                        p.abstract,
                        p.status.value,
                        p.added.isoformat() if p.added else "",
                        ", ".join(sorted(p.tags)),
                        p.note,
                    )
                )
            db.executemany("INSERT INTO paper VALUES (?,?,?,?,?,?,?,?,?)", rows)
            db.executemany("INSERT INTO paper_tag VALUES (?,?)", links)
        db.executemany("INSERT INTO tag VALUES (?,?)", [(i, t) for t, i in tags.items()])
        db.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
        entries = [
            (e.paper + 1, list_number, position)
            for list_number, rl in enumerate(lists, start=1)
            for position, e in enumerate(x for s in rl.sections for x in s.entries)
        ]
        db.executemany("INSERT INTO entry VALUES (?,?,?)", entries)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return count


def open_and_first_page(path: Path) -> int:
    db = sqlite3.connect(path)
    rows = db.execute(f"SELECT {COLUMNS} FROM paper ORDER BY added DESC LIMIT 200").fetchall()
    db.close()
    return len(rows)


class Queries:
    """One open connection answering the benchmark's filters by hand."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def close(self) -> None:
        self.db.close()

    def run(self, where: str, params: tuple) -> tuple[int, int]:
        """First 200 rows, the total, status counts and tag counts for one filter."""
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM paper WHERE {where} ORDER BY added DESC LIMIT 200", params
        ).fetchall()
        total = self.db.execute(f"SELECT count(*) FROM paper WHERE {where}", params).fetchone()[0]
        self.db.execute(
            f"SELECT status, count(*) FROM paper WHERE {where} GROUP BY status", params
        ).fetchall()
        self.db.execute(
            f"SELECT tag_id, count(*) FROM paper_tag WHERE paper_id IN (SELECT id FROM paper WHERE {where}) "
            "GROUP BY tag_id",
            params,
        ).fetchall()
        return len(rows), total

    def text(self, fts: str) -> tuple[int, int]:
        return self.run("id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", (fts,))

    def tag(self, name: str) -> tuple[int, int]:
        return self.run(
            "id IN (SELECT paper_id FROM paper_tag JOIN tag ON tag.id = tag_id WHERE tag.name = ?)",
            (name,),
        )

    def status(self, status: str) -> tuple[int, int]:
        return self.run("status = ?", (status,))

    def reading_list(self, list_id: int) -> tuple[int, int]:
        return self.run("id IN (SELECT paper_id FROM entry WHERE list_id = ?)", (list_id,))

    def everything(self) -> tuple[int, int]:
        return self.run("1", ())
