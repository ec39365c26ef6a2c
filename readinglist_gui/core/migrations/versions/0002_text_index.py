"""Full-text index for search-as-you-type, filled from the papers already there.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The FTS5 index as it was until 0007 replaced it with core.search (revisions never change).
CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS paper_fts USING fts5("
    "title, authors, abstract, notes, tags, every, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
)
FILL = (
    "INSERT INTO paper_fts(rowid, title, authors, abstract, notes, tags, every) "
    "SELECT p.id, p.title, p.authors, p.abstract, coalesce(n.markdown, ''), p.tags_label, "
    "'readinglisteverypaper' FROM paper p LEFT JOIN note n ON n.paper_id = p.id"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(CREATE)
        op.execute(FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS paper_fts")
