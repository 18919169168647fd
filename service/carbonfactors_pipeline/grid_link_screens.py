"""Screens ``grid-parent-not-connected`` and ``modelled-zone-unbounded`` (audit 1796636393,
classes a-M1 and a-E1) and ``grid-parent-after-islanding`` (w15 sub-national pass). Each is a
problem unless a ``keep`` note in ``factors/screens.yaml`` explains the flag; none excludes a
value.

* ``grid-parent-not-connected`` (a-M1): a sub-national zone whose every interconnector leads
  out of its parent country (``importers/_foreign_linked_grids.LINKS``) answered with a wider
  area's value, while it is neither marked as not fed by its parent (the zone's ``isolated``
  evidence, which refuses the parent's value) nor reviewed (``PARENT_STANDS``). Crimea took
  Ukraine's value in every year 2016-2025 although it has been fed from Russia's grid since
  November 2015.
* ``modelled-zone-unbounded`` (a-E1): an Electricity Maps row of a zone with no data feed and
  no published mix (``importers/_modelled_zones.MODELLED``) that is not marked ``MODELLED``,
  or is marked with other figures on file yet carries no bounds. Northwest Territories 2023
  was served 112 g bare against the only independent figure on file, 200 g.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .importers import _foreign_linked_grids as links
from .importers import _modelled_zones as modelled
from .resolved import FIRST_YEAR

PARENT = "grid-parent-not-connected"
MODELLED = "modelled-zone-unbounded"
ISLANDED = "grid-parent-after-islanding"
RULES = (PARENT, MODELLED, ISLANDED)
#: The sources whose rows are Electricity Maps' own zone values.
EM_SOURCES = frozenset({"electricitymaps-yearly", "electricitymaps-2021-export"})


def parent_flags(
    snapshot: Mapping[str, Any],
    exchanges: Mapping[str, Collection[str]] = links.LINKS,
    reviewed: Collection[str] = frozenset(links.PARENT_STANDS),
) -> list[GridFlag]:
    """``grid-parent-not-connected`` (module doc): one flag per zone, naming the years."""
    zones = {z["id"]: z for z in snapshot.get("zones", ())}

    def country(zid: str) -> str:
        z = zones.get(zid) or {}
        return str(z.get("parent") or zid.split("-")[0])

    suspects = [
        zid
        for zid, near in sorted(exchanges.items())
        if zid in zones
        and zones[zid].get("parent")
        and not zones[zid].get("isolated")
        and zid not in reviewed
        and near
        and not any(country(n) == country(zid) for n in near)
    ]
    if not suspects:
        return []
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    found = [f["year"] for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    out: list[GridFlag] = []
    for zid in suspects:
        hits: list[tuple[int, str, str]] = []
        for y in range(FIRST_YEAR, max(found, default=FIRST_YEAR) + 1):
            try:
                res = ds.resolve_grid(zid, y, BASIS)
            except CarbonFactorsError:
                continue
            if res.factor.subject != zid:
                hits.append((y, res.factor.id, res.factor.subject))
        if hits:
            years = ", ".join(str(y) for y, _, _ in hits)
            out.append(
                GridFlag(
                    PARENT,
                    hits[0][1],
                    f"{zid} answered with {hits[0][2]}'s value ({years}) although its only "
                    f"interconnectors lead out of {country(zid)} (to "
                    f"{', '.join(sorted(exchanges[zid]))}): mark it as not fed by its parent "
                    "(importers/_foreign_linked_grids) or say why the parent's value stands",
                )
            )
    return out


def modelled_flags(
    snapshot: Mapping[str, Any], zones: Collection[str] = modelled.MODELLED
) -> list[GridFlag]:
    """``modelled-zone-unbounded`` (module doc)."""
    out: list[GridFlag] = []
    for f in snapshot.get("factors", ()):
        if f["kind"] != KIND or f["subject"] not in zones or f["source"] not in EM_SOURCES:
            continue
        method = f.get("method") or ""
        what = f"{f['subject']} {f['year']} ({f['value']:g} {f['unit']}, {f['source']})"
        if modelled.MARK not in method:
            why = "is not marked MODELLED although the zone has no feed and no published mix"
        elif "reach the other figures" in method and (
            f.get("low") is None or f.get("high") is None
        ):
            why = "is marked MODELLED with other figures on file, yet carries no bounds"
        else:
            continue
        out.append(GridFlag(MODELLED, f["id"], f"{what} {why}"))
    return out


def islanded_flags(
    snapshot: Mapping[str, Any],
    facts: Mapping[str, tuple[int | None, str]] = links.NOT_FED_BY_PARENT,
) -> list[GridFlag]:
    """``grid-parent-after-islanding`` (w15 sub-national pass): a zone cut off from its
    parent's grid from a year on (the facts' year, or the record's ``isolated_since``:
    Kaliningrad, 8 February 2025) answered with a wider area's value in that year or later.
    Before this pass Kaliningrad took Russia's value for 2025 with no warning."""
    zones = {z["id"]: z for z in snapshot.get("zones", ())}
    since = {z: y for z, (y, _) in facts.items() if y is not None and z in zones}
    since.update(
        (zid, int(z["isolated_since"]))
        for zid, z in zones.items()
        if z.get("isolated") and z.get("isolated_since") is not None
    )
    if not since:
        return []
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    found = [f["year"] for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    out: list[GridFlag] = []
    for zid, first in sorted(since.items()):
        for y in range(first, max(found, default=first) + 1):
            try:
                f = ds.resolve_grid(zid, y, BASIS).factor
            except CarbonFactorsError:
                continue
            if f.subject != zid:
                out.append(
                    GridFlag(
                        ISLANDED,
                        f.id,
                        f"{zid} {y} answered with {f.subject}'s value although it has not been "
                        f"fed from that grid since {first}: refuse it or cite the zone's own mix",
                    )
                )
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """The three screens on a snapshot."""
    return parent_flags(snapshot) + modelled_flags(snapshot) + islanded_flags(snapshot)
