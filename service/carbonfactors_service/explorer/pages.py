"""The browsing pages: home and search, zone, hardware, category, operator, source.

Each view reads one dataset version through the API's own lookups (``find_zone``,
``describe_zone``, ``find_hardware``, ``describe_hardware``, the bibliography) and the
version's engine ``Dataset``, then renders a template. There is no second data path: what
a page shows is what the linked JSON answers.
"""

from __future__ import annotations

from typing import Any

from flask import request

from carbonfactors import defaults
from carbonfactors.dataset import Resolution
from carbonfactors.errors import FactorNotFound
from carbonfactors.kinds import KINDS

from .. import bundles
from ..datasets import dataset_for
from ..db import query
from ..hardware import HARDWARE_KINDS, describe_hardware, find_hardware, match_of
from ..lookups import bibliography, by_id, factors_of, require
from ..problems import Problem
from ..records import record
from ..sources import factor_counts
from ..zones import describe_zone, find_zone
from .context import page_version
from .listing import COLUMNS, PAGE, categories, category_rows, sort_rows
from .render import render
from .search import search
from .series_chart import zone_series
from .sidebyside import side_by_side

#: Rows of a source's factor list per page.
SOURCE_PAGE = 100


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        val = int(raw)
    except ValueError:
        val = low - 1
    if not low <= val <= high:
        raise Problem(
            "invalid-parameter",
            f"{name} must be a whole number from {low} to {high}",
            errors={name: [f"a whole number from {low} to {high}"]},
        )
    return val


def home() -> str:
    v = page_version()
    q = request.args.get("q", "").strip()[:200]
    # Counts straight from the tables: the home page never waits for an engine Dataset.
    zone_types = query(
        "select type, count(*) as n from zones where version = ? group by type order by type",
        (v.version,),
    )
    hardware_types = query(
        "select category, count(*) as n from hardware where version = ?"
        " group by category order by category",
        (v.version,),
    )
    operator_count = query("select count(*) as n from operators where version = ?", (v.version,))
    return render(
        "home.html",
        title="Search" if q else "carbonfactors explorer",
        q=q,
        groups=search(v, q) if q else None,
        kinds=KINDS,
        factor_counts=v.counts,
        zone_counts={r["type"]: r["n"] for r in zone_types},
        hardware_counts={r["category"]: r["n"] for r in hardware_types},
        operator_count=operator_count[0]["n"],
        source_count=len(bibliography(v.version)),
        api=("/v1/versions/" + v.version, {"version": None}),
    )


def zone(zone: str) -> str:
    v = page_version()
    z = find_zone(v, zone)
    detail = describe_zone(v, z)
    ds = dataset_for(v)
    bib = bibliography(v.version)
    resolved: Resolution | None = None
    unresolved: str | None = None
    try:
        resolved = ds.resolve_grid(z["id"])
    except FactorNotFound as exc:
        unresolved = exc.message
    # The chart shows the series the engine uses (the zone its value comes from), else the
    # first zone of the chain with a series: a cloud region whose own published values lose
    # to its grid zone's shows the grid zone's, and says so; its own stay one link away.
    chain = list(detail["resolution_chain"])
    if resolved is not None and resolved.factor.subject not in chain[:1]:
        chain.insert(0, resolved.factor.subject)
    shown = None
    for zid in dict.fromkeys(chain):
        grid = factors_of(v.version, zid, ["grid_intensity"])
        if grid:
            shown = side_by_side(ds, "grid_intensity", zid, grid, bib, used_by=z["id"])
            break
    own_series = (
        shown is not None
        and shown.subject != z["id"]
        and bool(factors_of(v.version, z["id"], ["grid_intensity"]))
    )
    regions = []
    for r in query(
        "select * from zones where version = ? and type = 'cloud_region'"
        " and (grid_zone = ? or parent = ?) and id != ? order by id",
        (v.version, z["id"], z["id"], z["id"]),
    ):
        region = bundles.zone(v, record(r))
        if z["id"] not in (region["grid_zone"], region["parent"]):
            continue  # mapped here by a mapping this bundle does not carry
        try:
            region["pue"] = ds.resolve_pue(location=region["id"])
        except FactorNotFound:
            region["pue"] = None
        regions.append(region)
    own_pue = None
    if z["type"] == "cloud_region":
        try:
            own_pue = ds.resolve_pue(location=z["id"])
        except FactorNotFound:
            own_pue = None
    others = [f for f in factors_of(v.version, z["id"]) if f["kind"] != "grid_intensity"]
    cited = {f["source"] for f in others}
    if shown is not None:
        cited |= {c.source for c in shown.columns}
    intensity_series = zone_series(ds, detail["resolution_chain"], request.args.get("day"))
    return render(
        "zone.html",
        title=f"{z['name']} ({z['id']})",
        intensity_series=intensity_series,
        z=z,
        detail=detail,
        shown=shown,
        own_series=own_series,
        resolved=resolved,
        unresolved=unresolved,
        own_pue=own_pue,
        regions=regions,
        others=others,
        bib=bib,
        cited=sorted(cited),
        api=("/v1/zones/" + z["id"], {}),
    )


