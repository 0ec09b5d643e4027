"""lead.tier_chosen: whether the lead's tier is the visitor's own choice

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 10:00:00.000000

An assessment only recommends a tier; the lead keeps the level the visitor chose, and
only that choice scores the "tier selected" points. Existing leads count as having
chosen when the contact form (which requires a tier) or a project estimate (the chosen
project type's tier) reached them; every other lead's tier is a stand-in. A choice an
earlier assessment overwrote is not recovered: those leads keep the recommendation.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not batch mode: on SQLite batch mode recreates the table, and
    # dropping the old one would cascade to every lead's notes and activities.
    op.add_column(
        'lead', sa.Column('tier_chosen', sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    lead = sa.table('lead', sa.column('id', sa.String), sa.column('tier_chosen', sa.Boolean))
    activity = sa.table(
        'lead_activity',
        sa.column('lead_id', sa.String),
        sa.column('type', sa.String),
        sa.column('description', sa.Text),
    )
    calculation = sa.table(
        'calculation', sa.column('lead_id', sa.String), sa.column('type', sa.String)
    )
    from_form = sa.exists().where(
        activity.c.lead_id == lead.c.id,
        activity.c.type.in_(('lead_created', 'lead_updated')),
        activity.c.description.like('%(contact_form)'),
    )
    from_estimate = sa.exists().where(
        calculation.c.lead_id == lead.c.id, calculation.c.type == 'project_estimate'
    )
    op.execute(lead.update().where(sa.or_(from_form, from_estimate)).values(tier_chosen=True))


def downgrade():
    op.drop_column('lead', 'tier_chosen')  # SQLite 3.35+ drops a column in place
