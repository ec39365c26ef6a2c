"""The group's server tables as SQLAlchemy Core sees them (laid out by ``server_schema``)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from readinglist_gui.core.group.connection import GroupError
from readinglist_gui.core.group.server_schema import LOCK_KEY, SCHEMA, SCHEMA_VERSION

METADATA = MetaData(schema=SCHEMA)
PAPER = Table(
    "paper",
    METADATA,
    Column("id", BigInteger, primary_key=True),
    Column("origin", Text),
    Column("title", Text),
    Column("title_key", Text),
    Column("title_truncated", Boolean),
    Column("authors", JSONB),
    Column("year", Integer),
    Column("venue", Text),
    Column("abstract", Text),
    Column("arxiv_id", Text),
    Column("doi", Text),
    Column("links", JSONB),
    Column("tags", JSONB),
    Column("pdf_sha256", Text),
    Column("pdf_size", BigInteger),
    Column("added_at", DateTime),
    Column("added_by", Text),
    Column("seq", BigInteger),
)
TAG = Table(
    "tag",
    METADATA,
    Column("name_key", Text, primary_key=True),
    Column("name", Text),
    Column("color", Text),
    Column("seq", BigInteger),
)
READING_LIST = Table(
    "reading_list",
    METADATA,
    Column("id", BigInteger, primary_key=True),
    Column("name", Text),
    Column("name_key", Text),
    Column("source", Text),
    Column("imported_at", DateTime),
    Column("sections", JSONB),
    Column("seq", BigInteger),
)
PROGRESS = Table(
    "progress",
    METADATA,
    Column("paper_id", BigInteger, primary_key=True),
    Column("member", Text, primary_key=True, server_default=text("current_user")),
    Column("status", Text),
    Column("status_manual", Boolean),
    Column("status_changed_at", DateTime),
    Column("last_page", Integer),
    Column("page_count", Integer),
    Column("pages_seen", Integer),
    Column("zoom", Text),
    Column("seq", BigInteger),
)
NOTE = Table(
    "note",
    METADATA,
    Column("paper_id", BigInteger, primary_key=True),
    Column("member", Text, primary_key=True, server_default=text("current_user")),
    Column("markdown", Text),
    Column("shared", Boolean),
    Column("seq", BigInteger),
)
MEMBER = Table(
    "member",
    METADATA,
    Column("role", Text, primary_key=True),
    Column("seq", BigInteger),
)
REMOVAL = Table(
    "removal",
    METADATA,
    Column("seq", BigInteger, primary_key=True),
    Column("kind", Text),
    Column("ref", BigInteger),
    Column("name", Text),
)


def check_group(conn: Connection, role: str, group_id: str | None = None) -> dict[str, str]:
    """The group's facts, once sure this role may use it with this app; else a clear error.

    Nothing is written before this passes, so a group from a newer app, a
    database without a group and a role that is not a member all leave both
    sides untouched.
    """
    if conn.execute(text("SELECT to_regnamespace(:s)"), {"s": SCHEMA}).scalar() is None:
        raise GroupError(
            "this database holds no reading group; its owner creates one with `group init`"
        )
    usable = conn.execute(text("SELECT has_schema_privilege(:s, 'USAGE')"), {"s": SCHEMA})
    if not usable.scalar():
        raise GroupError(
            f"{role} is not a member of this reading group; "
            f"ask its owner to run `readinglist-gui group add-member {role}`"
        )
    rows = conn.execute(text(f"SELECT key, value FROM {SCHEMA}.group_info"))
    info = {str(key): str(value) for key, value in rows}
    version = int(info.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise GroupError(
            f"this reading group was made by a newer readinglist-gui (group schema {version}, "
            f"this app knows {SCHEMA_VERSION}); please update the app"
        )
    if group_id is not None and info.get("group_id") != group_id:
        raise GroupError(
            "the database at this address holds a different reading group than the one "
            "this library belongs to; `group leave`, then `group join` the new one"
        )
    member = conn.execute(
        text(f"SELECT 1 FROM {SCHEMA}.member WHERE role = :r"), {"r": role}
    ).first()
    if member is None:
        raise GroupError(
            f"{role} is not a member of this reading group; "
            f"ask its owner to run `readinglist-gui group add-member {role}`"
        )
    return info


def lock(conn: Connection) -> None:
    """Take the group's write lock for this transaction (every stamp trigger takes it too)."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})


def current_role(conn: Connection) -> str:
    """Who the server says we are (a URL without a user means the login name or PGUSER)."""
    with conn.begin():
        return str(conn.execute(text("SELECT current_user")).scalar_one())
