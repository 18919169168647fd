"""HTTP caching and CORS: strong ETags and 304s, immutable pinned releases, short latest."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from .conftest import ContractClient

IMMUTABLE = "public, max-age=31536000, immutable"
LATEST = "public, max-age=60"

GETS = [
    "/v1/factors",
    "/v1/factors/grid_intensity:FR:2023:ember-owid",
    "/v1/zones",
    "/v1/zones/FR",
    "/v1/zones/gcp:europe-west1/grid-intensity",
    "/v1/pue",
    "/v1/pue/industry",
    "/v1/hardware",
    "/v1/hardware/H100 SXM",
    "/v1/sources",
    "/v1/sources/ember-owid",
]


@pytest.mark.parametrize("url", GETS)
def test_strong_etag_and_304_on_every_get(api: ContractClient, url: str) -> None:
    r = api.get(url)
    assert r.status_code == 200
    etag = r.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/"), etag
    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == r.headers["Cache-Control"]
    assert api.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("url", GETS)
def test_cache_lifetime_follows_the_version(api: ContractClient, url: str) -> None:
    sep = "&" if "?" in url else "?"
    assert api.get(url).headers["Cache-Control"] == LATEST
    pinned = api.get(f"{url}{sep}version=2026.01")
    assert pinned.headers["Cache-Control"] == IMMUTABLE
    assert pinned.headers["X-Dataset-Version"] == "2026.01"
    assert api.get(f"{url}{sep}version=dev").headers["Cache-Control"] == "no-cache"


def test_version_resources(api: ContractClient) -> None:
    assert api.get("/v1/versions/2026.01").headers["Cache-Control"] == IMMUTABLE
    assert api.get("/v1/versions/dev").headers["Cache-Control"] == "no-cache"
    assert api.get("/v1/versions").headers["Cache-Control"] == LATEST
    assert api.get("/v1/versions?version=2026.01").headers["Cache-Control"] == LATEST
    changes = "/v1/versions/2026.02/changes?from=2026.01"
    assert api.get(changes).headers["Cache-Control"] == IMMUTABLE
    assert api.get("/v1/versions/2026.02/changes?from=dev").headers["Cache-Control"] == "no-cache"
    assert api.get("/v1/health").headers["Cache-Control"] == "no-cache"


def test_errors_and_posts_are_not_cached(api: ContractClient) -> None:
    r = api.get("/v1/factors/nope?version=2026.01")
    assert r.headers["Cache-Control"] == "no-store"
    assert "ETag" not in r.headers
    job = {"energy_kwh": 1, "grid_intensity": 100}
    assert "ETag" not in api.post("/v1/footprint", json=job).headers


def test_snapshot_gzip_and_checksum(api: ContractClient) -> None:
    meta = api.get("/v1/versions/2026.02").get_json()
    zipped = api.get("/v1/versions/2026.02/snapshot", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    text = gzip.decompress(zipped.data)
    assert hashlib.sha256(text).hexdigest() == meta["sha256"] == zipped.headers["X-Snapshot-SHA256"]
    plain = api.get("/v1/versions/2026.02/snapshot")
    assert "Content-Encoding" not in plain.headers
    assert plain.data == text
    assert plain.headers["Cache-Control"] == IMMUTABLE
    refused = api.get("/v1/versions/2026.02/snapshot", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers
    assert zipped.headers["ETag"] != plain.headers["ETag"]


def test_cors(api: ContractClient) -> None:
    r = api.get("/v1/factors", headers={"Origin": "https://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in r.headers["Access-Control-Expose-Headers"]
    pre = api.open(
        "/v1/factors",
        method="OPTIONS",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 204
    assert "GET" in pre.headers["Access-Control-Allow-Methods"]
    assert api.get("/v1/nope").headers["Access-Control-Allow-Origin"] == "*"
