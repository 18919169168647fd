"""NESO Carbon Intensity API, Great Britain national half-hourly series -> ``series/``.

Upstream (``gb-carbon-intensity-api-2023``): the API's ``/intensity/{from}/{to}`` output for
2023 as a CSV (``from``, ``to``, ``forecast``, ``actual``, ``index``), gCO2/kWh, CO2 only,
direct (combustion), production-side with imports at fixed per-interconnector factors.

One series per calendar year in ``YEARS``, on the full half-hour grid of that year (UTC):

* ``actual`` > 0 is the value (measured);
* ``actual`` empty or 0 (the API writes 0.0 for a glitch, SOURCE.md) -> the NESO
  ``forecast`` for that half-hour stands in, flagged ``estimated``; no forecast either ->
  ``missing``;
* a half-hour with no row at all (the 46-hour hole of October 2023) -> ``missing``.

Rows outside ``YEARS`` (the 2022-12-31 23:30 row) are not imported. Output:
``series/neso-carbon-intensity/GB-<year>.yaml`` and ``.csv``.

Re-run: ``carbonfactors import neso-gb-series --sources ../shared/sources``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carbonfactors.series import ESTIMATED, MEASURED, MISSING, RESOLUTIONS, parse_instant

from ..seriesfiles import series_id, write_series
from . import Importer, register
from ._common import GENERATED, header, number, read_csv

NAME = "neso-gb-series"
SOURCE = "neso-carbon-intensity-api"
OUT = Path("series") / SOURCE
FILE = "national_intensity_2023_halfhourly.csv"
ZONE = "GB"
YEARS = (2023,)
RESOLUTION = "PT30M"


def _instant(text: str) -> float:
    # Upstream writes pandas' "2023-01-01 00:00:00+00:00".
    return parse_instant(text.replace(" ", "T", 1), "from")


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    rows = read_csv(upstream / FILE)
    step = RESOLUTIONS[RESOLUTION]
    by_time: dict[float, tuple[float | None, float | None]] = {}
    for row in rows:
        by_time[_instant(row["from"])] = (number(row.get("actual")), number(row.get("forecast")))
    folder = factors_root / OUT
    written: list[Path] = []
    for year in YEARS:
        start = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc).timestamp()
        end = dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone.utc).timestamp()
        points: list[tuple[float, float | None, str]] = []
        counts = {MEASURED: 0, ESTIMATED: 0, MISSING: 0}
        absent = 0
        t = start
        while t < end:
            found = by_time.get(t)
            if found is None:
                absent += 1
                points.append((t, None, MISSING))
            else:
                actual, forecast = found
                if actual is not None and actual > 0:
                    points.append((t, actual, MEASURED))
                elif forecast is not None and forecast > 0:
                    points.append((t, forecast, ESTIMATED))
                else:
                    points.append((t, None, MISSING))
            counts[points[-1][2]] += 1
            t += step
        method = (
            f"NESO Carbon Intensity API national series, /intensity/{{from}}/{{to}} 'actual' per "
            f"half-hour (UTC) for {year}: {counts[MEASURED]} measured points; "
            f"{counts[ESTIMATED]} half-hours whose 'actual' is empty or 0.0 (an API glitch) "
            f"carry NESO's 'forecast' instead (flag estimated); {counts[MISSING]} half-hours are "
            f"missing ({absent} with no row upstream). CO2 only, direct (combustion) emissions, "
            "production-side with imports at NESO's fixed per-interconnector factors."
        )
        head = {
            "id": series_id(ZONE, year, SOURCE),
            "kind": "grid_intensity",
            "zone": ZONE,
            "start": f"{year}-01-01T00:00:00Z",
            "resolution": RESOLUTION,
            "unit": "gCO2/kWh",
            "basis": "direct",
            "accounting": "production",
            "gas": "CO2",
            "source": SOURCE,
            "method": method,
        }
        written += write_series(folder, head, points, header(NAME, [f"{upstream.name}/{FILE}"]))
    if folder.exists():  # the importer owns its folder: drop files of years no longer written
        keep = set(written)
        for old in sorted(folder.iterdir()):
            if old not in keep and old.suffix in (".yaml", ".csv"):
                old.unlink()
    return written


assert GENERATED  # the header() comment carries the generated-file marker

register(
    Importer(
        NAME,
        "NESO Carbon Intensity API: Great Britain half-hourly intensity series (CC BY 4.0)",
        "gb-carbon-intensity-api-2023",
        convert,
    )
)
