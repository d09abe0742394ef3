"""candidate imports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidate_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_candidate_imports_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_imports'))
    )
    with op.batch_alter_table('candidate_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_imports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidate_imports_created_by_id'), ['created_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('candidate_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_imports_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_candidate_imports_created_at'))

    op.drop_table('candidate_imports')
