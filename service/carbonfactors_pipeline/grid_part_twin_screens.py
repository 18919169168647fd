"""Screens ``part-year-later-reach`` and ``isolated-parent-twin`` (audit 1796642882 a-P2, a-I1).

* ``part-year-later-reach`` (a-P2): a default value of the older Electricity Maps export
  (``electricitymaps-2021-export``, the methodology of 2021) of a zone that has a 2021-2025
  series (``electricitymaps-yearly``) whose bounds leave out that series' first value. JP-SK
  2018 was 550.48 [465.8..550.48] while Shikoku's own later series opens at 617 (2021), and
  its PART YEAR warning said the bounds reach the other evidence on file; 25 part-year
  values had such bounds (AU-TAS 2017 128.64 [128.64..128.64] against 23). The importer
  now bounds them (``electricitymaps_archive._part_year``). Judged on the factor files.
* ``isolated-parent-twin`` (a-I1): an isolated zone refused for a year its parent has a
  value for, while the zone's own series and its parent's, from one source, agree within 5%
  in every year they share (at least three): the Faroe Main Islands 2019 (542/561/528 against
  FO's 543/566/523). Rules generation 12 (``carbonfactors.resolve.parent_twin``) answers it
  with the parent's value. Judged on the ``full`` bundle's lookups.

A flag is a problem until a reviewer keeps it in ``factors/screens.yaml`` with a note; it
never excludes a value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .resolved import FIRST_YEAR

REACH_RULE = "part-year-later-reach"
TWIN_RULE = "isolated-parent-twin"
EXPORT, LATER = "electricitymaps-2021-export", "electricitymaps-yearly"
#: The twin test: every common year's ratio within 1 +/- BAND, at least MIN_COMMON years.
BAND, MIN_COMMON = 0.05, 3


def _grid_rows(factors: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [f for f in factors if f.get("kind") == KIND and f.get("basis", BASIS) == BASIS]


def reach_flags(factors: Iterable[Mapping[str, Any]]) -> list[GridFlag]:
    """``part-year-later-reach`` (module doc), on factor records."""
    rows = _grid_rows(factors)
    first: dict[str, tuple[int, float]] = {}
    for f in rows:
        if f["source"] == LATER and not f.get("excluded"):
            z, y = f["subject"], f["year"]
            if z not in first or y < first[z][0]:
                first[z] = (y, f["value"])
    out = []
    for f in rows:
        z = f["subject"]
        if f["source"] != EXPORT or f.get("excluded") or z not in first:
            continue
        lo, hi = f.get("low", f["value"]), f.get("high", f["value"])
        y, later = first[z]
        if not lo <= later <= hi:
            out.append(
                GridFlag(
                    REACH_RULE,
                    f["id"],
                    f"{z} {f['year']} is {f['value']:g} [{lo:g}..{hi:g}] ({EXPORT}), leaving out "
                    f"the zone's later series' first value {later:g} ({LATER}, {y})",
                )
            )
    return out


def _twin(
    zone: str, parent: str, values: Mapping[tuple[str, str], Mapping[int, float]]
) -> str | None:
    """The source in which ``zone`` and ``parent`` agree (module doc), or None."""
    sources = {s for z, s in values if z == zone} & {s for z, s in values if z == parent}
    for s in sorted(sources):
        mine, theirs = values[zone, s], values[parent, s]
        common = sorted(set(mine) & set(theirs))
        if len(common) >= MIN_COMMON and all(
            theirs[y] > 0 and abs(mine[y] / theirs[y] - 1) <= BAND for y in common
        ):
            return s
    return None


def twin_flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """``isolated-parent-twin`` (module doc), on the ``full`` bundle's lookups."""
    full = licensing.bundle(snapshot, bundles.FULL)
    values: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for f in _grid_rows(full.get("factors", ())):
        if not f.get("excluded") and not f.get("period"):
            values[f["subject"], f["source"]][f["year"]] = f["value"]
    zones = [z for z in full.get("zones", ()) if z.get("isolated") and z.get("parent")]
    twins = [(z["id"], z["parent"], s) for z in zones if (s := _twin(z["id"], z["parent"], values))]
    if not twins:
        return []
    ds = Dataset.from_snapshot(full, version="dev")
    out = []
    for zid, parent, source in twins:
        own = ds.series(KIND, zid, BASIS)
        start = own.years[0] if own and own.years else FIRST_YEAR
        theirs = ds.series(KIND, parent, BASIS)
        for y in range(FIRST_YEAR, start):
            if theirs is None or y not in theirs.winners:
                continue
            try:
                ds.resolve_grid(zid, y, BASIS)
            except FactorNotFound:
                out.append(
                    GridFlag(
                        TWIN_RULE,
                        theirs.winners[y].id,
                        f"{zid} {y} is refused as an isolated grid, while its own series and "
                        f"{parent}'s agree within {BAND:.0%} in every common year ({source}) "
                        f"and {parent} has {theirs.winners[y].value:g} for {y}",
                    )
                )
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Both screens of the module doc."""
    return reach_flags(snapshot.get("factors", ())) + twin_flags(snapshot)
