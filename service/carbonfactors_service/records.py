"""Database rows to JSON records, query-string schemas, and keyset pagination.

Every list endpoint pages the same way: rows ordered by ``id``, ``limit`` of them, and an
opaque ``next_cursor`` (base64 of the last id) to continue. Clients must treat cursors as
opaque: the encoding may change, the promise is only "pass it back to get the next page".
"""

from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any

from flask import request
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from .caches import caches
from .db import JSON_COLUMNS, query
from .problems import Problem, invalid

#: Longest path segment (an id) we look up; anything longer cannot exist, so it is a 404
#: answered without touching the database.
MAX_ID_LENGTH = 300
MAX_PAGE = 1000
DEFAULT_PAGE = 100


def record(row: sqlite3.Row, drop: tuple[str, ...] = ("version",)) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in row.keys():
        if key in drop:
            continue
        val = row[key]
        out[key] = json.loads(val) if key in JSON_COLUMNS and val is not None else val
    return out


class QuerySchema(Schema):
    """Base of every query-string schema: unknown parameters are errors, not silently ignored."""

    class Meta:
        unknown = RAISE

    version = fields.String(validate=validate.Length(min=1, max=32))


class PageSchema(QuerySchema):
    limit = fields.Integer(
        load_default=DEFAULT_PAGE, strict=False, validate=validate.Range(1, MAX_PAGE)
    )
    cursor = fields.String(validate=validate.Length(min=1, max=400))


_schemas: dict[tuple[type[Schema], tuple[str, ...]], Schema] = {}


def _instance(cls: type[Schema], exclude: tuple[str, ...]) -> Schema:
    """One schema object per (class, exclusions): building one per request is costly."""
    key = (cls, exclude)
    schema = _schemas.get(key)
    if schema is None:
        schema = _schemas[key] = cls(exclude=exclude)
    return schema


def parse_query(schema: type[Schema], exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Validate ``request.args``; repeated parameters are refused rather than half-read.

    Validation is a pure function of the query string, so valid ones are memoized
    (errors are not): the same lookup URL is checked once per worker.
    """
    key = (schema, exclude, request.query_string)
    hit = caches().get_or_compute("queries", key, lambda: _parse_query(schema, exclude))
    return dict(hit)


def _parse_query(schema: type[Schema], exclude: tuple[str, ...]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for key in request.args:
        values = request.args.getlist(key)
        if len(values) > 1:
            errors[key] = ["given more than once"]
        raw[key] = values[0]
    if errors:
        raise invalid(errors)
    try:
        loaded: dict[str, Any] = _instance(schema, exclude).load(raw)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"query": exc.messages}
        fixed = {
            k: (["unknown parameter"] if v == ["Unknown field."] else v)
            for k, v in messages.items()
        }
        raise invalid(fixed) from exc
    return loaded


def not_found(type_: str, what: str, ident: str, version: str) -> Problem:
    """The 404 of a lookup by id, worded the same way for every resource."""
    shown = ident if len(ident) <= 80 else ident[:77] + "..."
    return Problem(
        type_,
        f"no {what} '{shown}' in dataset version {version}",
        title=f"{what.capitalize()} not found",
    )


def check_id(type_: str, what: str, ident: str, version: str) -> None:
    if not ident or len(ident) > MAX_ID_LENGTH:
        raise not_found(type_, what, ident, version)


# -- keyset pagination ------------------------------------------------------------------------
def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode()))["after"]
        if not isinstance(after, str):
            raise ValueError
        return after
    except (ValueError, KeyError, TypeError) as exc:
        raise invalid({"cursor": ["not a cursor returned by this API"]}) from exc


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (wildcards escaped with ``\\``)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Where:
    """A WHERE clause built from fixed column names; every client value is a parameter."""

    def __init__(self, version: str) -> None:
        self.clauses = ["version = ?"]
        self.params: list[Any] = [version]

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def equal(self, args: dict[str, Any], columns: tuple[str, ...]) -> Where:
        """``column = ?`` for each of ``columns`` the query string gave."""
        for col in columns:
            if col in args:
                self.add(f"{col} = ?", args[col])
        return self

    def text(self, q: str | None, columns: tuple[str, ...]) -> Where:
        """Free-text ``q``: a literal substring of any of ``columns``."""
        if q is not None:
            clause = " or ".join(f"{col} like ? escape '\\'" for col in columns)
            self.add(f"({clause})", *[like_pattern(q)] * len(columns))
        return self

    def sql(self) -> str:
        return " and ".join(self.clauses)


def page(table: str, where: Where, args: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    """One page of ``table`` rows matching ``where`` (fixed SQL fragments, values in params).

    ``table`` and the fragments come from the code, never from the request; every value
    the client sent travels in ``params``.
    """
    clauses, params = list(where.clauses), list(where.params)
    if "cursor" in args:
        clauses.append("id > ?")
        params.append(decode_cursor(args["cursor"]))
    limit: int = args["limit"]
    sql = f"select * from {table} where {' and '.join(clauses)} order by id limit ?"
    rows = query(sql, (*params, limit + 1))
    items = [record(r) for r in rows[:limit]]
    return items, encode_cursor(items[-1]["id"]) if len(rows) > limit else None
