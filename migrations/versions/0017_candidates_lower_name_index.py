"""index on lower(candidates.name), for the same-name check

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_candidates_lower_name', 'candidates', [sa.text('lower(name)')], unique=False)


def downgrade():
    op.drop_index('ix_candidates_lower_name', table_name='candidates')
