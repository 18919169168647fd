"""Live intensity providers against a local fake HTTP server (no internet in tests).

The server is a real one on a random port, answering recorded responses
(tests/fixtures/providers) or failing on demand: slow (timeout), 429, broken bodies.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import carbonfactors as cf
from carbonfactors import Dataset, InvalidInput
from carbonfactors.errors import (
    ProviderBadResponse,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
)
from carbonfactors.providers import get_provider
from carbonfactors.providers.csvfile import CsvProvider
from carbonfactors.providers.electricitymaps import ElectricityMapsProvider
from carbonfactors.providers.neso import NesoProvider

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "providers"
JOB = {
    "hardware": [{"power_w": 10_000.0}],
    "location": "GB",
    "basis": "direct",
    "pue": 1.0,
    "include_embodied": False,
    "start": "2023-06-07T01:00:00Z",
    "end": "2023-06-07T03:00:00Z",
}


class FakeServer:
    """Answers each path with what ``routes`` says: (status, body bytes, delay s, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, float, dict[str, str]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                fake.requests.append((self.path, dict(self.headers)))
                status, body, delay, headers = fake.routes.get(path, (404, b"{}", 0.0, {}))
                time.sleep(delay)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FakeServer]:
    s = FakeServer()
    yield s
    s.close()


NESO_PATH = "/intensity/2023-06-07T01:00Z/2023-06-07T03:00Z"


def neso(server: FakeServer, **kw: Any) -> NesoProvider:
    return NesoProvider(base_url=server.url, timeout=(1.0, 0.3), **kw)


def test_neso_recorded_response(server: FakeServer, series_ds: Dataset) -> None:
    body = (RECORDED / "neso_2023-06-07T0100Z_0300Z.json").read_bytes()
    server.routes[NESO_PATH] = (200, body, 0.0, {})
    fp = cf.footprint(JOB, dataset=series_ds, provider=neso(server))
    actual = [row["intensity"]["actual"] for row in json.loads(body)["data"]]
    assert fp.site.intensity[0] == pytest.approx(sum(actual) / 4)
    d = fp.to_dict()
    # Named by the provider, never by the dataset version alone.
    assert d["intensity_provider"] == "neso-carbon-intensity-api"
    assert d["temporal"]["provider"] == "neso-carbon-intensity-api"
    series_factor = [f for f in d["factors"] if f["role"] == "grid_intensity.series"][0]
    assert series_factor["source"] == "provider:neso-carbon-intensity-api"
    # The same half-hours from the dataset's series give the same number.
    assert fp.site.intensity[0] == pytest.approx(
        cf.footprint(JOB, dataset=series_ds).site.intensity[0]
    )


def test_electricitymaps_recorded_response_sends_the_token(
    server: FakeServer, series_ds: Dataset
) -> None:
    server.routes["/v3/carbon-intensity/past-range"] = (
        200,
        (RECORDED / "electricitymaps_past_range.json").read_bytes(),
        0.0,
        {},
    )
    p = ElectricityMapsProvider("secret-token", base_url=server.url, timeout=(1.0, 0.3))
    fp = cf.footprint(dict(JOB, basis="lifecycle"), dataset=series_ds, provider=p)
    assert fp.site.intensity[0] == pytest.approx((100 + 300) / 2)
    assert fp.to_dict()["temporal"]["estimated_energy_share"] == pytest.approx(0.5)
    path, headers = server.requests[0]
    assert "zone=GB" in path and headers.get("auth-token") == "secret-token"
    with pytest.raises(InvalidInput) as info:
        ElectricityMapsProvider("")
    assert info.value.field == "token"


@pytest.mark.parametrize(
    ("route", "error"),
    [
        ((200, b"{}", 1.0, {}), ProviderTimeout),
        ((429, b"{}", 0.0, {"Retry-After": "30"}), ProviderRateLimited),
        ((200, b"<html>oops", 0.0, {}), ProviderBadResponse),
        ((200, b'{"data": [{"from": "x"}]}', 0.0, {}), ProviderBadResponse),
        ((503, b"{}", 0.0, {}), ProviderError),
    ],
)
def test_failures_are_typed_and_fall_back_when_allowed(
    server: FakeServer, series_ds: Dataset, route: tuple, error: type
) -> None:
    server.routes[NESO_PATH] = route
    with pytest.raises(error) as info:
        cf.footprint(JOB, dataset=series_ds, provider=neso(server))
    assert info.value.to_problem()["type"].endswith(error.type)
    fp = cf.footprint(JOB, dataset=series_ds, provider=neso(server, fallback=True))
    d = fp.to_dict()
    assert "intensity_provider" not in d  # computed from the dataset, and it says why
    assert d["temporal_resolution"] == "PT30M"
    assert any("provider neso-carbon-intensity-api failed" in n for n in d["notes"])


def test_provider_basis_and_zone_are_checked(server: FakeServer, series_ds: Dataset) -> None:
    with pytest.raises(InvalidInput) as info:
        cf.footprint(dict(JOB, basis="lifecycle"), dataset=series_ds, provider=neso(server))
    assert info.value.field == "basis"
    with pytest.raises(InvalidInput) as info:
        cf.footprint(
            dict(JOB, location="FR", basis="lifecycle"), dataset=series_ds, provider=neso(server)
        )
    assert info.value.field == "location"
    assert server.requests == []


def test_user_csv_zero_and_empty_are_missing(tmp_path: Path, series_ds: Dataset) -> None:
    f = tmp_path / "meter.csv"
    f.write_text(
        "time,value\n"
        "2023-06-07T01:00:00Z,120\n"
        "2023-06-07T02:00:00Z,0\n"  # a zero row: missing, never 0 g
    )
    p = CsvProvider(f, zone="GB", resolution="PT1H", basis="direct")
    fp = cf.footprint(JOB, dataset=series_ds, provider=p)
    t = fp.to_dict()["temporal"]
    assert t["covered_energy_share"] == pytest.approx(0.5)
    assert fp.site.intensity[0] == pytest.approx(0.5 * 120 + 0.5 * 209)  # rest at the annual factor
    assert fp.to_dict()["intensity_provider"] == "csv:meter.csv"
    f.write_text("time,value\n2023-06-07T01:00:00Z,lots\n")
    with pytest.raises(ProviderBadResponse, match="line 2"):
        cf.footprint(JOB, dataset=series_ds, provider=p)


def test_get_provider_by_name(tmp_path: Path) -> None:
    assert get_provider("neso").name == "neso-carbon-intensity-api"
    with pytest.raises(InvalidInput) as info:
        get_provider("watttime")
    assert info.value.field == "provider"
