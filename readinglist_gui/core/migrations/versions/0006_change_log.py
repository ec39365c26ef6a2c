"""The change log every write appends to, a small key-value store, and per-paper reader state.

Revision ID: 0006
Revises: 0005

``change_log`` lets a window see exactly what another process (or, later, a
reading group's sync) changed; ``library_meta`` keeps library-wide values such
as the highest paper id ever used, so a paper restored by undo gets its own id
back; ``reader_state`` moves the reader's per-paper zoom out of the platform
settings, where ids of different libraries collided.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("paper_id", sa.Integer),
        sa.Column("kinds", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "library_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "reader_state",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("zoom", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    for table in ("reader_state", "library_meta", "change_log"):
        op.drop_table(table)
