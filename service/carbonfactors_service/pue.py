"""PUE: operators, their campuses and the industry average; and resolved PUE by year.

The resolution (campus → operator → ..., requested year → nearest earlier year) is the
SDK engine's ``Dataset.resolve_pue``, so the API and the SDK agree on every number.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, validate

from carbonfactors.errors import FactorNotFound
from carbonfactors.kinds import OPERATOR_TYPES

from . import bundles, versioning
from .datasets import dataset_for
from .db import query
from .lookups import by_id, factors_of, require, sources_map
from .memo import memoized_json
from .problems import from_sdk_error
from .records import QuerySchema, Where, parse_query, record

bp = Blueprint("pue", __name__)


class PueListQuery(QuerySchema):
    type = fields.String(validate=validate.OneOf(OPERATOR_TYPES))
    parent = fields.String(validate=validate.Length(1, 200))


class PueQuery(QuerySchema):
    year = fields.Integer(strict=False, validate=validate.Range(1900, 2200))


@bp.get("/pue")
def list_pue() -> dict[str, Any]:
    args = parse_query(PueListQuery)
    v = versioning.requested(args.get("version"))
    where = Where(v.version).equal(args, ("type", "parent"))
    operators = [
        record(r)
        for r in query(
            f"select * from operators where {where.sql()} order by id", tuple(where.params)
        )
    ]
    items = [{**op, "latest": _latest(v, op["id"])} for op in operators]
    return {**bundles.labels(v), "items": items}


def _latest(v: versioning.Version, operator: str) -> dict[str, Any] | None:
    """The factor ``/v1/pue/<operator>`` resolves without a year: one rule for both views."""
    try:
        res = dataset_for(v).resolve_pue(operator=operator)
    except FactorNotFound:
        return None
    return by_id("factors", v.version, res.factor.id)


@bp.get("/pue/<path:operator>")
def get_pue(operator: str) -> Response:
    args = parse_query(PueQuery)
    v = versioning.requested(args.get("version"))
    year = args.get("year")
    return memoized_json(v, ("pue", operator, year), lambda: pue_answer(v, operator, year))


def pue_answer(v: versioning.Version, operator: str, year: int | None) -> dict[str, Any]:
    op = require("operators", v.version, operator, "operator-not-found", "operator")
    try:
        res = dataset_for(v).resolve_pue(operator=op["id"], year=year)
    except FactorNotFound as exc:
        field = "year" if year is not None else "operator"
        raise from_sdk_error(exc, default_field=field) from exc
    factor = by_id("factors", v.version, res.factor.id)
    assert factor is not None
    series = factors_of(v.version, op["id"], ["pue"])
    campuses = query(
        "select id from operators where version = ? and parent = ? order by id",
        (v.version, op["id"]),
    )
    return {
        **bundles.labels(v),
        "operator": op,
        "parent": by_id("operators", v.version, op["parent"]) if op.get("parent") else None,
        "campuses": [r["id"] for r in campuses],
        "requested": {"operator": operator, "year": year},
        "value": factor["value"],
        "unit": factor["unit"],
        "resolved_operator": factor["subject"],
        "resolved_year": factor["year"],
        "factor": factor,
        "source": sources_map(v.version, [factor["source"]]).get(factor["source"]),
        "summary": res.summary,
        "trail": list(res.steps),
        "series": series,
    }
