"""Electricity Maps past-range API (the user's token; hourly, lifecycle, consumption-based).

``GET {base}/v3/carbon-intensity/past-range?zone=&start=&end=`` with header ``auth-token``
answers ``{"zone", "data": [{"datetime", "carbonIntensity", "isEstimated", ...}]}`` in
gCO2e/kWh. Ranges are fetched in 10-day requests. The data is the user's under their
Electricity Maps terms: results computed with it are labelled, never redistributed.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidInput
from ..series import format_instant, parse_instant
from . import Point, Provider
from ._http import DEFAULT_TIMEOUT, bad, get_json

BASE_URL = "https://api.electricitymap.org"
WINDOW_S = 10 * 86400


class ElectricityMapsProvider(Provider):
    name = "electricitymaps"
    resolution = "PT1H"
    basis = "lifecycle"
    accounting = "consumption"
    unit = "gCO2e/kWh"
    license = "LicenseRef-ElectricityMaps-Terms"

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str = BASE_URL,
        session: Any = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        fallback: bool = False,
    ) -> None:
        super().__init__(fallback=fallback)
        if not token or not isinstance(token, str):
            raise InvalidInput("electricitymaps: give your API token (token=...)", field="token")
        import requests

        self.token = token
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def supports(self, zone: str) -> bool:
        return ":" not in zone  # grid zones, not cloud regions

    def points(self, zone: str, start: float, end: float) -> list[Point]:
        out: list[Point] = []
        a = start
        while a < end:
            b = min(end, a + WINDOW_S)
            body = get_json(
                self.session,
                self.name,
                f"{self.base_url}/v3/carbon-intensity/past-range",
                params={"zone": zone, "start": format_instant(a), "end": format_instant(b)},
                headers={"auth-token": self.token},
                timeout=self.timeout,
            )
            out.extend(_parse(self.name, body))
            a = b
        return out


def _parse(name: str, body: Any) -> list[Point]:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise bad(name, "no 'data' list")
    out: list[Point] = []
    for i, row in enumerate(body["data"]):
        try:
            t = parse_instant(row["datetime"], "datetime")
            v = row["carbonIntensity"]
        except Exception:
            raise bad(name, f"data[{i}] lacks datetime/carbonIntensity") from None
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 2000:
            raise bad(name, f"data[{i}].carbonIntensity {v!r} is not a plausible number")
        if v == 0:
            continue  # 0 means no data upstream, never a clean hour
        out.append((t, float(v), bool(row.get("isEstimated"))))
    return out
