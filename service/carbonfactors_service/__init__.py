"""The carbonfactors HTTP API (``/v1``) and explorer (``/``): a Flask app over the read-only
SQLite build.

Serve with ``gunicorn 'carbonfactors_service:create_app()'``; the database path comes from
``CARBONFACTORS_DB`` (default ``build/carbonfactors.db``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import caches, db, fastpath, http_cache, limits, problems, request_ids, security

#: Request bodies above this size are refused with 413 before they are read.
MAX_BODY_BYTES = 2 * 1024 * 1024


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE=os.environ.get("CARBONFACTORS_DB", "build/carbonfactors.db"),
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        LATEST_MAX_AGE=int(os.environ.get("CARBONFACTORS_LATEST_MAX_AGE", "60")),
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False

    caches.init_app(app)
    fastpath.init_app(app)  # first: its after-request hook runs last
    request_ids.init_app(app)  # around the fast path: every answer gets its own id
    db.init_app(app)
    problems.init_app(app)
    limits.init_app(app)
    http_cache.init_app(app)
    security.init_app(app)

    from . import (
        apidocs,
        bills,
        explorer,
        factors,
        footprints,
        hardware,
        health,
        index,
        pue,
        series_api,
        sources,
        versions,
        zones,
    )

    for module in (
        health,
        versions,
        factors,
        series_api,  # before zones: /zones/<path:zone> would swallow .../series
        zones,
        pue,
        hardware,
        sources,
        footprints,
        bills,
        apidocs,
    ):
        app.register_blueprint(module.bp, url_prefix="/v1")
    index.init_app(app)  # GET /v1, and the 404/405/413 answers that say what to do
    explorer.init_app(app)  # HTML pages at /, over the same data and engine
    return app
