"""Bounds on what a request may carry, checked before any handler runs.

Bodies are capped by Flask's ``MAX_CONTENT_LENGTH`` (413 ``payload-too-large``); each query
value by its schema; and the whole request target here (414 ``uri-too-long``), so an
oversized URL gets the same problem document as every other error. ``gunicorn.conf.py``
sets gunicorn's own request-line limit far above this one, so such URLs reach the app.
"""

from __future__ import annotations

from flask import Flask, request

from .problems import Problem

#: Longest request target (path + query string, as sent) the API reads.
MAX_URI_BYTES = 4096


def _check_uri() -> None:
    target = request.environ.get("RAW_URI") or request.full_path
    if len(target.encode("utf-8", "surrogateescape")) > MAX_URI_BYTES:
        raise Problem(
            "uri-too-long",
            f"the request target is over {MAX_URI_BYTES} bytes: send fewer or shorter parameters",
        )


def init_app(app: Flask) -> None:
    app.before_request(_check_uri)
