import threading
from datetime import timedelta

import pytest

from hiring.config import (
    ConfigError,
    load_config,
    normalise_database_url,
    persisted_secret_key,
)


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


def test_workers_starting_together_all_get_the_one_complete_key(tmp_path):
    # gunicorn starts its workers at the same moment; each reads or creates the key.
    # A worker that read the file between its creation and its write got an empty
    # key and served 500s.
    for attempt in range(20):
        folder = tmp_path / str(attempt)
        start = threading.Barrier(8)
        keys: list[str] = []

        def worker(folder=folder, start=start, keys=keys):
            start.wait()
            keys.append(persisted_secret_key(str(folder)))

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(keys) == 8
        assert len(set(keys)) == 1 and len(keys[0]) == 64
        assert (folder / "secret_key").read_text() == keys[0]
        assert sorted(p.name for p in folder.iterdir()) == ["secret_key"]


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


def test_the_resume_reading_limits_have_defaults_and_are_read(tmp_path):
    defaults = load_config(str(tmp_path), {}, None)
    assert defaults["RESUME_TEXT_MAX_PAGES"] == 50
    assert defaults["RESUME_DOCX_MAX_UNCOMPRESSED"] == 20 * 1024 * 1024
    assert defaults["RESUME_PARSE_TIMEOUT"] == 15.0
    assert defaults["IMPORT_BATCH_ROWS"] == 200
    environ = {
        "RESUME_TEXT_MAX_PAGES": "10",
        "RESUME_TEXT_MAX_CHARS": "5000",
        "RESUME_DOCX_MAX_UNCOMPRESSED": "1048576",
        "RESUME_PARSE_TIMEOUT": "2.5",
        "RESUME_PARSE_MAX_MEMORY": "0",
        "IMPORT_BATCH_ROWS": "50",
    }
    config = load_config(str(tmp_path), environ, None)
    assert config["RESUME_TEXT_MAX_PAGES"] == 10 and config["RESUME_TEXT_MAX_CHARS"] == 5000
    assert config["RESUME_DOCX_MAX_UNCOMPRESSED"] == 1048576
    assert config["RESUME_PARSE_TIMEOUT"] == 2.5 and config["RESUME_PARSE_MAX_MEMORY"] == 0
    assert config["IMPORT_BATCH_ROWS"] == 50


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"RESUME_PARSE_TIMEOUT": "soon"}, "RESUME_PARSE_TIMEOUT"),
        ({"RESUME_PARSE_TIMEOUT": "0"}, "RESUME_PARSE_TIMEOUT"),
        ({"IMPORT_BATCH_ROWS": "0"}, "IMPORT_BATCH_ROWS"),
        ({"RESUME_PARSE_MAX_MEMORY": "-1"}, "RESUME_PARSE_MAX_MEMORY"),
    ],
)
def test_a_reading_limit_that_cannot_work_is_refused(tmp_path, environ, variable):
    with pytest.raises(ConfigError, match=variable):
        load_config(str(tmp_path), environ, None)


# --- HIRING_ENV=production: refuse what only works on one process or leaks ----------

PRODUCTION = {
    "HIRING_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "DATABASE_URL": "postgresql://hiring@db/hiring",
    "RATELIMIT_STORAGE_URI": "redis://redis:6379/0",
    "SESSION_COOKIE_SECURE": "1",
    "MAIL_SERVER": "smtp.example.com",
    "SERVER_NAME": "hiring.example.com",
    "PREFERRED_URL_SCHEME": "https",
}


def production(**changes):
    environ = {**PRODUCTION, **changes}
    return {key: value for key, value in environ.items() if value is not None}


def test_a_complete_production_configuration_starts(tmp_path, caplog):
    config = load_config(str(tmp_path), production(), None)
    assert config["HIRING_ENV"] == "production"
    assert caplog.records == []


