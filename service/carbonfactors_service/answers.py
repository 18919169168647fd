"""Answers rendered once at build time and stored in the database: a lookup, not work.

A dataset version is immutable, so the answer to every factor, every hardware model's
detail, every zone's resolved grid intensity and every operator's resolved PUE (default
year and basis) is known when the database is built. ``prerender.render`` produces them with the
very functions the routes use (so a stored answer is byte for byte the computed one) and
the build stores body and ETag in the ``answers`` table (``carbonfactors_pipeline.build``;
the rendering is in ``prerender.py``, which imports the routes: this module must not).
At run time ``memo.memoized_json`` reads a stored answer by key before computing anything:
one primary-key read instead of several queries and a JSON encoding. The in-memory caches
(``memo.py``, ``fastpath.py``) then only save that read for hot keys.

A database built without the service installed has no such table: every answer is then
computed on first use, as before.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Hashable

from .db import query
from .versioning import Version

TABLE = "answers"
#: Its columns (``carbonfactors_pipeline.build`` creates it from this); ``body`` is
#: zlib-compressed (a third to a half of the size: the table holds every answer of every
#: version; inflating one costs a few microseconds), ``etag`` is that of the plain body.
COLUMNS: dict[str, type] = {"version": str, "key": str, "body": bytes, "etag": str}


def key_text(key: tuple[Hashable, ...]) -> str:
    """The stored form of a memo key, e.g. ``["grid","FR",null,"lifecycle"]``."""
    return json.dumps(list(key), separators=(",", ":"))


def stored(version: Version, key: tuple[Hashable, ...]) -> tuple[bytes, str] | None:
    """The answer the build stored for ``key`` in ``version`` (body, ETag), if any."""
    try:
        rows = query(
            f"select body, etag from {TABLE} where version = ? and key = ?",
            (version.version, key_text(key)),
        )
    except sqlite3.OperationalError:  # a database built without answers
        return None
    return (zlib.decompress(rows[0]["body"]), rows[0]["etag"]) if rows else None
