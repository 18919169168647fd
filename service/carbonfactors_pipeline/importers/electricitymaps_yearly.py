"""Annual zone averages from Electricity Maps (as re-published by co2.js under ODbL).

The only multi-year sub-national series we have: US balancing authorities, Canadian and
Australian provinces/states, Japanese, Indian, Italian regions, Nordic bidding zones, plus
every country as a second source beside Ember (priority 20, so Ember stays the country
default). Values are consumption-based (imports included) and lifecycle, the Electricity
Maps API default; a country can therefore differ from Ember's production-based value, which
``carbonfactors validate`` reports when the gap exceeds 25%.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

from . import Importer, register
from ._common import header, write_folder
from ._default_mix import mark_default
from ._grid_common import year_of, zone_series_files
from ._mix_mismatch import mark_mismatch
from ._modelled_zones import mark_modelled
from ._unknown_mix import mark

NAME = "electricitymaps-yearly"
SOURCE = "electricitymaps-yearly"
YEARLY_CSV = Path("electricitymaps_yearly_2021_2025.csv")
FOLDER = Path("grid") / SOURCE
METHOD = (
    "Electricity Maps yearly average carbon intensity (API carbon-intensity/past, yearly "
    "granularity): consumption-based (flow-traced imports included), lifecycle emission factors."
)


#: co2.js SOURCE.md: "Electricity Maps 2025 values were fetched in early 2026 and may be
#: preliminary". The file's newest year is so marked; a lookup that uses it says so.
PRELIMINARY = (
    "calendar {year}, preliminary: fetched soon after the year ended and may be revised "
    "upstream (co2.js SOURCE.md)"
)


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    by_zone: dict[str, dict[int, float]] = defaultdict(dict)
    with (upstream / YEARLY_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            zone = row["zone_key"].strip()
            text = row["carbon_intensity_gco2eq_per_kwh"].strip()
            if not zone or not text:
                continue
            value = float(text)
            if not math.isfinite(value):
                continue
            year = year_of(row["year"])
            if year in by_zone[zone]:
                raise ValueError(f"{YEARLY_CSV}: two rows for {zone} {year}")
            by_zone[zone][year] = value
    files = zone_series_files(
        by_zone, source=SOURCE, basis="lifecycle", method=METHOD, accounting="consumption"
    )
    newest = max((y for years in by_zone.values() for y in years), default=None)
    for data in files.values():
        for factor in data["factors"]:
            if factor["year"] == newest:
                factor["period"] = PRELIMINARY.format(year=newest)
    mark(files, upstream.parent)  # audit 1796599352 a-B1 (_unknown_mix)
    mark_modelled(files, upstream.parent)  # audit 1796636393 a-E1 (_modelled_zones)
    mark_default(files, upstream.parent)  # audit 1796669258 a-F1 (_default_mix)
    mark_mismatch(files, upstream.parent)  # audit 1796682238 a-Y1 (_mix_mismatch)
    head = header(NAME, [f"co2js/{YEARLY_CSV}"])
    return write_folder(factors_root / FOLDER, files, head)


IMPORTER = register(
    Importer(
        name=NAME,
        description="Zone grid intensity 2021-2025, countries and sub-national (Electricity Maps, ODbL)",
        upstream="co2js",
        convert=convert,
    )
)
