"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 14:30:31.959588

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('analytics_event',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('event', sa.String(length=100), nullable=False),
    sa.Column('properties', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('session_id', sa.String(length=64), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('referrer', sa.Text(), nullable=True),
    sa.Column('user_agent', sa.String(length=256), nullable=True),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_event'))
    )
    with op.batch_alter_table('analytics_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analytics_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_analytics_event_event'), ['event'], unique=False)
        batch_op.create_index('ix_analytics_event_event_created_at', ['event', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_analytics_event_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_analytics_event_user_id'), ['user_id'], unique=False)

    op.create_table('email_queue',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('to', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('template', sa.String(length=50), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_queue'))
    )
    with op.batch_alter_table('email_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_queue_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_email_queue_status'), ['status'], unique=False)

    op.create_table('feature_flag',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('enabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('enabled_dev', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('enabled_staging', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('enabled_prod', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('rollout_percentage', sa.Integer(), server_default='0', nullable=True),
    sa.Column('user_groups', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feature_flag'))
    )
    with op.batch_alter_table('feature_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feature_flag_key'), ['key'], unique=True)

    op.create_table('integration',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('enabled', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('config', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('api_key', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=20), server_default='webhook', nullable=False),
    sa.Column('signing_secret', sa.Text(), nullable=True),
    sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('disabled_reason', sa.String(length=200), nullable=True),
    sa.Column('last_sync', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration'))
    )
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_name'), ['name'], unique=True)

    op.create_table('lead',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=True),
    sa.Column('last_name', sa.String(length=100), nullable=True),
    sa.Column('company', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('tier', sa.Enum('L1_ESSENTIALS', 'L2_ADVANCED', 'L3_CONSULTING', 'L4_PLATFORMS', 'L5_STRATEGIC', name='servicetier', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('source', sa.Enum('WEBSITE', 'REFERRAL', 'SOCIAL', 'EVENT', 'DIRECT', 'OTHER', name='leadsource', native_enum=False, create_constraint=True, length=20), server_default='WEBSITE', nullable=False),
    sa.Column('score', sa.Integer(), server_default='0', nullable=False),
    sa.Column('status', sa.Enum('NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED', 'LOST', name='leadstatus', native_enum=False, create_constraint=True, length=20), server_default='NEW', nullable=False),
    sa.Column('industry', sa.String(length=50), nullable=True),
    sa.Column('company_size', sa.String(length=20), nullable=True),
    sa.Column('budget', sa.String(length=50), nullable=True),
    sa.Column('timeframe', sa.String(length=50), nullable=True),
    sa.Column('locale', sa.String(length=5), server_default='es', nullable=False),
    sa.Column('utm_source', sa.String(length=100), nullable=True),
    sa.Column('utm_medium', sa.String(length=100), nullable=True),
    sa.Column('utm_campaign', sa.String(length=100), nullable=True),
    sa.Column('referral_code', sa.String(length=100), nullable=True),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=256), nullable=True),
    sa.Column('marketing_consent', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hot_notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead'))
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_email'), ['email'], unique=True)
        batch_op.create_index('ix_lead_email_prefix', ['email'], unique=False, postgresql_ops={'email': 'text_pattern_ops'})
        batch_op.create_index('ix_lead_score_created_at', ['score', 'created_at'], unique=False)
        batch_op.create_index('ix_lead_source_created_at', ['source', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_status'), ['status'], unique=False)
        batch_op.create_index('ix_lead_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_tier'), ['tier'], unique=False)
        batch_op.create_index('ix_lead_tier_created_at', ['tier', 'created_at'], unique=False)
        batch_op.create_index('ix_lead_tier_status', ['tier', 'status'], unique=False)
        batch_op.create_index('ix_lead_utm_campaign_created_at', ['utm_campaign', 'created_at'], unique=False)

    op.create_table('suppression',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppression')),
    sa.UniqueConstraint('email_hash', name=op.f('uq_suppression_email_hash'))
    )
    op.create_table('user',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=True),
    sa.Column('role', sa.Enum('ADMIN', 'EDITOR', 'VIEWER', name='userrole', native_enum=False, create_constraint=True, length=20), server_default='VIEWER', nullable=False),
    sa.Column('image', sa.String(length=500), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('email_verified', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('locale', sa.String(length=5), server_default='es', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)

    op.create_table('assessment',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.Enum('STARTED', 'COMPLETED', 'ABANDONED', name='assessmentstatus', native_enum=False, create_constraint=True, length=20), server_default='STARTED', nullable=False),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('tier', sa.Enum('L1_ESSENTIALS', 'L2_ADVANCED', 'L3_CONSULTING', 'L4_PLATFORMS', 'L5_STRATEGIC', name='servicetier', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('strengths', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('weaknesses', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('recommendations', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_assessment_lead_id_lead'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_updated_at'), ['updated_at'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_log_actor_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_lead_id'), ['lead_id'], unique=False)

    op.create_table('calculation',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('inputs', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('results', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('total_value', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('roi', sa.Numeric(precision=24, scale=1), nullable=True),
    sa.Column('payback_months', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_calculation_lead_id_lead'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calculation'))
    )
    with op.batch_alter_table('calculation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calculation_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_calculation_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_calculation_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calculation_type'), ['type'], unique=False)

    op.create_table('lead_activity',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=50), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_lead_activity_lead_id_lead'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_lead_activity_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_activity'))
    )
    with op.batch_alter_table('lead_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_activity_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_activity_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_activity_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_activity_user_id'), ['user_id'], unique=False)

    op.create_table('lead_note',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('lead_id', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_lead_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_lead_note_lead_id_lead'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_note'))
    )
    with op.batch_alter_table('lead_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_note_lead_id'), ['lead_id'], unique=False)

    op.create_table('session',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('session_token', sa.String(length=128), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('expires', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session')),
    sa.UniqueConstraint('session_token', name=op.f('uq_session_session_token'))
    )
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_user_id'), ['user_id'], unique=False)

    op.create_table('webhook_delivery',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('integration_id', sa.String(length=32), nullable=False),
    sa.Column('event', sa.String(length=50), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_webhook_delivery_integration_id_integration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery'))
    )
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_delivery_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_integration_id'), ['integration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_status'), ['status'], unique=False)

    op.create_table('webhook_attempt',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('delivery_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_delivery.id'], name=op.f('fk_webhook_attempt_delivery_id_webhook_delivery'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempt'))
    )
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempt_delivery_id'), ['delivery_id'], unique=False)



def downgrade():
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempt_delivery_id'))

    op.drop_table('webhook_attempt')
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_status'))
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_integration_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_created_at'))

    op.drop_table('webhook_delivery')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_user_id'))

    op.drop_table('session')
    with op.batch_alter_table('lead_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_note_lead_id'))

    op.drop_table('lead_note')
    with op.batch_alter_table('lead_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_activity_user_id'))
        batch_op.drop_index(batch_op.f('ix_lead_activity_type'))
        batch_op.drop_index(batch_op.f('ix_lead_activity_lead_id'))
        batch_op.drop_index(batch_op.f('ix_lead_activity_created_at'))

    op.drop_table('lead_activity')
    with op.batch_alter_table('calculation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calculation_type'))
        batch_op.drop_index(batch_op.f('ix_calculation_lead_id'))
        batch_op.drop_index(batch_op.f('ix_calculation_email'))
        batch_op.drop_index(batch_op.f('ix_calculation_created_at'))

    op.drop_table('calculation')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_lead_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_updated_at'))
        batch_op.drop_index(batch_op.f('ix_assessment_status'))
        batch_op.drop_index(batch_op.f('ix_assessment_lead_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_email'))
        batch_op.drop_index(batch_op.f('ix_assessment_created_at'))

    op.drop_table('assessment')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_email'))

    op.drop_table('user')
    op.drop_table('suppression')
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_utm_campaign_created_at')
        batch_op.drop_index('ix_lead_tier_status')
        batch_op.drop_index('ix_lead_tier_created_at')
        batch_op.drop_index(batch_op.f('ix_lead_tier'))
        batch_op.drop_index('ix_lead_status_created_at')
        batch_op.drop_index(batch_op.f('ix_lead_status'))
        batch_op.drop_index('ix_lead_source_created_at')
        batch_op.drop_index('ix_lead_score_created_at')
        batch_op.drop_index('ix_lead_email_prefix', postgresql_ops={'email': 'text_pattern_ops'})
        batch_op.drop_index(batch_op.f('ix_lead_email'))
        batch_op.drop_index(batch_op.f('ix_lead_created_at'))

    op.drop_table('lead')
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integration_name'))

    op.drop_table('integration')
    with op.batch_alter_table('feature_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feature_flag_key'))

    op.drop_table('feature_flag')
    with op.batch_alter_table('email_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_queue_status'))
        batch_op.drop_index(batch_op.f('ix_email_queue_created_at'))

    op.drop_table('email_queue')
    with op.batch_alter_table('analytics_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analytics_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_analytics_event_session_id'))
        batch_op.drop_index('ix_analytics_event_event_created_at')
        batch_op.drop_index(batch_op.f('ix_analytics_event_event'))
        batch_op.drop_index(batch_op.f('ix_analytics_event_created_at'))

    op.drop_table('analytics_event')
