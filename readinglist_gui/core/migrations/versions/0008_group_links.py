"""What a library linked to a reading group remembers of the group, locally.

Revision ID: 0008
Revises: 0007

``group_paper`` maps local paper ids to the group's and keeps, per paper, the
shared fields and this member's progress as the server last had them: a sync
pushes exactly what differs from that base, so edits on two sides merge per
field instead of one side's whole row winning. It has no foreign key on
purpose: a paper deleted here keeps its mapping until a sync has told the
server (local ids are never reused). ``group_list`` does the same for reading
lists; ``group_progress`` and ``group_note`` hold the other members' statuses
and shared notes as last pulled, so "read by" and ``group progress`` never
wait on the network; ``group_note_share`` names the notes this member shares.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_paper",
        sa.Column("paper_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("group_id", sa.BigInteger, nullable=False, unique=True),
        sa.Column("shared_base", sa.Text, nullable=False),
        sa.Column("mine_base", sa.Text, nullable=False),
    )
    op.create_table(
        "group_list",
        sa.Column(
            "list_id",
            sa.Integer,
            sa.ForeignKey("reading_list.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("group_id", sa.BigInteger, nullable=False, unique=True),
        sa.Column("digest", sa.Text, nullable=False),
    )
    op.create_table(
        "group_progress",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("member", sa.Text, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "group_note",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("author", sa.Text, primary_key=True),
        sa.Column("markdown", sa.Text, nullable=False),
    )
    op.create_table(
        "group_note_share",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_group_progress_member", "group_progress", ["member", "paper_id"])


def downgrade() -> None:
    for table in ("group_note_share", "group_note", "group_progress", "group_list", "group_paper"):
        op.drop_table(table)
