"""Screens ``grid-linked-group`` and ``grid-scaled-above-ceiling`` (audit 1796655557, class
a-IS). Each is a problem unless a ``keep`` note in ``factors/screens.yaml`` explains the flag;
neither excludes a value.

* ``grid-linked-group``: a sub-national zone not marked ``isolated`` whose linked group (its
  connected component over Electricity Maps' exchange list, ``importers/_em_exchanges``) holds
  only its own country's sub-zones, and neither the country nor every linked sub-zone of it
  (``importers/_linked_groups``). Tenerife and La Gomera, linked only to each other, were
  treated as fed from mainland Spain: Tenerife 2017 was its 2018 value scaled by Spain's
  2017/2018 change (846.5 g, above every Tenerife value on file) and direct lookups answered
  Spain's 190-318 g for oil-fired islands.
* ``grid-scaled-above-ceiling``: a rule G3 value (a zone's own value scaled by its wider
  area's change, ``carbonfactors-derived:scaled``) above the ``lifecycle-ceiling`` (unless
  the zone's own direct figure on file makes it plausible, as ``resolve.screened.reachable``
  judges a screened value), or above a value of the same zone and year that the ceiling kept
  out of defaults: La Gomera 2022 was 1,138.88 g while its own 938 g was screened as too high.
  Only zones with an own lifecycle value of at least half the ceiling are resolved: one G3
  step scales by one year's change of the wider area, which ``year-on-year-jump`` holds
  under 2x. The flag names the stored row G3 scaled (the zone's nearest own value), so a
  ``keep`` note can name it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve.screened import DIRECT_SHARE

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .importers import _em_exchanges as exchanges
from .importers import _linked_groups as groups
from .resolved import FIRST_YEAR
from .screens import _bounds

GROUP = "grid-linked-group"
CEILING = "grid-scaled-above-ceiling"
RULES = (GROUP, CEILING)
#: How a rule G3 value's id ends (``resolve.own_years._derived``).
SCALED = ":carbonfactors-derived:scaled"
#: The ``excluded`` text of a value the lifecycle ceiling kept out.
CEILING_RULE = "lifecycle-ceiling"


def group_flags(
    snapshot: Mapping[str, Any], pairs: Iterable[str] = exchanges.PAIRS
) -> list[GridFlag]:
    """``grid-linked-group`` (module doc): one flag per zone, on the zone's record."""
    zones = [z for z in snapshot.get("zones", ()) if z.get("type") == "subnational"]
    parents = {z["id"]: str(z["parent"]) for z in zones if z.get("parent")}
    isolated = {z["id"] for z in zones if z.get("isolated")}
    out: list[GridFlag] = []
    for zid, group in groups.cut_off(parents, isolated, pairs).items():
        others = ", ".join(sorted(set(group) - {zid}))
        out.append(
            GridFlag(
                GROUP,
                f"zone:{zid}",
                f"{zid} is linked only to {others}, other parts of {parents[zid]} with no "
                f"interconnector path to {parents[zid]}'s grid, yet is not marked isolated: "
                f"{parents[zid]}'s value (scaled or direct) stands for it; mark it "
                "(importers/_linked_groups via grid-zones) or say why the parent's value stands",
            )
        )
    return out


def ceiling_flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """``grid-scaled-above-ceiling`` (module doc)."""
    factors = [f for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    found = _bounds(factors)
    ceiling = found[1][0] if found else None
    zones = {z["id"] for z in snapshot.get("zones", ())}
    tops: dict[str, float] = {}
    for f in factors:
        if f["basis"] == BASIS and f["subject"] in zones:
            tops[f["subject"]] = max(tops.get(f["subject"], 0.0), float(f["value"]))
    screened = {
        (f["subject"], f["year"]): float(f["value"])
        for f in factors
        if f["basis"] == BASIS and str(f.get("excluded") or "").startswith(CEILING_RULE)
    }
    cands = sorted(
        {z for z, top in tops.items() if ceiling is not None and top >= ceiling / 2}
        | {z for z, _ in screened if z in zones}
    )
    if not cands:
        return []
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    last = max((f["year"] for f in factors), default=FIRST_YEAR)
    out: list[GridFlag] = []
    for zid in cands:
        own_rows = ds.index.series(KIND, zid, BASIS)
        direct = ds.index.series(KIND, zid, "direct")
        rates = [f.value for f in direct.winners.values()] if direct is not None else []
        for y in range(FIRST_YEAR, last + 1):
            try:
                f = ds.resolve_grid(zid, y, BASIS).factor
            except CarbonFactorsError:
                continue
            if not f.id.endswith(SCALED) or f.subject != zid:
                continue
            own = screened.get((zid, y))
            if own is not None and f.value > own:
                why = f"above its own {y} value {own:g} that the lifecycle ceiling kept out"
            elif ceiling is not None and f.value > ceiling:
                if any(r >= DIRECT_SHARE * f.value for r in rates):
                    continue  # a coal grid's own direct rate makes it plausible
                why = f"above the lifecycle ceiling ({ceiling:g})"
            else:
                continue
            out.append(
                GridFlag(
                    CEILING,
                    _base(own_rows, y) or f.id,
                    f"{zid} {y} is {f.value:g} {f.unit} by rule G3 (its own value scaled by "
                    f"the wider area's change), {why}: a figure screened as too high is "
                    "replaced by a higher one; check the zone is fed from that wider area",
                )
            )
    return out


def _base(rows: Any, year: int) -> str | None:
    """The stored row rule G3 scaled for ``year`` (the zone's nearest own value, a later one
    first): a ``keep`` note names a factor on file, not a value derived at lookup."""
    years = sorted(rows.years) if rows is not None else []
    after = [y for y in years if y > year]
    base = after[0] if after else (years[-1] if years else None)
    return None if base is None else str(rows.winners[base].id)


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """The two screens on a snapshot."""
    return group_flags(snapshot) + ceiling_flags(snapshot)
