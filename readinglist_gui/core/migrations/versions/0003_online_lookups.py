"""What online look-ups learn: arXiv details, PDF checksums and candidates awaiting review.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _paper_key() -> sa.Column[int]:
    return sa.Column(
        "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "arxiv_details",
        _paper_key(),
        sa.Column("version", sa.Integer),
        sa.Column("categories", sa.Text, nullable=False, server_default="[]"),
        sa.Column("checked_at", sa.DateTime),
        sa.Column("not_on_arxiv", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "pdf_file",
        _paper_key(),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("source_url", sa.Text, nullable=False, server_default=""),
        sa.Column("downloaded_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "review_candidate",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("arxiv_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("authors", sa.Text, nullable=False, server_default="[]"),
        sa.Column("year", sa.Integer),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_review_candidate_paper_id", "review_candidate", ["paper_id"])


def downgrade() -> None:
    op.drop_index("ix_review_candidate_paper_id", "review_candidate")
    for table in ("review_candidate", "pdf_file", "arxiv_details"):
        op.drop_table(table)
