"""interviews and their interviewers

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('loop_round_id', sa.Integer(), nullable=True),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_interviews_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_interviews_created_by_id_users')),
    sa.ForeignKeyConstraint(['loop_round_id'], ['loop_rounds.id'], name=op.f('fk_interviews_loop_round_id_loop_rounds'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_loop_round_id'), ['loop_round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_starts_at'), ['starts_at'], unique=False)

    op.create_table('interview_interviewers',
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_interview_interviewers_interview_id_interviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interview_interviewers_user_id_users')),
    sa.PrimaryKeyConstraint('interview_id', 'user_id', name=op.f('pk_interview_interviewers'))
    )
    with op.batch_alter_table('interview_interviewers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_interviewers_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('interview_interviewers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_interviewers_user_id'))

    op.drop_table('interview_interviewers')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_starts_at'))
        batch_op.drop_index(batch_op.f('ix_interviews_loop_round_id'))
        batch_op.drop_index(batch_op.f('ix_interviews_application_id'))

    op.drop_table('interviews')
