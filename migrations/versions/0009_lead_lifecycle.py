"""The lead lifecycle: the events each integration is sent, the follow-up sequence

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 18:00:00.000000

``integration.events`` lists the event names an integration receives; NULL (every
existing row) keeps the defaults of its kind: every lifecycle event for a generic
webhook, the hot-lead message for Slack.

``nurture_step`` records each follow-up step queued for a lead; its unique (lead, step)
pair is what keeps two workers from sending the same step twice.

``inbound_webhook`` remembers each message an integration sent (``webhook-id``), so a
replay is refused; ``lead.external_id`` and ``lead.last_sync`` hold what a CRM's
``crm.synced`` reported.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
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
    op.create_table('nurture_step',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('email_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_nurture_step_lead_id_lead'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nurture_step')),
    sa.UniqueConstraint('lead_id', 'step', name=op.f('uq_nurture_step_lead_id'))
    )
    with op.batch_alter_table('nurture_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nurture_step_lead_id'), ['lead_id'], unique=False)

    op.create_table('inbound_webhook',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('integration_id', sa.String(length=32), nullable=False),
    sa.Column('message_id', sa.String(length=100), nullable=False),
    sa.Column('event', sa.String(length=50), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_inbound_webhook_integration_id_integration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_webhook')),
    sa.UniqueConstraint('integration_id', 'message_id', name=op.f('uq_inbound_webhook_integration_id'))
    )
    with op.batch_alter_table('inbound_webhook', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_webhook_integration_id'), ['integration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_webhook_received_at'), ['received_at'], unique=False)
    # Plain ADD COLUMNs: batch mode would recreate the lead table on SQLite.
    op.add_column('lead', sa.Column('external_id', sa.String(length=100), nullable=True))
    op.add_column('lead', sa.Column('last_sync', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('lead', 'last_sync')
    op.drop_column('lead', 'external_id')
    op.drop_table('inbound_webhook')
    op.drop_table('nurture_step')
    op.drop_column('integration', 'events')
