"""Factors: list with filters and cursor pagination, or fetch one by id with its source."""

from __future__ import annotations

import base64
import json
from typing import Any

from flask import Blueprint
from marshmallow import fields, validate

from carbonfactors.kinds import KINDS

from . import versioning
from .db import query
from .problems import Problem, invalid
from .records import PageSchema, QuerySchema, parse_query, record

bp = Blueprint("factors", __name__)


class FactorsQuery(PageSchema):
    kind = fields.String(validate=validate.OneOf(tuple(KINDS)))
    subject = fields.String(validate=validate.Length(1, 200))
    zone = fields.String(validate=validate.Length(1, 200))
    year = fields.Integer(validate=validate.Range(1900, 2200))
    source = fields.String(validate=validate.Length(1, 200))
    basis = fields.String(validate=validate.Length(1, 50))
    license = fields.String(validate=validate.Length(1, 200))
    q = fields.String(validate=validate.Length(1, 200))


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


def source_record(version: str, source_id: str) -> dict[str, Any] | None:
    rows = query("select * from sources where version = ? and id = ?", (version, source_id))
    return record(rows[0]) if rows else None


@bp.get("/factors")
def list_factors() -> dict[str, Any]:
    args = parse_query(FactorsQuery())
    v = versioning.requested(args.get("version"))
    where = ["version = ?"]
    params: list[Any] = [v.version]
    for col in ("kind", "subject", "year", "source", "basis", "license"):
        if col in args:
            where.append(f"{col} = ?")
            params.append(args[col])
    if "zone" in args:
        where.append("subject = ? and kind = 'grid_intensity'")
        params.append(args["zone"])
    if "q" in args:
        where.append(
            "(id like ? escape '\\' or subject like ? escape '\\' or method like ? escape '\\')"
        )
        like = "%" + args["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like, like]
    if "cursor" in args:
        where.append("id > ?")
        params.append(decode_cursor(args["cursor"]))
    limit = args["limit"]
    rows = query(
        f"select * from factors where {' and '.join(where)} order by id limit ?",  # noqa: S608 - fixed column names only
        (*params, limit + 1),
    )
    items = [record(r) for r in rows[:limit]]
    return {
        "dataset_version": v.version,
        "items": items,
        "next_cursor": encode_cursor(items[-1]["id"]) if len(rows) > limit else None,
    }


@bp.get("/factors/<path:factor_id>")
def get_factor(factor_id: str) -> dict[str, Any]:
    args = parse_query(QuerySchema())
    v = versioning.requested(args.get("version"))
    rows = query("select * from factors where version = ? and id = ?", (v.version, factor_id))
    if not rows:
        raise Problem(
            404,
            "factor-not-found",
            "Factor not found",
            f"no factor '{factor_id}' in dataset version {v.version}",
        )
    factor = record(rows[0])
    return {
        "dataset_version": v.version,
        "factor": factor,
        "source": source_record(v.version, factor["source"]),
    }
