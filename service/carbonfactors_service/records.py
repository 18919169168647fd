"""Database rows to JSON records, query-string schemas, and pagination.

Every list endpoint pages the same way: ``limit`` rows and an opaque ``next_cursor`` to
continue. Without ``q`` rows are ordered by ``id`` (keyset: the cursor holds the last id);
with ``q`` they are ordered by relevance (``carbonfactors.search``) and the cursor holds an
offset into that ranking. Clients must treat cursors as opaque: the encoding may change,
the promise is only "pass it back to the same list to get the next page".
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from flask import current_app, has_request_context, request
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from carbonfactors import suggest
from carbonfactors.bundles import BUNDLES

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
    #: Which bundle of the version (``open`` or ``full``, the default): carbonfactors.bundles.
    bundle = fields.String(validate=validate.OneOf(BUNDLES))


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


def not_found(
    type_: str, what: str, ident: str, version: str, candidates: Sequence[str] = ()
) -> Problem:
    """The 404 of a lookup by id, worded the same way for every resource; ``candidates``
    ("did you mean", see ``carbonfactors.suggest``) end the detail with what to type."""
    shown = ident if len(ident) <= 80 else ident[:77] + "..."
    problem = Problem(
        type_,
        f"no {what} '{shown}' in dataset version {version}"
        f"{suggest.hint(candidates) or _sub_route_hint(what, ident)}",
        title=f"{what.capitalize()} not found",
    )
    if candidates:
        problem.extra["candidates"] = list(candidates)
    return problem


def _sub_route_hint(what: str, ident: str) -> str:
    """For an id with a '/' (``/v1/zones/FR/nope``: the id routes take every segment after
    theirs): what lives under ``FR``, as paths to type, from the app's routes."""
    if "/" not in ident or not has_request_context() or not request.path.endswith(ident):
        return ""
    base = request.path[: len(request.path) - len(ident)]
    head, tail = ident.split("/", 1)
    under = sorted(
        {
            r.rule
            for r in current_app.url_map.iter_rules()
            if r.rule.startswith(base + "<") and ">/" in r.rule
        }
    )
    filled = [base + head + p[p.index(">/") + 1 :] for p in under]
    if not filled:
        return f"; a {what} id has no '/': GET /v1 lists every resource"
    return f"; '{tail}' is nothing under {what} '{head}': did you mean {' or '.join(filled)}?"


def check_id(type_: str, what: str, ident: str, version: str) -> None:
    if not ident or len(ident) > MAX_ID_LENGTH:
        raise not_found(type_, what, ident, version)


# -- keyset pagination ------------------------------------------------------------------------
def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def _cursor_field(cursor: str, key: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))[key]
    except (ValueError, KeyError, TypeError) as exc:
        raise invalid({"cursor": ["not a cursor returned by this API"]}) from exc


def decode_cursor(cursor: str) -> str:
    after = _cursor_field(cursor, "after")
    if not isinstance(after, str):
        raise invalid({"cursor": ["not a cursor returned by this API"]})
    return after


def encode_offset(offset: int) -> str:
    """The cursor of a ranked list (``q=`` given): a position in the ranking."""
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def decode_offset(cursor: str) -> int:
    offset = _cursor_field(cursor, "offset")
    if type(offset) is not int or offset < 0:
        raise invalid({"cursor": ["not a cursor returned by this API"]})
    return offset


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


def page(
    table: str,
    where: Where,
    args: dict[str, Any],
    rank: tuple[str, tuple[Any, ...]] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of ``table`` rows matching ``where`` (fixed SQL fragments, values in params).

    ``table`` and the fragments come from the code, never from the request; every value
    the client sent travels in ``params``. ``rank`` (an SQL expression and its parameters)
    orders rows by relevance first, then id, paged by offset.
    """
    limit: int = args["limit"]
    if rank is not None:
        start = decode_offset(args["cursor"]) if "cursor" in args else 0
        sql = f"select * from {table} where {where.sql()} order by {rank[0]}, id limit ? offset ?"
        rows = query(sql, (*where.params, *rank[1], limit + 1, start))
        items = [record(r) for r in rows[:limit]]
        return items, encode_offset(start + limit) if len(rows) > limit else None
    clauses, params = list(where.clauses), list(where.params)
    if "cursor" in args:
        clauses.append("id > ?")
        params.append(decode_cursor(args["cursor"]))
    sql = f"select * from {table} where {' and '.join(clauses)} order by id limit ?"
    rows = query(sql, (*params, limit + 1))
    items = [record(r) for r in rows[:limit]]
    return items, encode_cursor(items[-1]["id"]) if len(rows) > limit else None


def ranked_page(
    table: str, version: str, ids: list[str], args: dict[str, Any]
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of ``table`` records for ``ids`` already ranked by relevance, in that order."""
    start = decode_offset(args["cursor"]) if "cursor" in args else 0
    limit: int = args["limit"]
    chosen = ids[start : start + limit]
    if not chosen:
        return [], None
    marks = ", ".join("?" for _ in chosen)
    rows = query(f"select * from {table} where version = ? and id in ({marks})", (version, *chosen))
    by_id = {r["id"]: record(r) for r in rows}
    items = [by_id[i] for i in chosen if i in by_id]
    more = start + limit < len(ids)
    return items, encode_offset(start + limit) if more else None
