"""The read-only database connection: opened when a request first needs it, closed on teardown.

The database is built ahead of time (``carbonfactors build``) and never written at run
time, so it is opened with ``mode=ro`` and ``immutable=1``: SQLite then skips locking,
and a bug can never alter served data. The connection lives on ``g`` and is closed when
the app context ends (the Flask tutorial's pattern), so no file handle outlives its
request or its thread. Hot answers do not reach the database at all (``memo.py``,
``fastpath.py``), so opening one costs only on a miss.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g

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


def get_db() -> sqlite3.Connection:
    conn: sqlite3.Connection | None = g.get("db")
    if conn is None:
        conn = g.db = open_readonly(current_app.config["DATABASE"])
    return conn


def query(sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
    """Run a parameterized query: user input only ever travels as parameters."""
    return get_db().execute(sql, params).fetchall()


def close_db(_exc: BaseException | None = None) -> None:
    conn: sqlite3.Connection | None = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
