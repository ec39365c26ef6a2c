"""Fixtures for the reading-group tests (core and app): a real PostgreSQL cluster per session.

The ``conftest.py`` of each group test folder imports them from here.

Each test gets its own database and roles (names made unique per test) and a
``~/.pgpass``-style file named by ``PGPASSFILE``, so the app finds passwords
exactly as libpq would for a real user. The tests skip, saying why, only when
the server binaries are not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from library_factory import sample_batch
from pg_cluster import Cluster, NoServer, running_cluster

from readinglist_gui.core.group import sync
from readinglist_gui.core.library import Library

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        with running_cluster() as cluster:
            yield cluster
    except NoServer as exc:
        pytest.skip(str(exc))


@dataclass
class Group:
    """A database on the cluster with an owner, members-to-be and a stranger, and their passwords."""

    cluster: Cluster
    database: str
    roles: dict[str, str]
    """Role name by part ("alice", "bob", "carol", "mallory") → password."""
    names: dict[str, str]

    def url(self, who: str) -> str:
        return f"postgresql://{self.names[who]}@127.0.0.1:{self.cluster.port}/{self.database}"

    def connect(self, who: str) -> psycopg.Connection[Any]:
        return self.cluster.connect(self.names[who], self.roles[who], self.database)


@pytest.fixture
def group_db(
    pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Group]:
    number = next(_names)
    names = {part: f"{part}{number}" for part in ("alice", "bob", "carol", "mallory")}
    passwords = {part: f"{part}-pw-{number}" for part in names}
    database = f"lab{number}"
    with pg_cluster.admin() as admin:
        for part, role in names.items():
            admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{passwords[part]}'")
        admin.execute(f"CREATE DATABASE {database} OWNER {names['alice']}")
        admin.execute(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
        for part in ("alice", "bob", "carol", "mallory"):
            admin.execute(f"GRANT CONNECT ON DATABASE {database} TO {names[part]}")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(
        "".join(
            f"127.0.0.1:{pg_cluster.port}:{database}:{names[p]}:{passwords[p]}\n" for p in names
        )
    )
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield Group(pg_cluster, database, passwords, names)
    with pg_cluster.admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        for role in names.values():
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE IF EXISTS {role}")


@pytest.fixture
def devices(group_db: Group, tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    """Alice's laptop made the group; her desktop joined with an empty library."""
    laptop = Library.open(tmp_path / "laptop")
    desktop = Library.open(tmp_path / "desktop")
    laptop.import_batch(sample_batch())
    sync.init(laptop, group_db.url("alice"))
    sync.join(desktop, group_db.url("alice"))
    yield laptop, desktop
    laptop.close()
    desktop.close()
