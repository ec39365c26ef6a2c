"""Full-text index for search-as-you-type, filled from the papers already there.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from readinglist_gui.core.sqlite_backend import TextIndex

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        TextIndex.create(connection)
        TextIndex.rebuild(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        TextIndex.drop(connection)
