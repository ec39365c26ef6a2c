"""The search index as sets of paper ids (core.search), replacing FTS5 and the facets table.

At a million papers a broad search matches half a million papers, and no
pass over that many rows in SQLite answers within a keystroke: FTS5 alone
took 60-600 ms to count such a prefix, and reading the ids into Python half
a microsecond each. Sets held as compressed bitmaps answer every filter and
count in microseconds to milliseconds, and the words index is smaller than
FTS5's (no positions, no second copy of the text): the file shrinks too.

Also indexes the authors column, the one sort order no index kept (sorting a
million papers by authors took seconds).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from readinglist_gui.core.search import store, upkeep
from readinglist_gui.core.sqlite_backend import drop_search_triggers, record_search_changes

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS paper_facet_status")
        op.execute("DROP TABLE IF EXISTS paper_fts")
    op.drop_table("paper_facet")
    op.create_index("ix_paper_authors", "paper", ["authors"])
    for statement in store.TABLES:
        op.execute(statement)
    if connection.dialect.name == "sqlite":
        record_search_changes(connection)
    upkeep.rebuild(connection)


def downgrade() -> None:
    """Back to 0005 needs its FTS5 index and facets rebuilt: not offered, as for 0004."""
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        drop_search_triggers(connection)
    for table in ("search_moved", "search_stale", "search_set"):
        op.drop_table(table)
    op.drop_index("ix_paper_authors", "paper")
    op.create_table(
        "paper_facet",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("status_mark", sa.String(1), nullable=False),
        sa.Column("tag_marks", sa.Text, nullable=False, server_default=""),
    )
