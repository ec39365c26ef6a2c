"""Library-wide values kept in the ``library_meta`` table, by key."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from readinglist_gui.core.models import LibraryMeta, table_of

META = table_of(LibraryMeta)
PAPER_ID_HIGH_WATER = "paper_id_high_water"
"""The highest paper id ever given out: deleted ids are never reused, so undoing a delete
can give papers their own ids back without meeting a stranger wearing one."""


def get(conn: Connection | Session, key: str) -> str | None:
    return conn.execute(select(META.c.value).where(META.c.key == key)).scalar()


def put(conn: Connection | Session, key: str, value: str) -> None:
    statement = insert(META).values(key=key, value=value)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=["key"], set_={"value": statement.excluded.value}
        )
    )
