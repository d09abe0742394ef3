"""resume files and privacy (erased_at on candidates)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resume_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_resume_files_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_resume_files_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resume_files')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_resume_files_stored_name'))
    )
    with op.batch_alter_table('resume_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resume_files_candidate_id'), ['candidate_id'], unique=False)

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_column('erased_at')

    with op.batch_alter_table('resume_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resume_files_candidate_id'))

    op.drop_table('resume_files')
