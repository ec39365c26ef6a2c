"""The text of PDFs, page by page, for full-text search; and what was read of each PDF.

Revision ID: 0007
Revises: 0006

Empty at first: the indexer fills both tables in the background.
"""

import sqlalchemy as sa
from alembic import op

from readinglist_gui.core.fulltext.sqlite_pages import PageIndex

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pdf_text",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("mtime_ns", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("text_pages", sa.Integer, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("read_at", sa.DateTime, nullable=False),
    )
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        PageIndex.create(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        PageIndex.drop(connection)
    op.drop_table("pdf_text")
