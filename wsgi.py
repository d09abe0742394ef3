"""WSGI entry point: ``gunicorn wsgi:app`` and ``flask --app wsgi ...``."""

import sys

from hiring import create_app
from hiring.config import ConfigError

# gunicorn stops, rather than restarting the worker forever, when one exits with 3.
WORKER_BOOT_ERROR = 3

try:
    app = create_app()
except ConfigError as exc:
    # A plain message, not a traceback: the operator has a variable to set.
    print(f"Configuration error: {exc}", file=sys.stderr)
    raise SystemExit(WORKER_BOOT_ERROR) from None