@pytest.mark.parametrize(
    ("changes", "variable", "advice"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set", "secrets.token_hex(32)"),
        ({"DATABASE_URL": None}, "DATABASE_URL is SQLite", "DATABASE_URL=postgresql://"),
        (
            {"DATABASE_URL": "sqlite:////srv/hiring.sqlite3"},
            "DATABASE_URL is SQLite",
            "ALLOW_SQLITE_IN_PRODUCTION=1",
        ),
        (
            {"RATELIMIT_STORAGE_URI": "memory://"},
            "RATELIMIT_STORAGE_URI is memory://",
            "database://",
        ),
        ({"SESSION_COOKIE_SECURE": None}, "SESSION_COOKIE_SECURE is off", "=1"),
        ({"SESSION_COOKIE_SECURE": "false"}, "SESSION_COOKIE_SECURE is off", "=1"),
    ],
)
def test_production_refuses_each_unfit_setting_in_one_line(tmp_path, changes, variable, advice):
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path), production(**changes), None)
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("HIRING_ENV=production")
    [line] = [line for line in lines[1:] if line.startswith(variable)]
    assert advice in line
    assert len(lines) == 2  # only the one problem
    assert not (tmp_path / "secret_key").exists()


def test_production_accepts_the_default_rate_limit_storage_in_the_database(tmp_path):
    config = load_config(str(tmp_path), production(RATELIMIT_STORAGE_URI=None), None)
    assert config["RATELIMIT_STORAGE_URI"] == "database://"


def test_production_lists_every_problem_at_once(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(
            str(tmp_path), {"HIRING_ENV": "production", "RATELIMIT_STORAGE_URI": "memory://"}, None
        )
    message = str(caught.value)
    for variable in (
        "SECRET_KEY",
        "DATABASE_URL",
        "RATELIMIT_STORAGE_URI",
        "SESSION_COOKIE_SECURE",
    ):
        assert variable in message


def test_sqlite_in_production_only_when_allowed_explicitly(tmp_path):
    config = load_config(
        str(tmp_path), production(DATABASE_URL=None, ALLOW_SQLITE_IN_PRODUCTION="1"), None
    )
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def test_production_without_a_mail_server_warns_and_starts(tmp_path, caplog):
    load_config(str(tmp_path), production(MAIL_SERVER=None), None)
    [record] = caplog.records
    assert record.levelname == "WARNING" and record.getMessage().startswith("MAIL_SERVER is empty")


def test_production_without_a_server_name_warns_that_email_links_are_paths(tmp_path, caplog):
    load_config(str(tmp_path), production(SERVER_NAME=None), None)
    [record] = caplog.records
    assert record.getMessage().startswith("SERVER_NAME is empty: links in emails are paths")


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("hiring.example.com", "hiring.example.com"),
        ("https://hiring.example.com/", "hiring.example.com"),
        (" hiring.example.com:8443 ", "hiring.example.com:8443"),
    ],
)
def test_the_server_name_is_read_as_people_write_it(tmp_path, written, kept):
    config = load_config(str(tmp_path), {"SERVER_NAME": written}, None)
    assert config["SERVER_NAME"] == kept


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"SERVER_NAME": "hiring.example.com/app"}, "SERVER_NAME"),
        ({"SERVER_NAME": "https://"}, "SERVER_NAME"),
        ({"PREFERRED_URL_SCHEME": "ftp"}, "PREFERRED_URL_SCHEME"),
    ],
)
def test_an_address_that_cannot_make_links_is_refused(tmp_path, environ, variable):
    with pytest.raises(ConfigError, match=variable):
        load_config(str(tmp_path), environ, None)


def test_development_is_the_default_and_checks_nothing(tmp_path):
    config = load_config(str(tmp_path), {}, None)
    assert config["HIRING_ENV"] == "development"


def test_an_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="HIRING_ENV is 'prod'"):
        load_config(str(tmp_path), {"HIRING_ENV": "prod"}, None)


def test_wsgi_prints_the_problem_and_exits_as_a_failed_boot(tmp_path):
    import subprocess
    import sys

    from hiring.config import PROJECT_ROOT

    environ = {
        "PATH": "/usr/bin:/bin",
        "HIRING_INSTANCE_PATH": str(tmp_path),
        "HIRING_ENV": "production",
    }
    completed = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 3
    assert "Configuration error: HIRING_ENV=production" in completed.stderr
    assert "Traceback" not in completed.stderr
