"""Schema upgrades keep the user's data, and back it up first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from readinglist_gui.core import migrations
from readinglist_gui.core.database import (
    LibraryError,
    create_sqlite_engine,
    current_revision,
    upgrade,
)
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.models import Base
from readinglist_gui.core.records import Status


def test_revision_list_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations.SCRIPT_LOCATION))
    scripts = ScriptDirectory.from_config(config)
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == migrations.REVISIONS
    assert scripts.get_current_head() == migrations.HEAD


def test_a_library_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    with sqlite3.connect(folder / "library.sqlite3") as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    with pytest.raises(LibraryError, match="newer readinglist-gui"):
        Library.open(folder)
    assert not list(folder.glob("*.backup.*"))


def test_a_new_library_is_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        assert current_revision(library.engine) == migrations.HEAD
        with library.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        inspector = inspect(library.engine)
        for table in Base.metadata.sorted_tables:
            stored = {c["name"] for c in inspector.get_columns(table.name)}
            assert stored == {c.name for c in table.columns}, table.name
            stored_indexes = {i["name"] for i in inspector.get_indexes(table.name)}
            declared = {i.name for i in table.indexes}
            assert declared <= stored_indexes, table.name


NOW = dt.datetime(2024, 1, 2, 3, 4, 5).isoformat(sep=" ")


def stopped_at(tmp_path: Path, revision: str) -> Path:
    """The database of a library that an older version left at ``revision``."""
    path = tmp_path / "old" / "library.sqlite3"
    path.parent.mkdir()
    engine = create_sqlite_engine(path)
    upgrade(engine, revision)
    engine.dispose()
    return path


def test_upgrade_from_the_first_revision_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = stopped_at(tmp_path, "0001")
    folder = path.parent
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO paper (id, title, title_key, abstract, added_at, updated_at, status, "
            "status_manual) VALUES (7, 'Old Paper', 'old paper', 'about kittens', ?, ?, "
            "'skimmed', 1)",
            (NOW, NOW),
        )
        raw.execute(
            "INSERT INTO note (paper_id, markdown, updated_at) VALUES (7, 'my note', ?)", (NOW,)
        )
    raw.close()

    with Library.open(folder) as library:
        assert current_revision(library.engine) == migrations.HEAD
        detail = library.paper(7)
        assert detail is not None
        assert (detail.title, detail.status, detail.note) == (
            "Old Paper",
            Status.SKIMMED,
            "my note",
        )
        assert library.page(PaperQuery(text="kittens")).total == 1
        assert library.page(PaperQuery(text="my note")).total == 1

    backups = list(folder.glob("library.rev0001-*.backup.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert raw.execute("SELECT title FROM paper").fetchall() == [("Old Paper",)]
    raw.close()


def test_opening_an_up_to_date_library_makes_no_backup(tmp_path: Path) -> None:
    Library.open(tmp_path / "lib").close()
    Library.open(tmp_path / "lib").close()
    assert not list((tmp_path / "lib").glob("*.backup.*"))


def test_upgrading_to_one_letter_prefixes_rebuilds_the_text_index(tmp_path: Path) -> None:
    path = stopped_at(tmp_path, "0003")
    folder = path.parent
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE paper_fts")
        raw.execute(
            "CREATE VIRTUAL TABLE paper_fts USING fts5(title, authors, abstract, notes, tags, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        raw.execute(
            "INSERT INTO paper (id, title, title_key, abstract, added_at, updated_at) "
            "VALUES (3, 'Kernel Tricks', 'kernel tricks', '', ?, ?)",
            (NOW, NOW),
        )
        raw.execute("INSERT INTO paper_fts (rowid, title) VALUES (3, 'Kernel Tricks')")
    raw.close()

    engine = create_sqlite_engine(path)
    upgrade(engine, "0004")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'paper_fts'").fetchone()
    raw.close()
    assert "prefix = '1 2 3'" in sql
    with Library.open(folder) as library:
        assert current_revision(library.engine) == migrations.HEAD
        assert library.page(PaperQuery(text="k")).total == 1
        assert library.page(PaperQuery(text="tri")).total == 1


def test_upgrading_to_facets_fills_them_from_the_papers_there(tmp_path: Path) -> None:
    path = stopped_at(tmp_path, "0004")
    folder = path.parent
    with sqlite3.connect(path) as raw:
        for paper_id, status in ((1, "noted"), (2, "unread"), (3, "noted")):
            raw.execute(
                "INSERT INTO paper (id, title, title_key, abstract, added_at, updated_at, status) "
                "VALUES (?, 'T', 't', '', ?, ?, ?)",
                (paper_id, NOW, NOW, status),
            )
        raw.execute("INSERT INTO tag (id, name, name_key) VALUES (4, 'RL', 'rl')")
        raw.executemany("INSERT INTO paper_tag VALUES (?, 4)", [(1,), (2,)])
    raw.close()

    with Library.open(folder) as library:
        view = library.view(PaperQuery(statuses=frozenset({Status.NOTED})))
        assert view.status_counts == {Status.UNREAD: 1, Status.SKIMMED: 0, Status.NOTED: 2}
        assert [(t.name, t.count) for t in view.tag_counts] == [("RL", 1)]
        library.set_status([2], Status.NOTED)
        assert library.status_counts()[Status.NOTED] == 3
