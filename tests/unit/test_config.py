from datetime import timedelta

import pytest

from hiring.config import ConfigError, load_config, normalise_database_url


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("postgres://u:p@db:5432/hiring", "postgresql+psycopg://u:p@db:5432/hiring"),
        ("postgresql://u:p@db/hiring", "postgresql+psycopg://u:p@db/hiring"),
        ("postgresql+psycopg://u@db/hiring", "postgresql+psycopg://u@db/hiring"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_are_accepted_as_people_paste_them(pasted, expected):
    assert normalise_database_url(pasted) == expected


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path):
    config = load_config(str(tmp_path), {}, None)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'hiring.sqlite3'}"


def test_a_generated_secret_key_is_persisted_and_reused(tmp_path):
    first = load_config(str(tmp_path), {}, None)["SECRET_KEY"]
    second = load_config(str(tmp_path), {}, None)["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_are_read(tmp_path):
    environ = {
        "SECRET_KEY": "k" * 40,
        "DATABASE_URL": "postgres://x@h/db",
        "HIRING_RUBRICS_DIR": "/srv/rubrics",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "MAIL_SERVER": "smtp.example.com",
        "MAIL_PORT": "587",
        "MAIL_USE_TLS": "true",
        "SESSION_IDLE_MINUTES": "15",
        "SESSION_ABSOLUTE_HOURS": "8",
        "PROXY_COUNT": "1",
    }
    config = load_config(str(tmp_path), environ, None)
    assert config["SECRET_KEY"] == "k" * 40
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://x@h/db"
    assert config["HIRING_RUBRICS_DIR"] == "/srv/rubrics"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["MAIL_SERVER"] == "smtp.example.com"
    assert config["MAIL_PORT"] == 587
    assert config["MAIL_USE_TLS"] is True
    assert config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=15)
    assert config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)
    assert config["PROXY_COUNT"] == 1


def test_a_short_secret_key_is_refused_outside_tests(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path), {"SECRET_KEY": "dev"}, None)


def test_overrides_win_over_the_environment(tmp_path):
    config = load_config(
        str(tmp_path),
        {"DATABASE_URL": "postgres://x@h/db"},
        {"SQLALCHEMY_DATABASE_URI": "sqlite://"},
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"


def test_the_api_rate_limit_is_read_and_checked(tmp_path):
    config = load_config(str(tmp_path), {"API_RATE_LIMIT": "60 per minute"}, None)
    assert config["API_RATE_LIMIT"] == "60 per minute"
    with pytest.raises(ConfigError, match="API_RATE_LIMIT"):
        load_config(str(tmp_path), {"API_RATE_LIMIT": "lots"}, None)
