"""The first schema: papers, links, tags, notes, reading lists.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("title_key", sa.Text, nullable=False, server_default=""),
        sa.Column("title_truncated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("authors", sa.Text, nullable=False, server_default="[]"),
        sa.Column("year", sa.Integer),
        sa.Column("venue", sa.Text, nullable=False, server_default=""),
        sa.Column("abstract", sa.Text, nullable=False, server_default=""),
        sa.Column("arxiv_id", sa.String(64), unique=True),
        sa.Column("doi", sa.String(255), unique=True),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="unread"),
        sa.Column("status_changed_at", sa.DateTime),
        sa.Column("status_manual", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_page", sa.Integer),
        sa.Column("page_count", sa.Integer),
        sa.Column("pages_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pdf_path", sa.Text),
        sa.Column("user_edited", sa.Text, nullable=False, server_default="[]"),
        sa.Column("tags_label", sa.Text, nullable=False, server_default=""),
        sa.Column("place_label", sa.Text, nullable=False, server_default=""),
    )
    for column in ("title_key", "year", "added_at", "status", "tags_label", "place_label"):
        op.create_index(f"ix_paper_{column}", "paper", [column])
    op.create_index("ix_paper_status_added", "paper", ["status", "added_at"])
    op.create_index("ix_paper_title_key_id", "paper", ["title_key", "id"])

    op.create_table(
        "link",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, server_default="other"),
    )
    op.create_index("ix_link_paper_id", "link", ["paper_id"])

    op.create_table(
        "tag",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False, unique=True),
        sa.Column("color", sa.String(16)),
    )
    op.create_table(
        "paper_tag",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "tag_id", sa.Integer, sa.ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_paper_tag_tag_paper", "paper_tag", ["tag_id", "paper_id"])

    op.create_table(
        "note",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("markdown", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )

    op.create_table(
        "reading_list",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "section",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "list_id",
            sa.Integer,
            sa.ForeignKey("reading_list.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("heading", sa.Text, nullable=False, server_default=""),
        sa.Column("date", sa.Date),
    )
    op.create_index("ix_section_list_id", "section", ["list_id"])
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "list_id",
            sa.Integer,
            sa.ForeignKey("reading_list.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("section_id", sa.Integer, sa.ForeignKey("section.id", ondelete="CASCADE")),
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("tldr", sa.Text, nullable=False, server_default=""),
        sa.Column("optional", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_entry_paper_id", "entry", ["paper_id"])
    op.create_index("ix_entry_list_position", "entry", ["list_id", "position"])
    op.create_index("ix_entry_section_position", "entry", ["section_id", "position"])


def downgrade() -> None:
    for table in ("entry", "section", "reading_list", "note", "paper_tag", "tag", "link", "paper"):
        op.drop_table(table)
