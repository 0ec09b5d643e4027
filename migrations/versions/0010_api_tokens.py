"""Leads API: bearer tokens and the stored answers of idempotent writes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 19:00:00.000000

``api_token`` holds the SHA-256 of each token (the token is shown once), its scope
(read or write), who created it, when it was last used and when it was revoked.
``idempotent_response`` keeps the answer to a write sent with an ``Idempotency-Key``
(per token), so a retry gets the same answer instead of a second change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_token',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_api_token_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('idempotent_response',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('token_id', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name=op.f('fk_idempotent_response_token_id_api_token'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_response')),
    sa.UniqueConstraint('token_id', 'key', name=op.f('uq_idempotent_response_token_id'))
    )
    with op.batch_alter_table('idempotent_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotent_response_created_at'), ['created_at'], unique=False)


def downgrade():
    op.drop_table('idempotent_response')
    op.drop_table('api_token')
