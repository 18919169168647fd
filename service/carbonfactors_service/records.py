"""Database rows to JSON records, and the query-string schema every endpoint builds on."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import request
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from .problems import invalid

_JSON_COLUMNS = {"aliases", "specs", "inputs", "counts"}


def record(row: sqlite3.Row, drop: tuple[str, ...] = ("version",)) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in row.keys():
        if key in drop:
            continue
        val = row[key]
        out[key] = json.loads(val) if key in _JSON_COLUMNS and val is not None else val
    return out


class QuerySchema(Schema):
    """Base of every query-string schema: unknown parameters are errors, not silently ignored."""

    class Meta:
        unknown = RAISE

    version = fields.String(validate=validate.Length(min=1, max=32))


class PageSchema(QuerySchema):
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    cursor = fields.String(validate=validate.Length(max=200))


def parse_query(schema: Schema) -> dict[str, Any]:
    """Validate ``request.args``; repeated parameters are refused rather than half-read."""
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
        loaded: dict[str, Any] = schema.load(raw)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"query": exc.messages}
        fixed = {
            k: (["unknown parameter"] if v == ["Unknown field."] else v)
            for k, v in messages.items()
        }
        raise invalid(fixed) from exc
    return loaded
