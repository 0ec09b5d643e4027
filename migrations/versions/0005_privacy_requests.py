"""privacy requests: visitors' ARCO requests and how staff answered them

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 14:54:49.916220

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('privacy_request',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('right', sa.Enum('ACCESS', 'RECTIFICATION', 'CANCELLATION', 'OPPOSITION', 'REVOKE_CONSENT', name='privacyright', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=5), server_default='es', nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'IN_PROGRESS', 'DONE', 'REJECTED', name='privacyrequeststatus', native_enum=False, create_constraint=True, length=20), server_default='OPEN', nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_by', sa.String(length=32), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['handled_by'], ['user.id'], name=op.f('fk_privacy_request_handled_by_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_request'))
    )
    with op.batch_alter_table('privacy_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_request_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_request_handled_by'), ['handled_by'], unique=False)
        batch_op.create_index('ix_privacy_request_status_due_at', ['status', 'due_at'], unique=False)



def downgrade():
    with op.batch_alter_table('privacy_request', schema=None) as batch_op:
        batch_op.drop_index('ix_privacy_request_status_due_at')
        batch_op.drop_index(batch_op.f('ix_privacy_request_handled_by'))
        batch_op.drop_index(batch_op.f('ix_privacy_request_email'))
        batch_op.drop_index(batch_op.f('ix_privacy_request_created_at'))

    op.drop_table('privacy_request')
