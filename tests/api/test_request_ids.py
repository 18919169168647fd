"""Request ids and the one problem builder.

Every response carries ``X-Request-Id`` (also the fast path's replayed answers, 304s, HTML
pages and errors); a problem document repeats it as ``request_id``; the access log records
it. A failed batch item is built by the same builder as the error of a single request, so
it echoes no more of what the client sent than a single request would.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient

from carbonfactors.errors import MAX_ECHO
from liveserver import Server

from .conftest import ContractClient, assert_problem

FACTOR = "/v1/factors/grid_intensity:FR:2023:ember-owid?version=2026.02"
ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.parametrize(
    "url",
    [
        "/v1/health",
        FACTOR,
        "/v1/zones?q=france",
        "/v1/factors/nope",
        "/v1/no-such-route",
        "/v1/openapi.yaml",
        "/",
    ],
)
def test_every_response_carries_its_own_request_id(client: FlaskClient, url: str) -> None:
    first, second = client.get(url), client.get(url)  # the second may come from the fast path
    ids = first.headers.get("X-Request-Id"), second.headers.get("X-Request-Id")
    assert all(i and ID.match(i) for i in ids), ids
    assert ids[0] != ids[1]


def test_a_304_and_a_post_carry_one_too(api: ContractClient) -> None:
    etag = api.get(FACTOR).headers["ETag"]
    assert api.get(FACTOR, headers={"If-None-Match": etag}).headers["X-Request-Id"]
    resp = api.post("/v1/footprint", json={"energy_kwh": 1, "location": "FR"})
    assert resp.status_code == 200 and resp.headers["X-Request-Id"]


def test_a_problem_repeats_the_id_of_its_response(
    api: ContractClient, spec_dict: dict[str, Any]
) -> None:
    resp = api.get("/v1/zones/ATLANTIS")
    body = assert_problem(resp, spec_dict)
    assert body["request_id"] == resp.headers["X-Request-Id"]


@pytest.mark.parametrize(
    "given, kept",
    [("abc-123.x:y_Z", True), ("a" * 64, True), ("a" * 65, False), ("no spaces", False)],
)
def test_a_callers_id_is_kept_when_it_is_a_short_token(
    api: ContractClient, given: str, kept: bool
) -> None:
    resp = api.get("/v1/factors/nope", headers={"X-Request-Id": given})
    sent = resp.headers["X-Request-Id"]
    assert (sent == given) is kept
    assert resp.get_json()["request_id"] == sent


def test_a_batch_item_echoes_no_more_than_a_single_request(api: ContractClient) -> None:
    job = {"hardware": [{"model": "x" * 200_000, "count": 1}], "hours": 1, "location": "FR"}
    single = api.post("/v1/footprint", json=job)
    batch = api.post("/v1/footprints", json={"jobs": [job, job]})
    item = batch.get_json()["results"][0]["error"]
    alone = single.get_json()
    assert len(batch.get_data()) < 4 * MAX_ECHO * 2 + 2000  # two items, a few short texts
    for key in ("type", "title", "status", "detail", "errors", "candidates"):
        assert item.get(key) == alone.get(key), key
    assert len(item["detail"]) <= MAX_ECHO


@pytest.mark.slow
def test_the_access_log_records_the_request_id(built_db: Path) -> None:
    with Server(built_db, workers=1, env={"CARBONFACTORS_ACCESS_LOG": "-"}) as server:
        resp = requests.get(server.url + "/v1/factors/nope", timeout=10)
        rid = resp.headers["X-Request-Id"]
        assert resp.json()["request_id"] == rid
        given = requests.get(
            server.url + "/v1/health", headers={"X-Request-Id": "trace-42"}, timeout=10
        )
        assert given.headers["X-Request-Id"] == "trace-42"
        for _ in range(50):  # the log is written by another process
            log = server.log_text()
            if rid in log and "trace-42" in log:
                break
            time.sleep(0.1)
    lines = [line for line in log.splitlines() if rid in line]
    assert lines and '"GET /v1/factors/nope HTTP/1.1" 404' in lines[0]
    assert any("trace-42" in line and "/v1/health" in line for line in log.splitlines())
