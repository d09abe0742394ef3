"""careers page: published posting snapshots, structured job locations, applications
from the careers page, voluntary self-identification

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-12 09:00:00.000000

Existing one-line locations are read into city, region and country ("Denver, Colorado"
becomes Denver / Colorado / US); remote regions written as country names become ISO
codes, and what names no country ("Anywhere", "EU") is dropped, so the linter asks for
countries before the job is published again.
"""
from alembic import op
import pycountry
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_ALIASES = {'uk': 'GB', 'us': 'US', 'usa': 'US', 'england': 'GB', 'great britain': 'GB',
            'united states of america': 'US', 'south korea': 'KR', 'russia': 'RU',
            'czech republic': 'CZ', 'vietnam': 'VN', 'turkey': 'TR', 'holland': 'NL'}


def _countries():
    names, lookup = {}, dict(_ALIASES)
    for country in pycountry.countries:
        names[country.alpha_2] = getattr(country, 'common_name', None) or country.name
        for name in (country.name, getattr(country, 'common_name', None),
                     getattr(country, 'official_name', None), country.alpha_3):
            if name:
                lookup[name.lower()] = country.alpha_2
    return names, lookup


def _regions():
    regions = {}
    for code in ('US', 'CA'):
        for area in pycountry.subdivisions.get(country_code=code):
            regions[area.name.lower()] = (area.name, code)
            regions[area.code.split('-', 1)[1].lower()] = (area.name, code)
    return regions


def _code(text, names, lookup):
    key = ' '.join(text.split()).lower().rstrip('.')
    if len(key) == 2 and key.upper() in names:
        return key.upper()
    return lookup.get(key)


def _parse(text, names, lookup, regions):
    parts = [p.strip() for p in text.replace(';', ',').split(',') if p.strip()]
    if not parts:
        return '', '', ''
    country = region = ''
    last = parts[-1]
    if len(last) > 2 or last.lower() in _ALIASES:
        code = _code(last, names, lookup)
        if code:
            country = code
            parts.pop()
    if parts and (len(parts) > 1 or len(parts[-1]) > 2):
        area = regions.get(parts[-1].lower())
        if area and country in ('', area[1]):
            region, country = area
            parts.pop()
    if not country and len(parts) > 1:
        code = _code(parts[-1], names, lookup)
        if code:
            country = code
            parts.pop()
    city, between = (parts[0], parts[1:]) if parts else ('', [])
    region = ', '.join([*between, region] if region else between)
    return city[:100], region[:100], country


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('city', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('region', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('country_code', sa.String(length=2), server_default='', nullable=False))
        batch_op.add_column(sa.Column('published_posting', sa.JSON(), nullable=True))
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=16), server_default='', nullable=False))
    op.create_table('candidate_self_identifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=32), nullable=False),
    sa.Column('ethnicity', sa.String(length=32), nullable=False),
    sa.Column('veteran_status', sa.String(length=32), nullable=False),
    sa.Column('disability_status', sa.String(length=32), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_self_identifications_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_candidate_self_identifications_recorded_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_self_identifications')),
    sa.UniqueConstraint('candidate_id', name=op.f('uq_candidate_self_identifications_candidate_id'))
    )

    jobs = sa.table('jobs', sa.column('id', sa.Integer), sa.column('location', sa.String),
                    sa.column('remote_regions', sa.String), sa.column('city', sa.String),
                    sa.column('region', sa.String), sa.column('country_code', sa.String))
    bind = op.get_bind()
    names, lookup = _countries()
    regions = _regions()
    rows = bind.execute(sa.select(jobs.c.id, jobs.c.location, jobs.c.remote_regions)).all()
    for job_id, location, remote_regions in rows:
        city, region, country = _parse(location or '', names, lookup, regions)
        line = ', '.join(p for p in (city, region, names.get(country, '')) if p)
        codes = []
        for part in (remote_regions or '').replace(';', ',').split(','):
            code = _code(part, names, lookup) if part.strip() else None
            if code and code not in codes:
                codes.append(code)
        bind.execute(
            jobs.update().where(jobs.c.id == job_id).values(
                city=city, region=region, country_code=country, location=line[:200],
                remote_regions=','.join(codes)[:200],
            )
        )


def downgrade():
    op.drop_table('candidate_self_identifications')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('source')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('published_posting')
        batch_op.drop_column('country_code')
        batch_op.drop_column('region')
        batch_op.drop_column('city')
