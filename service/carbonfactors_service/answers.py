"""Answers rendered once at build time and stored in the database: a lookup, not work.

A dataset version is immutable, so the answer to every factor, every hardware model's
detail, every zone's resolved grid intensity and every operator's resolved PUE (default
year and basis) is known when the database is built. ``render`` produces them with the
very functions the routes use (so a stored answer is byte for byte the computed one) and
the build stores body and ETag in the ``answers`` table (``carbonfactors_pipeline.build``).
At run time ``memo.memoized_json`` reads a stored answer by key before computing anything:
one primary-key read instead of several queries and a JSON encoding. The in-memory caches
(``memo.py``, ``fastpath.py``) then only save that read for hot keys.

A database built without the service installed has no such table: every answer is then
computed on first use, as before.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import zlib
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

from flask import Flask

from .db import query
from .problems import Problem
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


def _computations(v: Version) -> Iterator[tuple[tuple[Hashable, ...], Callable[[], Any]]]:
    """Each precomputed answer of ``v``: its memo key and the route's own computation."""
    from . import factors, hardware, pue, zones

    def ids(table: str) -> list[str]:
        return [r["id"] for r in query(f"select id from {table} where version = ?", (v.version,))]

    basis = zones.GridQuery().fields["basis"].load_default
    kinds: list[tuple[str, Callable[[str], tuple[Hashable, ...]], Callable[[str], Any]]] = [
        ("factors", lambda i: ("factor", i), lambda i: factors.factor_answer(v, i)),
        ("hardware", lambda i: ("hardware", i), lambda i: hardware.hardware_answer(v, i)),
        (
            "zones",
            lambda i: ("grid", i, None, basis),
            lambda i: zones.grid_answer(v, i, None, basis),
        ),
        ("operators", lambda i: ("pue", i, None), lambda i: pue.pue_answer(v, i, None)),
    ]
    for table, key, answer in kinds:
        for ident in ids(table):
            yield key(ident), functools.partial(answer, ident)


def render(app: Flask, version: str) -> list[dict[str, Any]]:
    """Rows of the ``answers`` table for one version of ``app``'s database.

    A key whose computation is a problem (a zone with no grid intensity, say) is left
    out: the route computes that problem at run time, as for any other error.
    """
    from .memo import encode
    from .versioning import lookup

    rows = []
    with app.app_context():
        v = lookup(version)
        for key, compute in _computations(v):
            try:
                body, etag = encode(compute())
            except Problem:
                continue
            rows.append(
                {
                    "version": version,
                    "key": key_text(key),
                    "body": zlib.compress(body, 9),
                    "etag": etag,
                }
            )
    return rows


def renderer(db_path: Path) -> tuple[list[str], Callable[[str], list[dict[str, Any]]]]:
    """The versions in the database at ``db_path`` and a function rendering one of them.

    Each call renders through a new app (so its own connections: ``db.py`` keeps one per
    thread and app), so rows written between two calls are seen by the next one.
    """
    from . import create_app
    from .versioning import all_versions

    def app() -> Flask:
        return create_app({"DATABASE": str(db_path)})

    first = app()
    with first.app_context():
        names = [v.version for v in all_versions()]
    return names, lambda version: render(app(), version)
