"""Each paper's status mark and tag marks in a narrow table, for the sidebar counts.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from readinglist_gui.core.sqlite_backend import mirror_statuses

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STATUS_MARKS = {"unread": "\x01", "skimmed": "\x02", "noted": "\x03"}
_FIRST_MARK = 0x100
_SURROGATES = range(0xD800, 0xE000)
_CHUNK = 5000


def _mark(tag_id: int) -> str:
    """As ``core.facets.mark`` when this revision was written (revisions never change)."""
    point = _FIRST_MARK + tag_id
    if point >= _SURROGATES.start:
        point += len(_SURROGATES)
    return chr(point)


def upgrade() -> None:
    facet = op.create_table(
        "paper_facet",
        sa.Column(
            "paper_id", sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("status_mark", sa.String(1), nullable=False),
        sa.Column("tag_marks", sa.Text, nullable=False, server_default=""),
    )
    connection = op.get_bind()
    marks: dict[int, list[str]] = {}
    for paper_id, tag_id in connection.execute(
        sa.text("SELECT paper_id, tag_id FROM paper_tag ORDER BY paper_id, tag_id")
    ):
        marks.setdefault(paper_id, []).append(_mark(tag_id))
    rows = [
        {
            "paper_id": paper_id,
            "status_mark": _STATUS_MARKS[status],
            "tag_marks": "".join(marks.get(paper_id, ())),
        }
        for paper_id, status in connection.execute(sa.text("SELECT id, status FROM paper"))
    ]
    for start in range(0, len(rows), _CHUNK):
        connection.execute(facet.insert(), rows[start : start + _CHUNK])
    if connection.dialect.name == "sqlite":
        mirror_statuses(connection, _STATUS_MARKS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS paper_facet_status")
    op.drop_table("paper_facet")
