"""session.last_seen_at: when a staff session was last used (the idle timeout)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:00:00.000000

Existing sessions count as last used when they started; the column is then made
NOT NULL. batch_alter_table recreates the table on SQLite, which cannot alter a column.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE "session" SET last_seen_at = created_at')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.alter_column(
            'last_seen_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade():
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
