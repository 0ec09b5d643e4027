"""booking: staff availability and booked meetings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 18:00:00.000000

One scheduled meeting per staff member and start time is a partial unique index
(cancelled meetings free their slot), so concurrent bookings of one slot cannot both
succeed.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table(
        'availability',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.String(length=32), nullable=False),
        sa.Column('zone', sa.String(length=64), nullable=False),
        sa.Column('weekly', JSON, nullable=False),
        sa.Column('length_minutes', sa.Integer(), server_default='30', nullable=False),
        sa.Column('buffer_minutes', sa.Integer(), server_default='0', nullable=False),
        sa.Column('notice_minutes', sa.Integer(), server_default='240', nullable=False),
        sa.Column('horizon_days', sa.Integer(), server_default='30', nullable=False),
        sa.Column('days_off', JSON, nullable=False),
        sa.Column('first_calls', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_availability_user_id', 'availability', ['user_id'], unique=True)
    op.create_table(
        'meeting',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('staff_id', sa.String(length=32), nullable=False),
        sa.Column('lead_id', sa.String(length=32), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('visitor_zone', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=20), server_default='scheduled', nullable=False),
        sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('reminded_24h_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminded_1h_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_meeting_lead_id', 'meeting', ['lead_id'])
    op.create_index('ix_meeting_staff_id', 'meeting', ['staff_id'])
    op.create_index('ix_meeting_starts_at', 'meeting', ['starts_at'])
    op.create_index(
        'uq_meeting_staff_start',
        'meeting',
        ['staff_id', 'starts_at'],
        unique=True,
        postgresql_where=sa.text("status = 'scheduled'"),
        sqlite_where=sa.text("status = 'scheduled'"),
    )


def downgrade():
    op.drop_table('meeting')
    op.drop_table('availability')
