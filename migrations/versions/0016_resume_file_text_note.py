"""resume files: why their text was not extracted (text_note)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resume_files', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('text_note', sa.String(length=300), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('resume_files', schema=None) as batch_op:
        batch_op.drop_column('text_note')
