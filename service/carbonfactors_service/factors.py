"""Factors: list with filters and cursor pagination, or fetch one by id with its source."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, validate

from carbonfactors.kinds import KINDS, PUE_SCOPES
from carbonfactors_pipeline.licensing import spdx_id

from . import bundles, versioning
from .lookups import bibliography, require
from .memo import memoized_json
from .problems import Problem
from .records import (
    PageSchema,
    QuerySchema,
    Where,
    page,
    parse_query,
)

bp = Blueprint("factors", __name__)

ALL_BASES = tuple(sorted({b for k in KINDS.values() for b in k.bases}))


class FactorsQuery(PageSchema):
    kind = fields.String(validate=validate.OneOf(tuple(KINDS)))
    subject = fields.String(validate=validate.Length(1, 200))
    zone = fields.String(validate=validate.Length(1, 200))
    year = fields.Integer(strict=False, validate=validate.Range(1900, 2200))
    source = fields.String(validate=validate.Length(1, 200))
    basis = fields.String(validate=validate.OneOf(ALL_BASES))
    scope = fields.String(validate=validate.OneOf(PUE_SCOPES))
    license = fields.String(validate=validate.Length(1, 200))
    q = fields.String(validate=validate.Length(1, 200))


def license_filter(args: dict[str, Any]) -> dict[str, Any]:
    """``license=`` as given, normalized to its identifier (``ODbL 1.0`` → ``ODbL-1.0``)."""
    if "license" in args:
        args = {**args, "license": spdx_id(args["license"]) or args["license"]}
    return args


@bp.get("/factors")
def list_factors() -> dict[str, Any]:
    args = license_filter(parse_query(FactorsQuery))
    v = versioning.requested(args.get("version"))
    where = Where(v.version).equal(
        args, ("kind", "subject", "year", "source", "basis", "scope", "license")
    )
    if "zone" in args:
        where.add("subject = ? and kind = 'grid_intensity'", args["zone"])
    bundle_filter(where, v)
    q = args.get("q")
    where.text(q, ("id", "subject", "method"))
    if q is None:
        items, cursor = page("factors", where, args)
    else:
        # Relevance, the rule of carbonfactors.search.factor_ids (the offline Client's) in
        # SQL: the factor whose id is q, then those about subject q, then the other
        # substring hits, each group in id order (factors have no names to match loosely).
        items, cursor = page(
            "factors",
            where,
            args,
            rank=(
                "(case when lower(id) = lower(?) then 0"
                " when lower(subject) = lower(?) then 1 else 2 end)",
                (q, q),
            ),
        )
    return {**bundles.labels(v), "items": items, "next_cursor": cursor}


@bp.get("/factors/<path:factor_id>")
def get_factor(factor_id: str) -> Response:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    return memoized_json(v, ("factor", factor_id), lambda: factor_answer(v, factor_id))


def bundle_filter(where: Where, v: versioning.Version) -> Where:
    """Only the factors of the requested bundle (by their computed licence)."""
    allowed = bundles.licences(v, bundles.requested())
    return where.add(f"license in ({', '.join('?' * len(allowed)) or 'null'})", *allowed)


def factor_answer(v: versioning.Version, factor_id: str) -> dict[str, Any]:
    factor = require("factors", v.version, factor_id, "factor-not-found", "factor")
    name = bundles.requested()
    if factor.get("license") not in bundles.licences(v, name):
        raise Problem(
            "factor-not-found",
            detail=f"factor '{factor_id}' is not in the '{name}' bundle of {v.version} (its "
            f"licence {factor.get('license')} keeps it out); ask with bundle=full",
            errors={"bundle": [f"'{factor_id}' is not in bundle '{name}'"]},
        )
    return {
        **bundles.labels(v),
        "factor": factor,
        "source": bibliography(v.version).get(factor["source"]),
    }
