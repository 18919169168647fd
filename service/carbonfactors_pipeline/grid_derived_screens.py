"""Screens over grid answers derived from rows with stored bounds, and lifecycle answers
below a direct figure (audit 2026-12-06 seed 1796594162, class G4b; rule G4b in
``carbonfactors.resolve.corrected_rows``). Judged on the ``full`` bundle, like
``grid_screens``:

* ``grid-derived-bounds``: an answer the engine builds from a zone's own rows (rule G3's
  scaled or interpolated value, or a wider area standing in before or in a gap of the
  series) whose bounds are narrower than the stored bounds of a row it rests on, carried as
  rule G4b carries them (scaled by rule G3's ratio, interpolated along its line, as stored
  behind a wider area's value). AU-VIC 2017 was 703.93 [674.85..718.08] while the row it
  scales, AU-VIC 2018, carries the corrected high bound of 1,060 g. A problem: it fails
  ``carbonfactors validate`` unless a ``keep`` note explains it.
* ``grid-below-direct`` (review only): a lifecycle answer more than ``BELOW_DIRECT`` below a
  direct (combustion) figure on file for the same place (the zone asked, its grid zone or the
  answer's subject) and a year within ``NEAR_YEARS`` of the year asked. A lifecycle figure
  includes the combustion emissions, so such a gap is a known upstream error, a coarser
  direct figure (a wider region's average) or an accounting difference (production against
  consumption); a reviewer says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve.corrected_rows import has_bounds, rows_behind

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .resolved import FIRST_YEAR

DERIVED_BOUNDS = "grid-derived-bounds"
BELOW = "grid-below-direct"
RULES = (DERIVED_BOUNDS, BELOW)
#: A lifecycle answer this far (relative) below a direct figure is listed (the audit's 10%).
BELOW_DIRECT = 0.10
#: How many years either side of the year asked a direct figure counts as "nearby".
NEAR_YEARS = 1
#: Rounding slack when comparing carried bounds (the engine rounds them to 0.01).
SLACK = 0.01


def _years(snapshot: Mapping[str, Any]) -> range:
    """The years ``carbonfactors resolved`` tabulates (``resolved.tables``)."""
    found = [f["year"] for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    return range(FIRST_YEAR, max(found, default=FIRST_YEAR) + 1)


def _derived_bounds(ds: Dataset, zid: str, own: list[str], y: int, res: Any) -> list[GridFlag]:
    f = res.factor
    out: list[GridFlag] = []
    for g, lo, hi in rows_behind(ds.index, res, own, y):
        if not has_bounds(g) or (f.lo <= lo + SLACK and f.hi >= hi - SLACK):
            continue
        out.append(
            GridFlag(
                DERIVED_BOUNDS,
                f.id,
                f"{zid} {y} resolves to {f.value:g} [{f.lo:g}..{f.hi:g}] ({f.subject}) from "
                f"{g.id}, whose stored bounds [{g.lo:g}..{g.hi:g}] carried to this answer are "
                f"{lo:.2f}..{hi:.2f}: the derived answer's bounds are narrower (rule G4b)",
            )
        )
    return out


def _below_direct(ds: Dataset, zid: str, places: list[str], y: int, res: Any) -> list[GridFlag]:
    f = res.factor
    found = []
    for p in dict.fromkeys([*places, f.subject]):
        s = ds.series(KIND, p, "direct")
        if s is None:
            continue
        found += [
            g
            for yy in range(y - NEAR_YEARS, y + NEAR_YEARS + 1)
            if (g := s.winners.get(yy)) is not None and g.unit == f.unit
        ]
    over = [g for g in found if f.value < g.value * (1 - BELOW_DIRECT)]
    if not over:
        return []
    top = max(over, key=lambda g: g.value)
    return [
        GridFlag(
            BELOW,
            f.id,
            f"{zid} {y} resolves to the lifecycle value {f.value:g} ({f.subject} {f.year}), "
            f"{1 - f.value / top.value:.0%} below the direct figure {top.value:g} for "
            f"{top.subject} {top.year} ({top.source}): an upstream error, a coarser direct "
            "figure or an accounting difference (listed for review)",
            problem=False,
        )
    ]


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every flagged lookup of the ``full`` bundle's zones, for every year from
    ``resolved.FIRST_YEAR`` to the newest grid year."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    years = _years(snapshot)
    for zid, zone in sorted(ds.index.zones.items()):
        own = [zid] + ([zone.grid_zone] if zone.grid_zone else [])
        for y in years:
            try:
                res = ds.resolve_grid(zid, y, BASIS)
            except CarbonFactorsError:
                continue  # refused: nothing standing in to judge
            out += _derived_bounds(ds, zid, own, y, res)
            out += _below_direct(ds, zid, own, y, res)
    return out
