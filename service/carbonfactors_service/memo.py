"""Bounded per-process memos for answers that are pure functions of an immutable version.

The database cannot change while the service runs, and a dataset version's content is
fixed by its SHA-256, so an assembled answer (e.g. a resolved grid intensity with its
trail) can be computed once per worker, serialized once, and reused, as the engine's
``Dataset`` memoizes its own resolutions. The entries live in the app's ``answers`` cache
(``caches.py``). Errors are never memoized.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any

from flask import Response, current_app

from . import bundles
from .answers import stored
from .caches import caches
from .fastpath import mark_reusable
from .versioning import Version


def etag_of(body: bytes) -> str:
    """The strong validator of a body (the same for every GET, see ``http_cache``)."""
    return hashlib.sha256(body).hexdigest()[:32]


def encode(answer: dict[str, Any]) -> tuple[bytes, str]:
    """Body and ETag of an answer, encoded exactly as Flask encodes a returned dict
    (compact, trailing newline); the build stores answers encoded by this too."""
    body = (current_app.json.dumps(answer, separators=(",", ":")) + "\n").encode()
    return body, etag_of(body)


def memoized_json(
    version: Version, key: tuple[Hashable, ...], compute: Callable[[], dict[str, Any]]
) -> Response:
    """The JSON answer for ``key`` in ``version``: the one the build stored
    (``answers.py``), or else computed, encoded and hashed once."""

    # Answers name their bundle (and may differ by it): the bundle is part of the key.
    full = (bundles.current(), *key)

    def find() -> tuple[bytes, str]:
        return stored(version, full) or encode(compute())

    hit = caches().get_or_compute("answers", (version.version, version.sha256, *full), find)
    mark_reusable()
    resp = Response(hit[0], mimetype="application/json")
    resp.headers["ETag"] = f'"{hit[1]}"'
    return resp
