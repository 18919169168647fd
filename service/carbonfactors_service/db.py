"""The read-only database connection: one per thread of each app, opened on first use and kept.

The database is built ahead of time (``carbonfactors build``) and never written at run
time, so it is opened with ``mode=ro`` and ``immutable=1``: SQLite then skips locking,
and a bug can never alter served data. Because the file cannot change under an app, a
connection can serve every request of its thread: opening one and parsing the schema on
its first query cost more than the primary-key read of a stored answer (``answers.py``),
so connections are kept per thread (a ``threading.local`` owned by the app: a new app,
e.g. after a reload, opens new ones) and tagged with the process id (never used across a
fork). A thread's connection is closed when the thread ends; gunicorn's worker threads are
a fixed pool, so a worker holds ``threads`` connections.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from carbonfactors_pipeline.columns import JSON_COLUMNS

__all__ = ["JSON_COLUMNS", "DatabaseMissing", "open_readonly", "query"]


class DatabaseMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=16)
def _uri(path: str) -> str:
    return f"file:{Path(path).resolve()}?mode=ro&immutable=1"


def open_readonly(path: str | Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(_uri(str(path)), uri=True)
    except sqlite3.OperationalError:
        raise DatabaseMissing(f"no database at {path}: run 'carbonfactors build' first") from None
    conn.row_factory = sqlite3.Row
    return conn


EXTENSION = "carbonfactors.db"


def get_db(app: Flask | None = None) -> sqlite3.Connection:
    """This thread's connection to the database of ``app`` (default: the current app; the
    fast path, which runs outside any app context, names it). See the module doc."""
    target = app if app is not None else current_app
    local = target.extensions[EXTENSION]
    pid = os.getpid()
    kept: tuple[int, sqlite3.Connection] | None = getattr(local, "conn", None)
    if kept is None or kept[0] != pid:  # none yet, or inherited through fork: not ours
        kept = local.conn = (pid, open_readonly(target.config["DATABASE"]))
    return kept[1]


def query(sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
    """Run a parameterized query: user input only ever travels as parameters."""
    return get_db().execute(sql, params).fetchall()


def query_stored(sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    """``query`` on a table the build may not have made (an older database: no ``packs``,
    ``bundle_facts`` or ``bundle_packs``): no rows then, and the caller computes instead."""
    try:
        return query(sql, params)
    except sqlite3.OperationalError:  # no such table
        return []


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = threading.local()
