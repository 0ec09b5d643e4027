"""outbox rows remember the RQ job enqueued to deliver them

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000

The sweep re-enqueued every pending email and webhook delivery whose job was still
waiting in a long queue; with the job id on the row it enqueues a second job only once
RQ no longer holds the first. Existing rows get NULL (no known job): the sweep treats
them as before, once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ('email_queue', 'webhook_delivery')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('job_id', sa.String(length=32), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('job_id')
