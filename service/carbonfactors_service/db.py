"""The read-only database connection, one per request context.

The database is built ahead of time (``carbonfactors build``) and never written at run
time, so it is opened with ``mode=ro`` and ``immutable=1``: SQLite then skips locking,
and a bug can never alter served data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g


class DatabaseMissing(RuntimeError):
    pass


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
    if "db" not in g:
        g.db = open_readonly(current_app.config["DATABASE"])
    conn: sqlite3.Connection = g.db
    return conn


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def query(sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
    """Run a parameterized query: user input only ever travels as parameters."""
    return get_db().execute(sql, params).fetchall()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
