"""Hardware models: GPUs, CPUs, TPUs and accelerators, servers, cloud instances, components.

``/hardware/{model}`` accepts the names people type ("H100 SXM", "nvidia h100-sxm5-80gb",
"v5p-128") through the SDK's one matcher (``carbonfactors.hardware_names``), so the API and
the engine agree on what a name means; a name it refuses (unknown, ambiguous, a system name
that only matches a chip) is a 404 whose ``candidates`` member says what it could mean.
``/hardware?q=`` ranks hits by relevance (``carbonfactors.search``), mainstream parts first.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, validate

from carbonfactors.dataset import Match
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.kinds import HARDWARE_CATEGORIES, category_subjects
from carbonfactors.listing import FILTERS, list_ids

from . import bundles, versioning
from .datasets import dataset_for
from .lookups import by_id, factors_of, sources_map
from .memo import memoized_json
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

bp = Blueprint("hardware", __name__)

HARDWARE_KINDS = ("power", "embodied", "lifetime", "in_use_share")


class HardwareQuery(PageSchema):
    category = fields.String(validate=validate.OneOf(HARDWARE_CATEGORIES))
    vendor = fields.String(validate=validate.Length(1, 100))
    provider = fields.String(validate=validate.Length(1, 50))
    q = fields.String(validate=validate.Length(1, 200))


@bp.get("/hardware")
def list_hardware() -> dict[str, Any]:
    args = parse_query(HardwareQuery)
    v = versioning.requested(args.get("version"))
    where = Where(v.version).equal(args, ("category", "provider"))
    if "vendor" in args:
        where.add("lower(vendor) = lower(?)", args["vendor"])
    if "q" not in args:
        items, cursor = page("hardware", where, args)
        return {**bundles.labels(v), "items": items, "next_cursor": cursor}
    ids = list_ids(dataset_for(v), "hardware", _filters(args), partial(ranked_ids, v))
    items, cursor = ranked_page("hardware", v.version, ids, args)
    return {**bundles.labels(v), "items": items, "next_cursor": cursor}


def _filters(args: dict[str, Any]) -> dict[str, Any]:
    return {k: args[k] for k in FILTERS["hardware"] if k in args}


def find_hardware(version: versioning.Version, name: str) -> tuple[dict[str, Any], Match]:
    """A hardware record for a typed name, and how it was matched."""
    check_id("hardware-not-found", "hardware model", name, version.version)
    try:
        match = dataset_for(version).match_hardware(name)
    except CarbonFactorsError as exc:
        problem = not_found("hardware-not-found", "hardware model", name, version.version)
        problem.detail = exc.message
        problem.extra["candidates"] = list(exc.candidates)
        raise problem from None
    found = by_id("hardware", version.version, match.id)
    if found is None:  # pragma: no cover - the engine reads the same snapshot
        raise not_found("hardware-not-found", "hardware model", name, version.version)
    return found, match


def _by_kind(factors: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in HARDWARE_KINDS}
    for f in factors:
        out.setdefault(f["kind"], []).append(f)
    return out


@bp.get("/hardware/<path:model>")
def get_hardware(model: str) -> Response:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    # A pure function of the typed name: stored at build time for each model's own id.
    return memoized_json(v, ("hardware", model), lambda: hardware_answer(v, model))


def hardware_answer(v: versioning.Version, model: str) -> dict[str, Any]:
    hw, match = find_hardware(v, model)
    return describe_hardware(v, hw, match_of(model, match))


def match_of(query: str, match: Match) -> dict[str, Any]:
    """How a typed name matched, as the API and the explorer show it (never the object)."""
    return {
        "query": query,
        "how": match.how,
        "multiplier": match.multiplier,
        "expansion": match.expansion,
    }


def describe_hardware(
    v: versioning.Version, hw: dict[str, Any], match: dict[str, Any]
) -> dict[str, Any]:
    """A hardware model with its factors, category defaults, composition and sources.

    The API's ``/hardware/{model}`` answer; the explorer's hardware page renders the same.
    """
    own = _by_kind(factors_of(v.version, hw["id"], HARDWARE_KINDS))
    subjects = category_subjects(hw["category"], hw.get("specs"))
    defaults = _by_kind(
        factors_of(v.version, subjects[-1], ("lifetime", "in_use_share", "embodied"))
    )
    if len(subjects) > 1:  # a CPU's segment default, when it has one, is the one it takes
        segment = factors_of(v.version, subjects[0], ("embodied",))
        if segment:
            defaults["embodied"] = _by_kind(segment)["embodied"]
    composition = []
    cited = [f["source"] for fs in (*own.values(), *defaults.values()) for f in fs]
    for part in hw.get("specs", {}).get("accelerators", []):
        part_hw = by_id("hardware", v.version, part["model"])
        part_factors = _by_kind(factors_of(v.version, part["model"], ("power", "embodied")))
        cited += [f["source"] for fs in part_factors.values() for f in fs]
        composition.append(
            {
                "model": part["model"],
                "count": part["count"],
                "hardware": part_hw,
                "power": part_factors["power"],
                "embodied": part_factors["embodied"],
            }
        )
    return {
        **bundles.labels(v),
        "hardware": hw,
        "match": match,
        "power": own["power"],
        "embodied": own["embodied"],
        "lifetime": own["lifetime"],
        "in_use_share": own["in_use_share"],
        "category_defaults": {
            "subject": subjects[-1],
            "lifetime": defaults["lifetime"],
            "in_use_share": defaults["in_use_share"],
            "embodied": defaults["embodied"],
        },
        "composition": composition,
        "sources": sources_map(v.version, cited),
    }
