"""indexes for the home pages and the board: active applications by time in stage, by
owner and by job and stage, a job's applications by stage and time in stage, and the
interviewer pairs whose scorecard is not in yet

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 20:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    # (job, stage) grows the time in stage: the board ranks its cards from the index.
    op.drop_index('ix_applications_job_stage', table_name='applications')
    op.create_index(
        'ix_applications_job_stage_entered',
        'applications',
        ['job_id', 'stage', 'entered_stage_at'],
        unique=False,
    )
    op.create_index(
        'ix_applications_active_queue',
        'applications',
        ['entered_stage_at', 'stage', 'owner_id', 'job_id'],
        unique=False,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index(
        'ix_applications_owner_status_job',
        'applications',
        ['owner_id', 'status', 'job_id'],
        unique=False,
    )
    op.create_index(
        'ix_applications_job_status_stage',
        'applications',
        ['job_id', 'status', 'stage'],
        unique=False,
    )
    with op.batch_alter_table('interview_interviewers') as batch_op:
        batch_op.add_column(
            sa.Column('submitted', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE interview_interviewers SET submitted = true WHERE EXISTS ("
        "SELECT 1 FROM scorecards WHERE scorecards.interview_id = interview_interviewers.interview_id"
        " AND scorecards.interviewer_id = interview_interviewers.user_id"
        " AND scorecards.status = 'submitted')"
    )
    op.create_index(
        'ix_interview_interviewers_submitted',
        'interview_interviewers',
        ['submitted', 'interview_id'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_interview_interviewers_submitted', table_name='interview_interviewers')
    with op.batch_alter_table('interview_interviewers') as batch_op:
        batch_op.drop_column('submitted')
    op.drop_index('ix_applications_job_status_stage', table_name='applications')
    op.drop_index('ix_applications_owner_status_job', table_name='applications')
    op.drop_index('ix_applications_active_queue', table_name='applications')
    op.drop_index('ix_applications_job_stage_entered', table_name='applications')
    op.create_index('ix_applications_job_stage', 'applications', ['job_id', 'stage'], unique=False)
