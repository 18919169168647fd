"""Screen ``export-key-choice`` (audit 1796672257 a-K2): which export row a zone-year files.

The Electricity Maps export of 2021-10-27 (``electricitymaps-2021-export``) holds some US
grids under two keys: today's (``US-NE-ISNE``) and a retired one mapped to it
(``US-NEISO``, ``_em_archive_keys.RETIRED_KEYS`` or the suffix rule). The importer read
today's keys first and kept the first part-year it met, so US-NE-ISNE 2018 was filed from
4,411 hours (318.13) while US-NEISO had 7,080 (260.40, outside the bounds). A flag:

* the filed row has fewer hours with data than another row of the same zone-year, unless
  the filed row is a full year (``MIN_HOURS``) under today's key (the key whose overlap year
  sets the zone's ratio to the later series);
* another row of at least a quarter of a year is more than ``APART`` from the filed value
  and the bounds do not reach it (US-NW-BPAT 2019: 119.64 against US-BPA's 77.01).

Judged on the factor records against the upstream export (skipped where the upstream tree
is not on this machine). A flag is a problem until a ``keep`` note explains it.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .grid_screens import GridFlag
from .importers import _em_archive_keys as keys
from .importers import electricitymaps_archive as archive
from .importers._grid_common import year_of
from .upstream_sources import beside

RULE = "export-key-choice"
#: Two rows of one grid-year further apart than this need a bound reaching the other.
APART = 0.25
_HOURS = re.compile(r"([\d,]+) hours with data")
_KEY = re.compile(r"zone key in the export: ([A-Z0-9-]+)")


def export_rows(upstream: Path) -> dict[tuple[str, int], list[keys.Row]]:
    """Every usable export row of a sub-national zone-year, under whichever key maps to it."""
    zones = archive._current_zones(upstream / archive.CURRENT_CSV)
    out: dict[tuple[str, int], list[keys.Row]] = defaultdict(list)
    with (upstream / archive.EXPORT_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key, text = row["zone_key"].strip(), row["carbon_intensity_avg"].strip()
            zone = archive._current_key(key, row["Zone Name"].strip(), zones)
            if zone is None or "-" not in zone or not text or not math.isfinite(float(text)):
                continue
            hours = int(row["no_hours_with_data"])
            out[zone, year_of(row["year"])].append((round(float(text), 2), hours, key))
    return dict(out)


def flags(
    factors: Iterable[Mapping[str, Any]], rows: Mapping[tuple[str, int], list[keys.Row]]
) -> list[GridFlag]:
    """``export-key-choice`` (module doc)."""
    out = []
    for f in factors:
        if f.get("source") != archive.SOURCE or f.get("kind") != "grid_intensity":
            continue
        z, y, method = f["subject"], f["year"], str(f.get("method") or "")
        hours_m, key_m = _HOURS.search(method), _KEY.search(method)
        found = rows.get((z, y), [])
        if not hours_m or not key_m or len(found) < 2:
            continue
        hours, key = int(hours_m.group(1).replace(",", "")), key_m.group(1)
        own = next((r for r in found if r[2] == key and r[1] == hours), None)
        v, lo, hi = f["value"], f.get("low", f["value"]), f.get("high", f["value"])
        kept_full = hours >= archive.MIN_HOURS and key == z
        for value, h, k in found:
            if (value, h, k) == own:
                continue
            if h > hours and not kept_full:
                out.append(
                    GridFlag(
                        RULE,
                        f["id"],
                        f"{z} {y} is filed from {key} on {hours:,} hours ({v:g}) while {k} "
                        f"has {h:,} hours ({value:g}) for the same grid-year",
                    )
                )
            elif (
                h >= archive.MIN_PARTIAL_HOURS
                and v > 0
                and abs(value / v - 1) > APART
                and not lo <= value <= hi
            ):
                out.append(
                    GridFlag(
                        RULE,
                        f["id"],
                        f"{z} {y} is {v:g} [{lo:g}..{hi:g}] from {key}, while {k} has {value:g} "
                        f"on {h:,} hours for the same grid-year, {abs(value / v - 1):.0%} "
                        "apart and outside the bounds",
                    )
                )
    return out


def flags_for(root: Path, factors: Iterable[Mapping[str, Any]]) -> list[GridFlag]:
    """The flags against the upstream export next to ``root`` (``/work/shared/sources``)."""
    upstream = beside(root)
    if not (upstream / archive.EXPORT_CSV).is_file():
        return []
    return flags(factors, export_rows(upstream))
