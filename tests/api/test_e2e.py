"""End to end against a real gunicorn server on a free port (the ``live_server`` fixture)."""

from __future__ import annotations

import hashlib
import http.client
import json
from urllib.parse import urlsplit

import pytest
import requests

pytestmark = pytest.mark.slow


def test_health_and_a_factor(live_server: str) -> None:
    assert requests.get(f"{live_server}/v1/health", timeout=5).json()["status"] == "ok"
    r = requests.get(f"{live_server}/v1/factors/grid_intensity:FR:2023:ember-owid", timeout=5)
    assert r.json()["factor"]["value"] == 55.27541
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_snapshot_is_gzipped_and_checksummed(live_server: str) -> None:
    meta = requests.get(f"{live_server}/v1/versions/2026.01", timeout=5).json()
    r = requests.get(f"{live_server}/v1/versions/2026.01/snapshot", timeout=5)
    assert r.headers["Content-Encoding"] == "gzip"
    assert hashlib.sha256(r.content).hexdigest() == meta["sha256"]
    assert r.json()["version"] == "2026.01"


def test_conditional_get_over_the_wire(live_server: str) -> None:
    url = f"{live_server}/v1/zones/aws:us-east-1/grid-intensity?version=2026.02"
    first = requests.get(url, timeout=5)
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    second = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=5)
    assert second.status_code == 304
    assert second.content == b""


def test_keep_alive_connection_serves_many_requests(live_server: str) -> None:
    parts = urlsplit(live_server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        for _ in range(20):
            conn.request("GET", "/v1/pue/industry?year=2024")
            resp = conn.getresponse()
            assert resp.status == 200
            assert json.loads(resp.read())["value"] == 1.56
    finally:
        conn.close()


def test_batch_footprint_and_limits(live_server: str) -> None:
    job = {"energy_kwh": 10, "location": "DE", "year": 2024}
    r = requests.post(f"{live_server}/v1/footprints", json={"jobs": [job] * 1000}, timeout=30)
    body = r.json()
    assert (r.status_code, body["count"], body["failed"]) == (200, 1000, 0)
    assert body["results"][0]["result"]["grid_intensity"] == 342.06
    too_many = requests.post(
        f"{live_server}/v1/footprints", json={"jobs": [job] * 1001}, timeout=30
    )
    assert too_many.status_code == 413
    assert too_many.headers["Content-Type"].startswith("application/problem+json")
    assert too_many.json()["type"].endswith("/batch-too-large")
    huge = requests.post(
        f"{live_server}/v1/footprint",
        data=b"[" + b"1," * (1024 * 1024) + b"1]",
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert huge.status_code == 413
    assert huge.json()["type"].endswith("/payload-too-large")


def test_unknown_route_and_method_over_the_wire(live_server: str) -> None:
    r = requests.get(f"{live_server}/v2/anything", timeout=5)
    assert (r.status_code, r.json()["type"].rsplit("/", 1)[1]) == (404, "not-found")
    r = requests.delete(f"{live_server}/v1/zones", timeout=5)
    assert (r.status_code, r.json()["type"].rsplit("/", 1)[1]) == (405, "method-not-allowed")
