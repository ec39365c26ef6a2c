"""Opening a library's database: engine, schema version, safe upgrades.

An older library is copied aside before Alembic touches it, so a failed or
regretted upgrade never costs the user their reading history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text

from readinglist_gui.core import migrations, sqlite_backend

DATABASE_NAME = "library.sqlite3"


class LibraryError(Exception):
    """A library problem worth one clear sentence to the user."""


def create_sqlite_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": sqlite_backend.BUSY_TIMEOUT_MS / 1000},
    )
    sqlite_backend.configure(engine)
    return engine


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database; None for a new, empty file."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic up to ``revision`` in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations.SCRIPT_LOCATION))
    with (
        engine.connect() as connection,
        connection.execution_options(**{sqlite_backend.WRITE_OPTION: True}).begin(),
    ):
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(path: Path) -> Engine:
    """Open (creating or upgrading) the database at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path)
    try:
        revision = current_revision(engine)
    except Exception as exc:
        engine.dispose()
        raise LibraryError(f"{path} is not a readinglist-gui library: {exc}") from exc
    if revision == migrations.HEAD:
        return engine
    if revision is not None and revision not in migrations.REVISIONS:
        engine.dispose()
        raise LibraryError(f"{path} was made by a newer readinglist-gui; please update the app")
    if revision is not None:
        _backup_before_upgrade(path, revision)
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        raise LibraryError(f"could not upgrade {path}: {exc}") from exc
    return engine


def _backup_before_upgrade(path: Path, revision: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = path.with_name(f"{path.stem}.rev{revision}-{stamp}.backup{path.suffix}")
    sqlite_backend.backup(path, destination)
    return destination
