"""The group's tables on PostgreSQL, and the grants and policies that make them safe.

Everything lives in one schema, ``readinglist``, owned by the role that ran
``group init``. Permissions are the server's business, not the app's: a
member holds only the grants below (added by ``add-member``), and row-level
security, forced on the owner too, decides which rows each statement may
touch. So a member with ``psql`` can add papers and edit shared metadata,
tags and lists, and change their own progress and notes, but cannot delete a
paper, a list or a tag, nor touch another member's rows; a role that is not a
member cannot even look inside the schema.

Every row carries ``seq``, stamped from one sequence by a trigger that first
takes a transaction-wide advisory lock: writers therefore commit in the order
of their numbers, and "every row with a number above my cursor" is a
complete answer for a puller. Deletions leave a row in ``removal`` (written
by a ``SECURITY DEFINER`` trigger, so no member can forge one), and each
writing statement notifies ``CHANNEL`` for live updates.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection, text

SCHEMA = "readinglist"
SCHEMA_VERSION = 1
"""The layout this app writes; a group made by a newer app is refused, untouched."""
CHANNEL = "readinglist_changes"
LOCK_KEY = 0x52_4C_47_53
"""The advisory lock every writing transaction of the group holds until it commits."""
SHARED_TABLES = ("paper", "tag", "reading_list")
OWN_TABLES = ("progress", "note")
PAPER_EDITABLE = (
    "title",
    "title_key",
    "title_truncated",
    "authors",
    "year",
    "venue",
    "abstract",
    "arxiv_id",
    "doi",
    "links",
    "tags",
    "pdf_sha256",
    "pdf_size",
)
"""Columns of ``paper`` members may change: not its id, origin, author or stamp."""

_TABLES = f"""
CREATE SEQUENCE {SCHEMA}.change_seq;
CREATE TABLE {SCHEMA}.group_info (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE {SCHEMA}.member (
    role name PRIMARY KEY,
    added_at timestamptz NOT NULL DEFAULT now(),
    seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE {SCHEMA}.paper (
    id bigserial PRIMARY KEY,
    origin text UNIQUE,
    title text NOT NULL DEFAULT '',
    title_key text NOT NULL DEFAULT '',
    title_truncated boolean NOT NULL DEFAULT false,
    authors jsonb NOT NULL DEFAULT '[]',
    year integer,
    venue text NOT NULL DEFAULT '',
    abstract text NOT NULL DEFAULT '',
    arxiv_id text UNIQUE,
    doi text UNIQUE,
    links jsonb NOT NULL DEFAULT '[]',
    tags jsonb NOT NULL DEFAULT '[]',
    pdf_sha256 text,
    pdf_size bigint,
    added_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    added_by name NOT NULL DEFAULT current_user,
    seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX paper_seq ON {SCHEMA}.paper (seq);
CREATE INDEX paper_title_key ON {SCHEMA}.paper (title_key);
CREATE TABLE {SCHEMA}.tag (
    name_key text PRIMARY KEY,
    name text NOT NULL,
    color text,
    seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX tag_seq ON {SCHEMA}.tag (seq);
CREATE TABLE {SCHEMA}.reading_list (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    name_key text NOT NULL UNIQUE,
    source text NOT NULL DEFAULT '',
    imported_at timestamp,
    sections jsonb NOT NULL DEFAULT '[]',
    seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX reading_list_seq ON {SCHEMA}.reading_list (seq);
CREATE TABLE {SCHEMA}.progress (
    paper_id bigint NOT NULL REFERENCES {SCHEMA}.paper ON DELETE CASCADE,
    member name NOT NULL DEFAULT current_user,
    status text NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'skimmed', 'noted')),
    status_manual boolean NOT NULL DEFAULT false,
    status_changed_at timestamp,
    last_page integer,
    page_count integer,
    pages_seen integer NOT NULL DEFAULT 0,
    zoom text,
    seq bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (paper_id, member)
);
CREATE INDEX progress_seq ON {SCHEMA}.progress (seq);
CREATE TABLE {SCHEMA}.note (
    paper_id bigint NOT NULL REFERENCES {SCHEMA}.paper ON DELETE CASCADE,
    member name NOT NULL DEFAULT current_user,
    markdown text NOT NULL DEFAULT '',
    shared boolean NOT NULL DEFAULT false,
    seq bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (paper_id, member)
);
CREATE INDEX note_seq ON {SCHEMA}.note (seq);
CREATE TABLE {SCHEMA}.removal (
    seq bigint PRIMARY KEY DEFAULT 0,
    kind text NOT NULL,
    ref bigint,
    name text
);
"""

_FUNCTIONS = f"""
CREATE FUNCTION {SCHEMA}.stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    NEW.seq := nextval('{SCHEMA}.change_seq');
    RETURN NEW;
END $$;

CREATE FUNCTION {SCHEMA}.record_removal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'note' THEN
        IF TG_OP = 'UPDATE' AND (NOT OLD.shared OR NEW.shared) THEN
            RETURN NULL;
        END IF;
        INSERT INTO {SCHEMA}.removal (kind, ref, name) VALUES ('note', OLD.paper_id, OLD.member);
    ELSIF TG_TABLE_NAME = 'paper' THEN
        INSERT INTO {SCHEMA}.removal (kind, ref) VALUES ('paper', OLD.id);
    ELSIF TG_TABLE_NAME = 'reading_list' THEN
        INSERT INTO {SCHEMA}.removal (kind, ref) VALUES ('list', OLD.id);
    ELSIF TG_TABLE_NAME = 'tag' THEN
        INSERT INTO {SCHEMA}.removal (kind, name) VALUES ('tag', OLD.name_key);
    ELSIF TG_TABLE_NAME = 'member' THEN
        INSERT INTO {SCHEMA}.removal (kind, name) VALUES ('member', OLD.role);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION {SCHEMA}.announce() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$;
"""


def _triggers() -> list[str]:
    statements = []
    for name in ("member", "paper", "tag", "reading_list", "progress", "note", "removal"):
        table = f"{SCHEMA}.{name}"
        statements.append(
            f"CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp()"
        )
        statements.append(
            f"CREATE TRIGGER announce AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.announce()"
        )
    for name in ("member", "paper", "tag", "reading_list"):
        statements.append(
            f"CREATE TRIGGER removed AFTER DELETE ON {SCHEMA}.{name} "
            f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.record_removal()"
        )
    statements.append(
        f"CREATE TRIGGER removed AFTER DELETE OR UPDATE OF shared ON {SCHEMA}.note "
        f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.record_removal()"
    )
    return statements


def _policies(owner: str) -> list[str]:
    """Row-level security, forced on the owner as well: the app obeys what psql obeys."""
    is_owner = f"current_user = {_literal(owner)}"
    statements = []
    for name in (*SHARED_TABLES, *OWN_TABLES):
        table = f"{SCHEMA}.{name}"
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        ]
    for name in SHARED_TABLES:
        table = f"{SCHEMA}.{name}"
        statements += [
            f"CREATE POLICY read ON {table} FOR SELECT USING (true)",
            f"CREATE POLICY add ON {table} FOR INSERT WITH CHECK (true)",
            f"CREATE POLICY edit ON {table} FOR UPDATE USING (true) WITH CHECK (true)",
            f"CREATE POLICY remove ON {table} FOR DELETE USING ({is_owner})",
        ]
    own = "member = current_user"
    statements += [
        f"CREATE POLICY read ON {SCHEMA}.progress FOR SELECT USING (true)",
        f"CREATE POLICY read ON {SCHEMA}.note FOR SELECT USING ({own} OR shared)",
    ]
    for name in OWN_TABLES:
        table = f"{SCHEMA}.{name}"
        statements += [
            f"CREATE POLICY add ON {table} FOR INSERT WITH CHECK ({own})",
            f"CREATE POLICY edit ON {table} FOR UPDATE USING ({own}) WITH CHECK ({own})",
            f"CREATE POLICY remove ON {table} FOR DELETE USING ({own})",
        ]
    return statements


def create(conn: Connection, owner: str) -> str:
    """Lay out a new group in the current database; returns the group's id.

    Runs in the caller's transaction: a failure leaves the database as it was.
    """
    group_id = uuid.uuid4().hex
    conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC")
    conn.exec_driver_sql(_TABLES)
    conn.exec_driver_sql(_FUNCTIONS)
    conn.exec_driver_sql(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {SCHEMA} FROM PUBLIC")
    for statement in (*_triggers(), *_policies(owner)):
        conn.exec_driver_sql(statement)
    info = {
        "schema_version": str(SCHEMA_VERSION),
        "group_id": group_id,
        "owner": owner,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    conn.execute(
        text(f"INSERT INTO {SCHEMA}.group_info (key, value) VALUES (:key, :value)"),
        [{"key": k, "value": v} for k, v in info.items()],
    )
    conn.execute(text(f"INSERT INTO {SCHEMA}.member (role) VALUES (:role)"), {"role": owner})
    return group_id


def grant(conn: Connection, role: str) -> None:
    """What a member may do, as grants; the policies above narrow them to rows."""
    who = quote_role(conn, role)
    editable = ", ".join(PAPER_EDITABLE)
    for statement in (
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {who}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {who}",
        f"GRANT INSERT, UPDATE ({editable}) ON {SCHEMA}.paper TO {who}",
        f"GRANT INSERT, UPDATE ON {SCHEMA}.tag, {SCHEMA}.reading_list TO {who}",
        f"GRANT INSERT, UPDATE, DELETE ON {SCHEMA}.progress, {SCHEMA}.note TO {who}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {who}",
    ):
        conn.exec_driver_sql(statement)


def revoke(conn: Connection, role: str) -> None:
    who = quote_role(conn, role)
    for statement in (
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {who}",
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM {who}",
    ):
        conn.exec_driver_sql(statement)


def quote_role(conn: Connection, role: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(role)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