def zone_sources(zone: str) -> str:
    """Compare: every source of a zone's grid intensity, with their disagreements."""
    v = page_version()
    z = find_zone(v, zone)
    bib = bibliography(v.version)
    grid = factors_of(v.version, z["id"], ["grid_intensity"])
    table = side_by_side(dataset_for(v), "grid_intensity", z["id"], grid, bib)
    return render(
        "zone_sources.html",
        title=f"Sources compared: {z['name']} ({z['id']})",
        z=z,
        shown=table,
        bib=bib,
        cited=sorted({c.source for c in table.columns}),
        api=("/v1/factors", {"kind": "grid_intensity", "subject": z["id"], "limit": 1000}),
    )


def hardware(model: str) -> str:
    v = page_version()
    hw, how = find_hardware(v, model)
    detail = describe_hardware(v, hw, match_of(model, how))
    others = [f for f in factors_of(v.version, hw["id"]) if f["kind"] not in HARDWARE_KINDS]
    kinds = [k for k in HARDWARE_KINDS if detail[k]]
    return render(
        "hardware.html",
        title=hw["name"],
        hw=hw,
        detail=detail,
        # What a footprint uses, decided where the listings and resolved tables decide it.
        use=defaults.hardware(dataset_for(v), hw["id"]),
        kinds=kinds,
        others=others,
        bib=bibliography(v.version),
        cited=sorted(detail["sources"]),
        api=("/v1/hardware/" + hw["id"], {}),
    )


def category(category: str) -> str:
    v = page_version()
    known = categories(dataset_for(v))
    if category not in known:
        raise Problem(
            "not-found",
            f"no hardware category '{category[:80]}' in dataset version {v.version}"
            f" (known: {', '.join(known)})",
            title="Category not found",
        )
    sort = request.args.get("sort", "name")
    if sort not in COLUMNS:
        raise Problem(
            "invalid-parameter",
            f"sort must be one of {', '.join(COLUMNS)}",
            errors={"sort": [f"one of {', '.join(COLUMNS)}"]},
        )
    descending = request.args.get("order") == "desc"
    rows = sort_rows(category_rows(v, category), sort, descending)
    pages = max(1, -(-len(rows) // PAGE))
    page = _int_arg("page", 1, 1, pages)
    return render(
        "category.html",
        title=f"Hardware: {category}",
        category=category,
        rows=rows[(page - 1) * PAGE : page * PAGE],
        total=len(rows),
        page=page,
        pages=pages,
        sort=sort,
        descending=descending,
        columns=COLUMNS,
        api=("/v1/hardware", {"category": category, "limit": 1000}),
    )


def operator(operator: str) -> str:
    v = page_version()
    op = require("operators", v.version, operator, "operator-not-found", "operator")
    ds = dataset_for(v)
    bib = bibliography(v.version)
    series = factors_of(v.version, op["id"])
    pue = side_by_side(ds, "pue", op["id"], series, bib)
    campuses = query(
        "select id, name from operators where version = ? and parent = ? order by id",
        (v.version, op["id"]),
    )
    regions = query(
        "select id, name from zones where version = ? and operator = ? order by id",
        (v.version, op["id"]),
    )
    try:
        resolved: Any = ds.resolve_pue(operator=op["id"])
    except FactorNotFound:
        resolved = None
    return render(
        "operator.html",
        title=f"{op['name']} ({op['id']})",
        op=op,
        parent=by_id("operators", v.version, op["parent"]) if op.get("parent") else None,
        pue=pue,
        others=[f for f in series if f["kind"] != "pue"],
        resolved=resolved,
        campuses=[record(r) for r in campuses],
        regions=[record(r) for r in regions],
        bib=bib,
        cited=sorted({f["source"] for f in series}),
        api=("/v1/pue/" + op["id"], {}),
    )


def source(source: str) -> str:
    v = page_version()
    src = require("sources", v.version, source, "source-not-found", "source")
    counts = factor_counts(v.version, src["id"]).get(src["id"], {})
    total = sum(counts.values())
    pages = max(1, -(-total // SOURCE_PAGE))
    page = _int_arg("page", 1, 1, pages)
    rows = query(
        "select * from factors where version = ? and source = ?"
        " order by kind, subject, year, id limit ? offset ?",
        (v.version, src["id"], SOURCE_PAGE, (page - 1) * SOURCE_PAGE),
    )
    return render(
        "source.html",
        title=src.get("title") or src["id"],
        src=src,
        counts=counts,
        factors=[record(r) for r in rows],
        total=total,
        page=page,
        pages=pages,
        cited=[src["id"]],
        bib=bibliography(v.version),
        api=("/v1/sources/" + src["id"], {}),
    )
