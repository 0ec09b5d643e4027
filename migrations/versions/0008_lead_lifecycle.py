"""The lead lifecycle: the events each integration is sent

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01 18:00:00.000000

``integration.events`` lists the event names an integration receives; NULL (every
existing row) keeps the defaults of its kind: every lifecycle event for a generic
webhook, the hot-lead message for Slack.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not batch mode (which would recreate the table on SQLite).
    op.add_column(
        'integration',
        sa.Column(
            'events', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True
        ),
    )


def downgrade():
    op.drop_column('integration', 'events')
