"""The history of paper statuses, for progress over time (the Statistics view).

Revision ID: 0011
Revises: 0010

From this revision on the writer appends a ``status_event`` whenever a write
leaves a paper at a different status. Libraries made earlier kept only each
paper's current status and when it was last set, so the history is seeded
with one event per paper that is not unread, at ``status_changed_at`` (or,
for statuses set before that column was filled, when the paper was last
updated, or added). That is the limitation of older libraries: a paper noted
after being skimmed shows only as noted, and statuses that were later taken
back leave no trace; from 0011 on every change is kept.

Ids are never reused (AUTOINCREMENT), so an undone deletion of a paper can
put its events back under their old ids.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_status_event_paper_at", "status_event", ["paper_id", "at"])
    op.create_index("ix_status_event_at", "status_event", ["at"])
    op.execute(
        "INSERT INTO status_event (paper_id, status, at) "
        "SELECT id, status, COALESCE(status_changed_at, updated_at, added_at) FROM paper "
        "WHERE status != 'unread' ORDER BY id"
    )


def downgrade() -> None:
    op.drop_table("status_event")
