"""Hiring: job descriptions, interview loops, pipeline and scorecards for ML teams."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from hiring.config import PROJECT_ROOT, load_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then the environment, then ``config``."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=os.environ.get("HIRING_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path, os.environ, config))
    configure_logging(app)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_receivers(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure_logging(app: Flask) -> None:
    from hiring import request_log

    logging.getLogger("hiring").setLevel(app.config.get("LOG_LEVEL", "INFO"))
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s",
        )
        for handler in logging.getLogger().handlers:
            handler.addFilter(request_log.RequestIdFilter())
    request_log.init_app(app)


def register_extensions(app: Flask) -> None:
    import hiring.models  # noqa: F401  (every table on the metadata)
    from hiring.accounts import sessions
    from hiring.database import configure_engine
    from hiring.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
    from hiring.rubrics import registry

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    sessions.init_app(app, login_manager)
    registry.init_app(app)


def register_url_converters(app: Flask) -> None:
    """Before the routes: ``<int:...>`` is an id within the database's integer."""
    from hiring import request_guards

    request_guards.register_converters(app)


def register_blueprints(app: Flask) -> None:
    from hiring import api
    from hiring.accounts import admin_views, views
    from hiring.candidates import resume_views
    from hiring.candidates import views as candidates_views
    from hiring.careers import views as careers_views
    from hiring.dashboard import views as dashboard_views
    from hiring.duplicates import views as duplicates_views
    from hiring.evaluation import calibration_views
    from hiring.evaluation import views as evaluation_views
    from hiring.forecasting import views as forecasting_views
    from hiring.imports import views as imports_views
    from hiring.interviews import views as interviews_views
    from hiring.jobs import views as jobs_views
    from hiring.loops import views as loops_views
    from hiring.notifications import views as outbox_views
    from hiring.operations import views as operations_views
    from hiring.pipeline import views as pipeline_views
    from hiring.planner import views as planner_views
    from hiring.privacy import views as privacy_views
    from hiring.reports import views as reports_views
    from hiring.rubrics import views as rubrics_views
    from hiring.scorecards import views as scorecards_views

    app.register_blueprint(views.auth)
    app.register_blueprint(views.account)
    app.register_blueprint(admin_views.admin)
    app.register_blueprint(dashboard_views.dashboard)
    app.register_blueprint(rubrics_views.rubrics)
    app.register_blueprint(jobs_views.jobs)
    app.register_blueprint(careers_views.careers)
    app.register_blueprint(loops_views.loops)
    app.register_blueprint(candidates_views.candidates)
    app.register_blueprint(resume_views.resume_files)
    app.register_blueprint(imports_views.candidate_imports)
    app.register_blueprint(pipeline_views.pipeline)
    app.register_blueprint(interviews_views.interviews)
    app.register_blueprint(duplicates_views.merging)
    app.register_blueprint(scorecards_views.scorecards)
    app.register_blueprint(evaluation_views.evaluation)
    app.register_blueprint(calibration_views.calibration)
    app.register_blueprint(reports_views.reports)
    app.register_blueprint(privacy_views.privacy)
    app.register_blueprint(outbox_views.outbox)
    app.register_blueprint(forecasting_views.forecasting)
    app.register_blueprint(planner_views.planner)
    app.register_blueprint(operations_views.probes)
    api.init_app(app)


def register_receivers(app: Flask) -> None:
    """Features built on others answer their questions and add to their pages
    (``hiring.fragments``); lower features never import higher ones."""
    from hiring.duplicates import receivers as duplicates_receivers
    from hiring.evaluation import receivers as evaluation_receivers
    from hiring.interviews import receivers as interviews_receivers
    from hiring.loops import receivers as loops_receivers
    from hiring.pipeline import receivers as pipeline_receivers
    from hiring.scorecards import receivers as scorecards_receivers

    loops_receivers.init_app(app)
    pipeline_receivers.init_app(app)
    interviews_receivers.init_app(app)
    duplicates_receivers.init_app(app)
    scorecards_receivers.init_app(app)
    evaluation_receivers.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from hiring import errors

    errors.init_app(app)


def register_request_hooks(app: Flask) -> None:
    from hiring import headers, incoming, request_guards

    headers.init_app(app)
    incoming.init_app(app)
    request_guards.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from hiring import navigation, time_zones

    navigation.init_app(app)
    time_zones.init_app(app)


def register_commands(app: Flask) -> None:
    from hiring.accounts import cli
    from hiring.demo import cli as demo
    from hiring.notifications import cli as notifications_cli
    from hiring.operations import cli as operations_cli
    from hiring.privacy import cli as privacy_cli
    from hiring.reminders import cli as reminders_cli
    from hiring.rubrics import cli as rubrics_cli

    cli.init_app(app)
    rubrics_cli.init_app(app)
    privacy_cli.init_app(app)
    demo.init_app(app)
    notifications_cli.init_app(app)
    reminders_cli.init_app(app)
    operations_cli.init_app(app)
