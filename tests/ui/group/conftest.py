"""Windows on libraries in a reading group on a real PostgreSQL cluster (``group_fixtures``).

Alice owns a group made from the sample library; Bob joined it with an
empty library that the tests drive directly, as another member's app would.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from group_fixtures import Group, group_db, pg_cluster
from library_factory import sample_batch
from linked_windows import Pair

from readinglist_gui.core.group import members, sync
from readinglist_gui.core.library import Library

__all__ = ["group_db", "pg_cluster"]


@pytest.fixture
def pair(group_db: Group, tmp_path: Path) -> Iterator[Pair]:
    folder = tmp_path / "alice"
    with Library.open(folder) as alice:
        alice.import_batch(sample_batch())
        sync.init(alice, group_db.url("alice"))
        assert members.add_member(alice, group_db.names["bob"])
    bob = Library.open(tmp_path / "bob")
    sync.join(bob, group_db.url("bob"))
    yield Pair(folder, bob, group_db)
    bob.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word, as a hung server does."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]
