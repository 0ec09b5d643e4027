"""encrypt Slack webhook URLs at rest

A Slack incoming-webhook URL is the credential that lets anyone post to the channel,
so it is stored as a Fernet token like the other integration secrets. The column
becomes TEXT (a token of a 500-character URL is about 760 characters), and the plain
URLs of existing Slack integrations are encrypted when ENCRYPTION_KEYS is set;
without keys they stay readable as they are and `flask rotate-keys` encrypts them
once keys are configured. Downgrading decrypts them again (it needs the keys).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

integration = sa.table(
    'integration',
    sa.column('id', sa.String(32)),
    sa.column('kind', sa.String(20)),
    sa.column('webhook_url', sa.Text()),
)


def _fernet():
    """MultiFernet over the app's ENCRYPTION_KEYS (newest first), or None when unset."""
    keys = current_app.config.get('ENCRYPTION_KEYS') or ()
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(',') if k.strip()]
    return MultiFernet([Fernet(k) for k in keys]) if keys else None


def _is_plain(url):
    return url[:8].lower().startswith(('http://', 'https://'))


def _slack_urls(bind):
    query = sa.select(integration.c.id, integration.c.webhook_url).where(
        integration.c.kind == 'slack', integration.c.webhook_url.is_not(None)
    )
    return list(bind.execute(query))


def _store(bind, row_id, url):
    bind.execute(
        integration.update().where(integration.c.id == row_id).values(webhook_url=url)
    )


def upgrade():
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.alter_column(
            'webhook_url',
            existing_type=sa.String(length=500),
            type_=sa.Text(),
            existing_nullable=True,
        )

    fernet = _fernet()
    if fernet is None:
        return  # read as plain until `flask rotate-keys` runs with keys
    bind = op.get_bind()
    for row_id, url in _slack_urls(bind):
        if _is_plain(url):
            _store(bind, row_id, fernet.encrypt(url.encode()).decode())


def downgrade():
    bind = op.get_bind()
    encrypted = [(row_id, url) for row_id, url in _slack_urls(bind) if not _is_plain(url)]
    if encrypted:
        fernet = _fernet()
        if fernet is None:
            raise RuntimeError(
                'Slack webhook URLs are encrypted: set ENCRYPTION_KEYS to downgrade'
            )
        for row_id, token in encrypted:
            _store(bind, row_id, fernet.decrypt(token.encode()).decode())

    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.alter_column(
            'webhook_url',
            existing_type=sa.Text(),
            type_=sa.String(length=500),
            existing_nullable=True,
        )
