"""Zones: countries, sub-national grids and cloud regions; and resolved grid intensity.

``/zones/{zone}/grid-intensity`` answers with the SDK engine's own resolution (cloud
region → grid zone → country, requested year → nearest earlier year of the zone's one
default series), so the API and an offline SDK give the same number and the same trail;
a source switch or a fallback to a wider area is a top-level flag with a warning.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, validate

from carbonfactors.errors import FactorNotFound, NotFound
from carbonfactors.kinds import KINDS, ZONE_TYPES
from carbonfactors.listing import FILTERS, list_ids

from . import bundles, versioning
from .datasets import dataset_for
from .db import query
from .lookups import by_id, sources_map
from .memo import memoized_json
from .problems import from_sdk_error
from .ranking import ranked_ids
from .records import (
    PageSchema,
    QuerySchema,
    Where,
    check_id,
    not_found,
    page,
    parse_query,
    ranked_page,
)

bp = Blueprint("zones", __name__)

GRID_BASES = KINDS["grid_intensity"].bases


class ZonesQuery(PageSchema):
    type = fields.String(validate=validate.OneOf(ZONE_TYPES))
    provider = fields.String(validate=validate.Length(1, 50))
    parent = fields.String(validate=validate.Length(1, 200))
    q = fields.String(validate=validate.Length(1, 200))


class GridQuery(QuerySchema):
    year = fields.Integer(strict=False, validate=validate.Range(1900, 2200))
    basis = fields.String(load_default="lifecycle", validate=validate.OneOf(GRID_BASES))


@bp.get("/zones")
def list_zones() -> dict[str, Any]:
    args = parse_query(ZonesQuery)
    v = versioning.requested(args.get("version"))
    where = Where(v.version).equal(args, ("type", "provider", "parent"))
    if "q" not in args:
        items, cursor = page("zones", where, args)
    else:
        filters = {k: args[k] for k in FILTERS["zones"] if k in args}
        ids = list_ids(dataset_for(v), "zones", filters, partial(ranked_ids, v))
        items, cursor = ranked_page("zones", v.version, ids, args)
    items = [bundles.zone(v, z) for z in items]
    return {**bundles.labels(v), "items": items, "next_cursor": cursor}


def _zone(version: versioning.Version, ident: str) -> dict[str, Any] | None:
    """The zone record ``ident`` as the request's bundle carries it (``bundles.zone``)."""
    found = by_id("zones", version.version, ident)
    return None if found is None else bundles.zone(version, found)


def find_zone(version: versioning.Version, ident: str) -> dict[str, Any]:
    """A zone by id, or by a name/alias the engine recognizes (``aws:US-EAST-1``, ``France``)."""
    check_id("zone-not-found", "zone", ident, version.version)
    zone = _zone(version, ident)
    if zone is not None:
        return zone
    try:
        matched, _how = dataset_for(version).zone(ident)
    except NotFound as exc:
        raise not_found("zone-not-found", "zone", ident, version.version, exc.candidates) from None
    found = _zone(version, matched.id)
    if found is None:  # pragma: no cover - the engine reads the same snapshot
        raise not_found("zone-not-found", "zone", ident, version.version)
    return found


def _years(version: str, subjects: list[str]) -> tuple[list[int], dict[str, list[int]]]:
    marks = ", ".join("?" for _ in subjects)
    rows = query(
        "select distinct subject, year, coalesce(basis, 'lifecycle') as basis from factors"
        f" where version = ? and kind = 'grid_intensity' and subject in ({marks})"
        " order by year",
        (version, *subjects),
    )
    own = sorted({r["year"] for r in rows if r["subject"] == subjects[0]})
    by_basis: dict[str, set[int]] = {}
    for r in rows:
        by_basis.setdefault(r["basis"], set()).add(r["year"])
    return own, {b: sorted(ys) for b, ys in sorted(by_basis.items())}


@bp.get("/zones/<path:zone>")
def get_zone(zone: str) -> dict[str, Any]:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    return describe_zone(v, find_zone(v, zone))


def describe_zone(v: versioning.Version, z: dict[str, Any]) -> dict[str, Any]:
    """A zone with its neighbours, resolution chain and years: ``/zones/{zone}``'s answer,
    which the explorer's zone page renders too."""
    ds = dataset_for(v)
    chain = [zid for zid, _role in ds.grid_chain(ds.zones[z["id"]])]
    own, resolvable = _years(v.version, chain)
    rows = query(
        "select id, parent, grid_zone from zones where version = ?"
        " and (parent = ? or grid_zone = ?) order by id",
        (v.version, z["id"], z["id"]),
    )
    # a zone mapped here by a mapping this bundle does not carry is no child of it
    children = [
        r for r in map(dict, rows) if z["id"] in (r["parent"], bundles.zone(v, r)["grid_zone"])
    ]
    mapping = None
    if z.get("mapping_source"):
        mapping = sources_map(v.version, [z["mapping_source"]]).get(z["mapping_source"])
    return {
        **bundles.labels(v),
        "zone": z,
        "parent": _zone(v, z["parent"]) if z.get("parent") else None,
        "grid_zone": _zone(v, z["grid_zone"]) if z.get("grid_zone") else None,
        "mapping_source": mapping,
        "children": [r["id"] for r in children],
        "resolution_chain": chain,
        "years_available": own,
        "resolvable_years": resolvable,
    }


@bp.get("/zones/<path:zone>/grid-intensity")
def grid_intensity(zone: str) -> Response:
    args = parse_query(GridQuery)
    v = versioning.requested(args.get("version"))
    year, basis = args.get("year"), args["basis"]
    return memoized_json(v, ("grid", zone, year, basis), lambda: grid_answer(v, zone, year, basis))


def grid_answer(v: versioning.Version, zone: str, year: int | None, basis: str) -> dict[str, Any]:
    z = find_zone(v, zone)
    try:
        res = dataset_for(v).resolve_grid(z["id"], year, basis)
    except FactorNotFound as exc:
        raise from_sdk_error(exc, default_field="zone") from exc
    factor = by_id("factors", v.version, res.factor.id)
    assert factor is not None
    return {
        **bundles.labels(v),
        "zone": z["id"],
        "requested": {"zone": zone, "year": year, "basis": basis},
        "value": factor["value"],
        "unit": factor["unit"],
        "resolved_zone": factor["subject"],
        "resolved_year": factor["year"],
        "factor": factor,
        "source": sources_map(v.version, [factor["source"]]).get(factor["source"]),
        "summary": res.summary,
        "source_changed": res.source_changed is not None,
        "fallback": res.fallback is not None,
        "warnings": list(res.warnings),
        "trail": list(res.steps),
    }
