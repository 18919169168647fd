"""NESO Carbon Intensity API (Great Britain national, half-hourly, no key, CC BY 4.0).

``GET {base}/intensity/{from}/{to}`` answers ``{"data": [{"from", "to", "intensity":
{"forecast", "actual", "index"}}]}`` in gCO2/kWh (CO2 only, direct, production-side). As in
the dataset's series (``neso-gb-series`` importer), ``actual`` is the value; an empty or 0
``actual`` is replaced by the ``forecast`` and flagged estimated; neither -> missing.
Windows longer than 14 days are fetched in 14-day requests (the API's limit).
"""

from __future__ import annotations

from typing import Any

from ..series import format_instant, parse_instant
from . import Point, Provider
from ._http import DEFAULT_TIMEOUT, bad, get_json

BASE_URL = "https://api.carbonintensity.org.uk"
WINDOW_S = 14 * 86400


class NesoProvider(Provider):
    name = "neso-carbon-intensity-api"
    resolution = "PT30M"
    basis = "direct"
    accounting = "production"
    unit = "gCO2/kWh"
    gas = "CO2"
    license = "CC-BY-4.0"

    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        session: Any = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        fallback: bool = False,
    ) -> None:
        super().__init__(fallback=fallback)
        import requests

        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def supports(self, zone: str) -> bool:
        return zone == "GB"

    def points(self, zone: str, start: float, end: float) -> list[Point]:
        out: list[Point] = []
        a = start
        while a < end:
            b = min(end, a + WINDOW_S)
            url = f"{self.base_url}/intensity/{_api_time(a)}/{_api_time(b)}"
            body = get_json(self.session, self.name, url, timeout=self.timeout)
            out.extend(_parse(self.name, body))
            a = b
        return out


def _api_time(seconds: float) -> str:
    return format_instant(seconds)[:16] + "Z"  # 2023-06-01T00:00Z


def _parse(name: str, body: Any) -> list[Point]:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise bad(name, "no 'data' list")
    out: list[Point] = []
    for i, row in enumerate(body["data"]):
        try:
            t = parse_instant(row["from"], "from")
            intensity = row["intensity"]
            actual, forecast = intensity.get("actual"), intensity.get("forecast")
        except Exception:
            raise bad(name, f"data[{i}] lacks from/intensity") from None
        for v in (actual, forecast):
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise bad(name, f"data[{i}].intensity is not a number")
        if actual is not None and actual > 0:
            out.append((t, float(actual), False))
        elif forecast is not None and forecast > 0:
            out.append((t, float(forecast), True))
    return out
