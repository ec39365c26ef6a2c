"""Highlights made in (or imported from) a paper's PDF, and time spent reading per day.

``pdf_marks_read`` names the file whose own marks were taken in as highlights,
so they are taken in once per file.

Revision ID: 0010
Revises: 0009

Both hang from ``paper`` with a cascading key, so deleting a paper takes them
along and undoing the deletion brings them back (the undo snapshot covers
every table with such a key). ``highlight`` ids are never reused
(AUTOINCREMENT), so an undo can put a highlight back under its old id.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "highlight",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("rects", sa.Text, nullable=False),
        sa.Column("color", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_highlight_paper_page", "highlight", ["paper_id", "page"])
    op.create_table(
        "pdf_marks_read",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("path", sa.Text, nullable=False),
    )
    op.create_table(
        "reading_time",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("seconds", sa.Integer, nullable=False),
    )
    op.create_index("ix_reading_time_day", "reading_time", ["day"])


def downgrade() -> None:
    op.drop_table("reading_time")
    op.drop_table("pdf_marks_read")
    op.drop_table("highlight")
