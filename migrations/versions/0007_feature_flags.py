"""The five feature flags of the schema, and each flag's change history

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 17:40:00.000000

The flags are created in the states that keep the site as it was: the live calculator
on for everyone in every environment, the others off (their switch off, the
environment switches at the model's defaults, 0 %). A database that already holds a
flag (``flask seed-demo`` created them, switched off) keeps it as it is, except that
the calculator flag is switched on, since the calculator recomputed as you typed before
the flag decided it.
"""
import uuid
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

FLAGS = (
    ('NEW_LEAD_SCORING', 'Enhanced lead scoring',
     'Second scoring variant: budget and timeframe weigh in (rollout by lead).'),
    ('INTERACTIVE_CALCULATOR', 'Interactive calculator',
     'Calculators recompute as the visitor types; off: the Calculate button only.'),
    ('CHAT_SUPPORT', 'Chat support',
     'A "talk to us" panel with WhatsApp and email on public pages.'),
    ('A11Y_IMPROVEMENTS', 'Accessibility improvements',
     'Reader-comfort mode: larger text and spacing, underlined links.'),
    ('PERFORMANCE_MONITORING', 'Performance monitoring',
     'Server-Timing headers: database, template and total time of each response.'),
)
ON_EVERYWHERE = 'INTERACTIVE_CALCULATOR'


def upgrade():
    op.create_table('feature_flag_change',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('flag_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('user_email', sa.String(length=254), nullable=True),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['flag_id'], ['feature_flag.id'], name=op.f('fk_feature_flag_change_flag_id_feature_flag'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_feature_flag_change_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feature_flag_change'))
    )
    with op.batch_alter_table('feature_flag_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feature_flag_change_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feature_flag_change_flag_id'), ['flag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feature_flag_change_user_id'), ['user_id'], unique=False)

    flag = sa.table(
        'feature_flag',
        sa.column('id', sa.String), sa.column('key', sa.String), sa.column('name', sa.String),
        sa.column('description', sa.Text), sa.column('enabled', sa.Boolean),
        sa.column('enabled_dev', sa.Boolean), sa.column('enabled_staging', sa.Boolean),
        sa.column('enabled_prod', sa.Boolean), sa.column('rollout_percentage', sa.Integer),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('updated_at', sa.DateTime(timezone=True)),
    )
    conn = op.get_bind()
    existing = set(conn.execute(sa.select(flag.c.key)).scalars())
    now = datetime.now(UTC)
    for key, name, description in FLAGS:
        on = key == ON_EVERYWHERE
        if key in existing:
            if on:
                conn.execute(flag.update().where(flag.c.key == key).values(
                    enabled=True, enabled_dev=True, enabled_staging=True, enabled_prod=True,
                    rollout_percentage=100, updated_at=now,
                ))
            continue
        conn.execute(flag.insert().values(
            id=uuid.uuid4().hex, key=key, name=name,
            description=description, enabled=on, enabled_dev=True, enabled_staging=on,
            enabled_prod=on, rollout_percentage=100 if on else 0,
            created_at=now, updated_at=now,
        ))


def downgrade():
    flag = sa.table('feature_flag', sa.column('key', sa.String))
    op.execute(flag.delete().where(flag.c.key.in_([key for key, _, _ in FLAGS])))
    with op.batch_alter_table('feature_flag_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feature_flag_change_user_id'))
        batch_op.drop_index(batch_op.f('ix_feature_flag_change_flag_id'))
        batch_op.drop_index(batch_op.f('ix_feature_flag_change_created_at'))
    op.drop_table('feature_flag_change')
