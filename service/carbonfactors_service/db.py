"""The read-only database connection: one per worker thread, reused across requests.

The database is built ahead of time (``carbonfactors build``) and never written at run
time, so it is opened with ``mode=ro`` and ``immutable=1``: SQLite then skips locking,
and a bug can never alter served data. Because nothing can change underneath it, a
connection is kept per thread (and per database path) instead of being opened for every
request, which is most of the cost of a lookup.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from carbonfactors_pipeline.columns import JSON_COLUMNS

__all__ = ["JSON_COLUMNS", "DatabaseMissing", "open_readonly", "query"]


class DatabaseMissing(RuntimeError):
    pass


_local = threading.local()


def open_readonly(path: str | Path) -> sqlite3.Connection:
    p = Path(path)
    if not p.exists():
        raise DatabaseMissing(f"no database at {p}: run 'carbonfactors build' first")
    conn = sqlite3.connect(
        f"file:{p.resolve()}?mode=ro&immutable=1", uri=True, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    return conn


def get_db() -> sqlite3.Connection:
    path = str(current_app.config["DATABASE"])
    conns: dict[str, sqlite3.Connection] | None = getattr(_local, "conns", None)
    if conns is None:
        conns = _local.conns = {}
    conn = conns.get(path)
    if conn is None:
        conn = conns[path] = open_readonly(path)
    return conn


def query(sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
    """Run a parameterized query: user input only ever travels as parameters."""
    return get_db().execute(sql, params).fetchall()


def init_app(app: Flask) -> None:
    """Nothing to tear down per request: connections live as long as their thread."""
