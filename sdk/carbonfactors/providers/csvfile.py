"""A user's own intensity CSV: ``time,value`` rows (ISO 8601 instants with a zone).

For intensity the project does not hold (a utility's hourly figures, a meter's export):
declare what it is (zone, resolution, basis, unit) since the file cannot say. An empty or
0 value is missing. A bad file raises ``ProviderBadResponse`` naming the line.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import InvalidInput, ProviderBadResponse
from ..series import RESOLUTIONS, SERIES_UNITS, parse_instant
from . import Point, Provider


class CsvProvider(Provider):
    name = "csv"

    def __init__(
        self,
        path: str | Path,
        *,
        zone: str,
        resolution: str = "PT1H",
        basis: str = "lifecycle",
        unit: str = "gCO2e/kWh",
        license: str = "LicenseRef-User",
        fallback: bool = False,
    ) -> None:
        super().__init__(fallback=fallback)
        if resolution not in RESOLUTIONS:
            raise InvalidInput(f"resolution: one of {', '.join(RESOLUTIONS)}", field="resolution")
        if unit not in SERIES_UNITS:
            raise InvalidInput(f"unit: one of {', '.join(SERIES_UNITS)}", field="unit")
        self.path = Path(path)
        self.zone = zone
        self.resolution = resolution
        self.basis = basis
        self.unit = unit
        self.gas = "CO2" if unit == "gCO2/kWh" else None
        self.license = license
        self.name = f"csv:{self.path.name}"

    def supports(self, zone: str) -> bool:
        return zone == self.zone

    def points(self, zone: str, start: float, end: float) -> list[Point]:
        out: list[Point] = []
        try:
            fh = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ProviderBadResponse(
                f"{self.name}: cannot read {self.path} ({exc.strerror})"
            ) from None
        with fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"time", "value"} <= set(reader.fieldnames):
                raise ProviderBadResponse(f"{self.name}: the header must name time and value")
            for n, row in enumerate(reader, start=2):
                try:
                    t = parse_instant(row["time"], "time")
                except InvalidInput as exc:
                    raise ProviderBadResponse(f"{self.name}: line {n}: {exc.message}") from None
                cell = (row.get("value") or "").strip()
                if not cell:
                    continue
                try:
                    v = float(cell)
                except ValueError:
                    raise ProviderBadResponse(
                        f"{self.name}: line {n}: value {cell!r} is not a number"
                    ) from None
                if not 0 <= v <= 2000:
                    raise ProviderBadResponse(f"{self.name}: line {n}: value {v:g} is impossible")
                if v > 0 and start <= t < end:
                    out.append((t, v, False))
        return out
