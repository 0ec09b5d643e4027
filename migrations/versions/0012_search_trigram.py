"""Trigram indexes for the admin leads search on PostgreSQL

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:00:00.000000

The admin search matches company and names with ``ILIKE 'term%'``, which no B-tree
serves; GIN trigram indexes (the ``pg_trgm`` extension) do. SQLite has neither the
extension nor the operator classes: there the migration does nothing and the search
scans, as before (the models declare the indexes for PostgreSQL only).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = ('company', 'first_name', 'last_name')


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    for column in COLUMNS:
        op.create_index(
            f'ix_lead_{column}_trgm', 'lead', [column],
            postgresql_using='gin', postgresql_ops={column: 'gin_trgm_ops'},
        )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for column in COLUMNS:
        op.drop_index(f'ix_lead_{column}_trgm', table_name='lead')
    # The extension stays: another schema object may use it, and it is harmless.
