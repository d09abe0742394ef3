"""What the app takes from a request before reading it: how big a body may be, and
whose word to take for the client's address and scheme.

- Bodies over ``MAX_CONTENT_LENGTH`` (a little above the largest upload) are refused
  with 413 from their Content-Length, before a byte is read.
- ``X-Forwarded-*`` is trusted from exactly ``PROXY_COUNT`` proxies (ProxyFix). With
  ``PROXY_COUNT=0`` nothing is: the address is the socket's peer (rate limits, audit
  log), and a scheme that gunicorn took from ``X-Forwarded-Proto`` (it trusts loopback
  peers by default, ``forwarded_allow_ips``) is put back to what the socket says.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

from flask import Flask, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

WSGIApp = Any


def refuse_oversized_body() -> None:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length is not None and request.content_length > limit:
        abort(413, description=f"The request body is larger than {limit:,} bytes.")


class IgnoreForwardedScheme:
    """Undo gunicorn's use of X-Forwarded-Proto when no proxy is to be trusted."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        sock = environ.get("gunicorn.socket")
        if sock is not None and "HTTP_X_FORWARDED_PROTO" in environ:
            environ["wsgi.url_scheme"] = "https" if isinstance(sock, ssl.SSLSocket) else "http"
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    # First of all hooks: the rate limiter and CSRF check read the form.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_body)
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    else:
        app.wsgi_app = IgnoreForwardedScheme(app.wsgi_app)  # type: ignore[method-assign]
