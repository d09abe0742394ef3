"""Migration 0015 reads existing one-line locations and remote regions into countries."""

from __future__ import annotations

from sqlalchemy import text

ROW = (
    "INSERT INTO jobs (id, public_id, title, role_family, level, team, company_stage, focus, "
    "location, remote_policy, remote_regions, employment_type, salary_currency, headcount, "
    "status, rubric_version, skill_profile, created_at, updated_at, "
    "current_description_number, version) VALUES (:id, :public_id, 'ML engineer', "
    "'ml-engineer', 'senior', '', 'building', 'product', :location, :policy, :regions, "
    "'FULL_TIME', 'USD', 1, 'draft', 'v1', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 1)"
)


def test_existing_locations_become_city_region_and_iso_country(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("0014")
    with alembic_engine.begin() as connection:
        connection.execute(
            text(ROW),
            [
                {"id": 1, "public_id": "a", "location": "Denver, Colorado",
                 "policy": "hybrid", "regions": ""},
                {"id": 2, "public_id": "b", "location": "", "policy": "remote",
                 "regions": "Germany, Netherlands; Anywhere"},
            ],
        )  # fmt: skip
    alembic_runner.migrate_up_one()
    with alembic_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT city, region, country_code, location, remote_regions FROM jobs ORDER BY id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("Denver", "Colorado", "US", "Denver, Colorado, United States", ""),
        ("", "", "", "", "DE,NL"),
    ]
    alembic_runner.migrate_down_one()
