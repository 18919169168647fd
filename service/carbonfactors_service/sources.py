"""The bibliography: every source a factor cites, with its license."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from marshmallow import fields, validate

from . import bundles, versioning
from .db import query
from .factors import license_filter
from .lookups import require
from .ranking import ranked_ids
from .records import QuerySchema, Where, parse_query, record

bp = Blueprint("sources", __name__)


class SourcesQuery(QuerySchema):
    license = fields.String(validate=validate.Length(1, 200))
    q = fields.String(validate=validate.Length(1, 200))


def factor_counts(version: str, source: str | None = None) -> dict[str, dict[str, int]]:
    sql = "select source, kind, count(*) as n from factors where version = ?"
    params: tuple[Any, ...] = (version,)
    if source is not None:
        sql += " and source = ?"
        params += (source,)
    out: dict[str, dict[str, int]] = {}
    for r in query(sql + " group by source, kind order by source, kind", params):
        out.setdefault(r["source"], {})[r["kind"]] = r["n"]
    return out


@bp.get("/sources")
def list_sources() -> dict[str, Any]:
    args = license_filter(parse_query(SourcesQuery))
    v = versioning.requested(args.get("version"))
    where = Where(v.version).equal(args, ("license",))
    counts = factor_counts(v.version)
    rows = query(f"select * from sources where {where.sql()} order by id", tuple(where.params))
    carried = bundles.source_ids(v, bundles.requested())
    items = [
        {**record(r), "factor_counts": counts.get(r["id"], {})} for r in rows if r["id"] in carried
    ]
    if "q" in args:  # relevance order (carbonfactors.search), most cited first among equals
        by_id = {item["id"]: item for item in items}
        items = [by_id[i] for i in ranked_ids(v, "sources", args["q"]) if i in by_id]
    return {**bundles.labels(v), "items": items}


@bp.get("/sources/<path:source_id>")
def get_source(source_id: str) -> dict[str, Any]:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    src = require("sources", v.version, source_id, "source-not-found", "source")
    return {
        **bundles.labels(v),
        "source": src,
        "factor_counts": factor_counts(v.version, source_id).get(source_id, {}),
    }
