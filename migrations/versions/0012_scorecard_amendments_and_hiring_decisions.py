"""scorecard amendments and hiring decisions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 09:46:27.283579

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hiring_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('revises_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_hiring_decisions_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_hiring_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['revises_id'], ['hiring_decisions.id'], name=op.f('fk_hiring_decisions_revises_id_hiring_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_decisions')),
    sa.UniqueConstraint('revises_id', name=op.f('uq_hiring_decisions_revises_id'))
    )
    with op.batch_alter_table('hiring_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hiring_decisions_application_id'), ['application_id'], unique=False)
        batch_op.create_index('uq_hiring_decisions_first', ['application_id'], unique=True, sqlite_where=sa.text('revises_id IS NULL'), postgresql_where=sa.text('revises_id IS NULL'))

    op.create_table('scorecard_amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scorecard_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_scorecard_amendments_author_id_users')),
    sa.ForeignKeyConstraint(['scorecard_id'], ['scorecards.id'], name=op.f('fk_scorecard_amendments_scorecard_id_scorecards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecard_amendments'))
    )
    with op.batch_alter_table('scorecard_amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecard_amendments_scorecard_id'), ['scorecard_id'], unique=False)

    op.create_table('scorecard_amendment_ratings',
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('skill', sa.String(length=64), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('not_assessed', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['scorecard_amendments.id'], name=op.f('fk_scorecard_amendment_ratings_amendment_id_scorecard_amendments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('amendment_id', 'skill', name=op.f('pk_scorecard_amendment_ratings'))
    )


def downgrade():
    op.drop_table('scorecard_amendment_ratings')
    with op.batch_alter_table('scorecard_amendments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecard_amendments_scorecard_id'))

    op.drop_table('scorecard_amendments')
    with op.batch_alter_table('hiring_decisions', schema=None) as batch_op:
        batch_op.drop_index('uq_hiring_decisions_first', sqlite_where=sa.text('revises_id IS NULL'), postgresql_where=sa.text('revises_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_hiring_decisions_application_id'))

    op.drop_table('hiring_decisions')
