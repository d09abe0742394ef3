"""Alembic environment for ``flask db`` and for the migration tests.

Under ``flask --app wsgi db ...`` the engine comes from the app. The tests
(pytest-alembic) hand over a connection in ``config.attributes["connection"]``.
"""

import logging
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

import hiring.models  # noqa: F401  (registers every table on the metadata)
from hiring.extensions import db

config = context.config
if config.config_file_name and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_metadata = db.metadata


def _configure_args():
    try:
        from flask import current_app

        return dict(current_app.extensions["migrate"].configure_args)
    except (RuntimeError, KeyError):
        return {}


def process_revision_directives(context_, revision, directives):
    # Do not write an empty migration when nothing changed.
    if getattr(config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")


def render_item(type_, obj, autogen_context):
    # Migrations must not import application types: render them as what they store.
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection):
    args = _configure_args()
    args.setdefault("process_revision_directives", process_revision_directives)
    args.setdefault("compare_type", True)
    args.setdefault("render_item", render_item)
    args.setdefault("render_as_batch", connection.dialect.name == "sqlite")
    context.configure(connection=connection, target_metadata=target_metadata, **args)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline():
    from flask import current_app

    url = current_app.extensions["migrate"].db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = config.attributes.get("connection")
    if connectable is None:
        from flask import current_app

        connectable = current_app.extensions["migrate"].db.engine
    if isinstance(connectable, Connection):
        _run(connectable)
        return
    with connectable.connect() as connection:
        _run(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
