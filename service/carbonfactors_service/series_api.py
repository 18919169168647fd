"""``GET /zones/{zone}/grid-intensity/series``: the points of a zone's intensity series.

The points come from the version's snapshot through the SDK's own ``SeriesIndex`` (the
one the footprint engine weights with), so the API serves exactly what footprints use.
A cloud region answers with the series of the grid it draws from (``resolved_zone``).
Pages are offset cursors over the window's slots; every answer is memoized per version
and carries an ETag, immutable when the version is pinned (``http_cache``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, validate

from carbonfactors.errors import FactorNotFound, InvalidInput
from carbonfactors.kinds import KINDS
from carbonfactors.series import Series, format_instant, parse_instant

from . import bundles, versioning
from .datasets import dataset_for
from .lookups import sources_map
from .memo import memoized_json
from .problems import from_sdk_error, invalid
from .records import QuerySchema, decode_offset, encode_offset, parse_query
from .zones import find_zone

bp = Blueprint("series", __name__)

DEFAULT_POINTS = 1000
#: A year of half-hours fits in one page.
MAX_POINTS = 17_568
FLAG_NAMES = {".": "measured", "e": "estimated", "m": "missing"}


class SeriesQuery(QuerySchema):
    start = fields.String(validate=validate.Length(1, 40))
    end = fields.String(validate=validate.Length(1, 40))
    basis = fields.String(validate=validate.OneOf(KINDS["grid_intensity"].bases))
    limit = fields.Integer(
        load_default=DEFAULT_POINTS, strict=False, validate=validate.Range(1, MAX_POINTS)
    )
    cursor = fields.String(validate=validate.Length(min=1, max=400))


def _instant(args: dict[str, Any], key: str) -> float | None:
    if key not in args:
        return None
    try:
        return parse_instant(args[key], key)
    except InvalidInput as exc:
        raise invalid({key: [exc.message]}) from None


@bp.get("/zones/<path:zone>/grid-intensity/series")
def get_series(zone: str) -> Response:
    args = parse_query(SeriesQuery)
    v = versioning.requested(args.get("version"))
    a, b = _instant(args, "start"), _instant(args, "end")
    if a is not None and b is not None and b <= a:
        raise invalid({"end": ["must be after start"]})
    offset = decode_offset(args["cursor"]) if "cursor" in args else 0
    key = ("series", zone, a, b, args.get("basis"), args["limit"], offset)
    return memoized_json(
        v, key, lambda: _answer(v, zone, a, b, args.get("basis"), args["limit"], offset)
    )


def _find(v: versioning.Version, zone_id: str, basis: str | None) -> tuple[str, list[Series]]:
    ds = dataset_for(v)
    index = ds.intensity_series
    chain = [zone_id, *(z for z, _ in ds.grid_chain(ds.zones[zone_id]) if z != zone_id)]
    for z in chain:
        found = index.of(z, basis) if index else []
        if found:
            first_basis = found[0].basis
            return z, [s for s in found if s.basis == first_basis]
    what = f" on basis {basis}" if basis else ""
    raise from_sdk_error(
        FactorNotFound(
            f"no intensity series{what} for {zone_id} or the grid it draws from "
            f"({', '.join(chain)}) in dataset {v.version}; zones with one: "
            f"{', '.join(index.zones()) or 'none'}",
            field="zone",
        )
    )


def _answer(
    v: versioning.Version,
    zone: str,
    a: float | None,
    b: float | None,
    basis: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    z = find_zone(v, zone)
    resolved, series = _find(v, z["id"], basis)
    lo = series[0].start if a is None else a
    hi = series[-1].end if b is None else b
    points: list[tuple[float, float | None, str]] = []
    for s in series:
        points.extend(s.points(lo, hi))
    page = points[offset : offset + limit]
    nxt = offset + limit if offset + limit < len(points) else None
    first = series[0]
    covered = sum(1 for _, _, f in points if f != "m")
    values = [val for _, val, f in points if f != "m" and val is not None]
    return {
        **bundles.labels(v),
        "zone": z["id"],
        "resolved_zone": resolved,
        "requested": {
            "zone": zone,
            "start": None if a is None else format_instant(a),
            "end": None if b is None else format_instant(b),
            "basis": basis,
        },
        "series": [
            {
                "id": s.id,
                "start": format_instant(s.start),
                "end": format_instant(s.end),
                "resolution": s.resolution,
                "unit": s.unit,
                "basis": s.basis,
                "accounting": s.accounting,
                "gas": s.gas,
                "source": s.source,
                "license": s.license,
                "method": s.method,
            }
            for s in series
            if s.start < hi and s.end > lo
        ],
        "source": sources_map(v.version, [first.source]).get(first.source),
        "caveat": first.caveat,
        "count": len(points),
        "covered_share": covered / len(points) if points else 0.0,
        "mean": sum(values) / len(values) if values else None,
        "points": [
            {"time": format_instant(t), "value": val, "flag": FLAG_NAMES[f]} for t, val, f in page
        ],
        "next_cursor": None if nxt is None else encode_offset(nxt),
    }
