"""Screen ``direct-above-lifecycle`` (audit 1796655557 a-O7; rule G4d in
``carbonfactors.resolve.direct_ceiling``).

A zone without a direct (combustion) figure of its own is answered on the direct basis with a
wider area's value. Where that value lies above the zone's own lifecycle value of the same
year divided by the least the fuel chain adds (``direct_uplift.uplift``), it cannot be the
zone's direct figure: US-CAL-CISO 2021 was answered with eGRID 2016's US average, 452.886 g,
while CAISO's own lifecycle value is 278 g. Rule G4d (generation 14) holds such an answer to
the ceiling; the screen fails any direct answer of the ``full`` bundle that is still a wider
area's value above it, for every zone and year ``carbonfactors resolved`` tabulates. A
problem unless a ``keep`` note explains it; it never excludes a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve.direct_ceiling import ceiling, own_places

from . import licensing
from .grid_screens import KIND, GridFlag
from .resolved import FIRST_YEAR

RULE = "direct-above-lifecycle"
DIRECT = "direct"


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """One flag per zone and year whose direct answer is a wider area's value above the
    zone's own lifecycle ceiling (module doc)."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    idx = ds.index
    found = [f["year"] for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    years = range(FIRST_YEAR, max(found, default=FIRST_YEAR) + 1)
    out: list[GridFlag] = []
    for zid, zone in sorted(idx.zones.items()):
        own = own_places(zone)
        # only a zone with a lifecycle series of its own can be flagged (a zone with a
        # direct series of its own still falls back before that series starts)
        if all(idx.series(KIND, p, "lifecycle") is None for p in own):
            continue
        for y in years:
            try:
                f = ds.resolve_grid(zid, y, DIRECT).factor
            except CarbonFactorsError:
                continue
            hit = ceiling(idx, f, zone, y, lambda z, yy: ds.resolve_grid(z, yy, "lifecycle").factor)
            if hit is None:
                continue
            life, top = hit
            out.append(
                GridFlag(
                    RULE,
                    f.id,
                    f"{zid} {y} resolves on the direct basis to the wider area {f.subject}'s "
                    f"{f.value:g} ({f.source}, {f.year}), above {life.subject}'s own lifecycle "
                    f"value for {y} ({life.value:g}, {life.source}) divided by the least the "
                    f"fuel chain adds ({top:g}): a direct figure cannot exceed it (rule G4d)",
                )
            )
    return out
