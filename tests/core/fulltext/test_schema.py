"""The index's tables as migration 0007 makes them, and as the code describes them."""

from __future__ import annotations

from sqlalchemy import inspect

from readinglist_gui.core.fulltext.sqlite_pages import PageIndex
from readinglist_gui.core.fulltext.tables import PDF_TEXT
from readinglist_gui.core.library import Library


def test_the_migrated_tables_match_the_code(library: Library) -> None:
    inspector = inspect(library.engine)
    stored = {c["name"]: c["nullable"] for c in inspector.get_columns(PDF_TEXT.name)}
    assert stored == {c.name: c.nullable for c in PDF_TEXT.columns}
    (key,) = inspector.get_foreign_keys(PDF_TEXT.name)
    assert (key["referred_table"], key["options"].get("ondelete")) == ("paper", "CASCADE")
    with library.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = ?", (PageIndex.TABLE,)
        ).scalar_one()
    assert "fts5(body, tokenize = 'unicode61 remove_diacritics 2')" in sql
