"""Partial indexes for the dashboard's visit funnel and calculator use

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:50:00.000000

One index per calculator over the page views of its path (time and visit only), so
the dashboard counts a calculator's views and visits from the index alone instead of
reading every page view of the range. The conditions are those of
``madfam.models.analytics.CALCULATOR_VIEW_SQL``, word for word: the dashboard's query
repeats them so that the database sees that the index applies.

The visits by landing page and campaign read every ``visit.started`` row of the range;
a partial index of those rows holding their time, visit and properties (a page and a
campaign) answers them from the index alone on PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CALCULATOR_PAGES = (('roi', '%/calculator/roi'), ('project_estimate', '%/calculator/estimate'))
POSTGRESQL = "event = 'page.view' AND (properties ->> 'path') LIKE '{}'"
SQLITE = "event = 'page.view' AND json_extract(properties, '$.path') LIKE '{}'"
VISIT_STARTED = "event = 'visit.started'"


def upgrade():
    for name, pattern in CALCULATOR_PAGES:
        op.create_index(
            f'ix_analytics_event_calculator_{name}', 'analytics_event',
            ['created_at', 'session_id'], unique=False,
            postgresql_where=sa.text(POSTGRESQL.format(pattern)),
            sqlite_where=sa.text(SQLITE.format(pattern)),
        )
    op.create_index(
        'ix_analytics_event_visit_started', 'analytics_event', ['created_at'], unique=False,
        postgresql_include=['session_id', 'properties'],
        postgresql_where=sa.text(VISIT_STARTED), sqlite_where=sa.text(VISIT_STARTED),
    )


def downgrade():
    op.drop_index('ix_analytics_event_visit_started', table_name='analytics_event')
    for name, _ in CALCULATOR_PAGES:
        op.drop_index(f'ix_analytics_event_calculator_{name}', table_name='analytics_event')
