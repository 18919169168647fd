"""The list calls' filters and order (factors, zones, hardware), defined once.

``GET /v1/factors|zones|hardware`` and an offline ``carbonfactors.Client`` answer the same
list call with the same items in the same order: the API filters with these predicates
when ``q`` ranks the list (and with the equivalent SQL otherwise: a parity test holds the
two together), the Client offline with these predicates always. Without ``q`` items come in
id order; with ``q`` in relevance order (``carbonfactors.search``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import InvalidParameter

if TYPE_CHECKING:
    from .dataset import Dataset, Factor, Hardware, Zone

#: The filters each list accepts (the API's query parameters, less paging and version).
FILTERS: dict[str, tuple[str, ...]] = {
    "factors": ("kind", "subject", "zone", "year", "source", "basis", "scope", "license", "q"),
    "zones": ("type", "provider", "parent", "q"),
    "hardware": ("category", "vendor", "provider", "q"),
}


def check_filters(resource: str, filters: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that are set; an unknown one is refused as the API refuses it (400)."""
    allowed = FILTERS[resource]
    for key in filters:
        if key not in allowed:
            raise InvalidParameter(
                f"unknown parameter '{key}' for {resource} (allowed: {', '.join(allowed)})",
                field=key,
            )
    return {k: v for k, v in filters.items() if v is not None}


def license_key(text: str) -> str:
    """``license=`` compared as the API compares it: ``ODbL 1.0``, ``odbl-1.0`` and
    ``ODbL-1.0`` are one identifier. The snapshot's sources carry identifiers already (the
    pipeline writes them), so no table of spellings is needed at run time."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def factor_wanted(
    filters: Mapping[str, Any], license_of: Callable[[str], str | None]
) -> Callable[[Factor], bool]:
    """Does a factor pass ``filters`` (``q`` aside: ranking applies it)?"""
    equal = {
        k: filters[k]
        for k in ("kind", "subject", "year", "source", "basis", "scope")
        if k in filters
    }
    zone = filters.get("zone")
    lic = license_key(filters["license"]) if "license" in filters else None

    def wanted(f: Factor) -> bool:
        if any(getattr(f, k) != v for k, v in equal.items()):
            return False
        if zone is not None and (f.subject != zone or f.kind != "grid_intensity"):
            return False
        if lic is None:
            return True
        own = license_of(f.source)
        return own is not None and license_key(own) == lic

    return wanted


def zone_wanted(filters: Mapping[str, Any]) -> Callable[[Zone], bool]:
    checks = [(k, filters[k]) for k in ("type", "provider", "parent") if k in filters]
    return lambda z: all(getattr(z, k) == v for k, v in checks)


def hardware_wanted(filters: Mapping[str, Any]) -> Callable[[Hardware], bool]:
    checks = [(k, filters[k]) for k in ("category", "provider") if k in filters]
    vendor = str(filters.get("vendor") or "").lower()
    return lambda hw: (
        all(getattr(hw, k) == v for k, v in checks)
        and (not vendor or (hw.vendor or "").lower() == vendor)
    )


def list_ids(
    ds: Dataset,
    resource: str,
    filters: Mapping[str, Any],
    ranked: Callable[[str, str], list[str]],
) -> list[str]:
    """Ids of ``resource`` passing ``filters``: by relevance when ``q`` is given (``ranked``
    gives the ranking of ``(resource, q)``, memoized by its owner), else in id order."""
    wanted = check_filters(resource, filters)
    q = wanted.pop("q", None)
    items: Mapping[str, Any]
    if resource == "factors":
        items = ds.factors
        keep: Callable[[Any], bool] = factor_wanted(
            wanted, lambda s: ds.sources.get(s, {}).get("license")
        )
    elif resource == "zones":
        items, keep = ds.zones, zone_wanted(wanted)
    else:
        items, keep = ds.hardware, hardware_wanted(wanted)
    order: Iterable[str] = sorted(items) if q is None else ranked(resource, str(q))
    return [i for i in order if i in items and keep(items[i])]
