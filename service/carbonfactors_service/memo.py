"""Bounded per-process memos for answers that are pure functions of an immutable version.

The database cannot change while the service runs, and a dataset version's content is
fixed by its SHA-256, so an assembled answer (e.g. a resolved grid intensity with its
trail) can be computed once per worker, serialized once, and reused, as the engine's
``Dataset`` memoizes its own resolutions. Errors are never memoized.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache
from flask import Response, current_app

from .versioning import Version

_lock = threading.Lock()
_cache: LRUCache[tuple[Hashable, ...], tuple[bytes, str]] = LRUCache(maxsize=8192)


def etag_of(body: bytes) -> str:
    """The strong validator of a body (the same for every GET, see ``http_cache``)."""
    return hashlib.sha256(body).hexdigest()[:32]


def memoized_json(
    version: Version, key: tuple[Hashable, ...], compute: Callable[[], dict[str, Any]]
) -> Response:
    """The JSON answer for ``key`` in ``version``: computed, encoded and hashed once."""
    full = (str(current_app.config["DATABASE"]), version.version, version.sha256, *key)
    with _lock:
        hit = _cache.get(full)
    if hit is None:
        # Encoded exactly as Flask encodes a returned dict (compact, trailing newline).
        body = (current_app.json.dumps(compute(), separators=(",", ":")) + "\n").encode()
        hit = (body, etag_of(body))
        with _lock:
            _cache[full] = hit
    resp = Response(hit[0], mimetype="application/json")
    resp.headers["ETag"] = f'"{hit[1]}"'
    return resp
