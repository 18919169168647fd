"""``GET /v1/zones/{zone}/grid-intensity/series`` and timed footprints over HTTP.

Every response is held to openapi.yaml by the API tests' ContractClient, on a real SQLite
build of the series fixture tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from openapi_core import Config, OpenAPI

import carbonfactors as cf
from api.conftest import SPEC_PATH, ContractClient
from carbonfactors import Dataset
from carbonfactors_pipeline.build import build_database
from carbonfactors_pipeline.validate import validate_tree
from carbonfactors_service import create_app

from .conftest import upstream_rows

URL = "/v1/zones/{}/grid-intensity/series"


@pytest.fixture(scope="module")
def api(series_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ContractClient]:
    res = validate_tree(series_tree)
    out = tmp_path_factory.mktemp("db") / "series.db"
    build_database(series_tree, res.snapshot, out)
    app = create_app({"DATABASE": str(out), "TESTING": True})
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    yield ContractClient(
        app.test_client(), OpenAPI.from_file_path(str(SPEC_PATH), config=config), spec
    )


def test_points_of_a_window(api: ContractClient) -> None:
    r = api.get(
        URL.format("GB"),
        query_string={
            "version": "dev",
            "start": "2023-06-07T00:00:00Z",
            "end": "2023-06-08T00:00:00Z",
        },
    )
    assert r.status_code == 200
    body = r.get_json()
    assert body["count"] == 48 and len(body["points"]) == 48 and body["next_cursor"] is None
    rows = upstream_rows()
    first = body["points"][2]
    assert first == {
        "time": "2023-06-07T01:00:00Z",
        "value": rows["2023-06-07 01:00:00+00:00"][0],
        "flag": "measured",
    }
    glitch = [p for p in body["points"] if p["time"] == "2023-06-07T10:00:00Z"][0]
    assert glitch["flag"] == "estimated" and glitch["value"] == rows["2023-06-07 10:00:00+00:00"][1]
    s = body["series"][0]
    assert (s["gas"], s["basis"], s["license"], s["unit"]) == (
        "CO2",
        "direct",
        "CC-BY-4.0",
        "gCO2/kWh",
    )
    assert "CO2 only" in body["caveat"]
    assert r.headers["ETag"] and r.headers["X-Dataset-Version"] == "dev"
    again = api.get(
        URL.format("GB"),
        query_string={
            "version": "dev",
            "start": "2023-06-07T00:00:00Z",
            "end": "2023-06-08T00:00:00Z",
        },
        headers={"If-None-Match": r.headers["ETag"]},
    )
    assert again.status_code == 304


def test_pages_and_cloud_region(api: ContractClient) -> None:
    q = {
        "version": "dev",
        "start": "2023-10-20T21:00:00Z",
        "end": "2023-10-21T00:00:00Z",
        "limit": 4,
    }
    r = api.get(URL.format("gcp:europe-west2"), query_string=q)
    body = r.get_json()
    assert body["resolved_zone"] == "GB" and body["count"] == 6
    assert [p["flag"] for p in body["points"]] == ["measured", "measured", "missing", "missing"]
    assert body["covered_share"] == pytest.approx(2 / 6)
    r2 = api.get(URL.format("gcp:europe-west2"), query_string=dict(q, cursor=body["next_cursor"]))
    assert [p["time"] for p in r2.get_json()["points"]] == [
        "2023-10-20T23:00:00Z",
        "2023-10-20T23:30:00Z",
    ]
    assert r2.get_json()["next_cursor"] is None


@pytest.mark.parametrize(
    ("zone", "query", "status", "field"),
    [
        ("FR", {}, 404, "zone"),
        ("Atlantis", {}, 404, None),
        ("GB", {"start": "tomorrow"}, 400, "start"),
        ("GB", {"start": "2023-06-07T02:00:00Z", "end": "2023-06-07T01:00:00Z"}, 400, "end"),
        ("GB", {"cursor": "bogus"}, 400, "cursor"),
        ("GB", {"limit": 0}, 400, "limit"),
    ],
)
def test_errors_are_problems(
    api: ContractClient, zone: str, query: dict, status: int, field: str | None
) -> None:
    r = api.get(URL.format(zone), query_string=dict(query, version="dev"))
    assert r.status_code == status
    if field:
        assert field in r.get_json()["errors"]


def test_timed_footprint_over_http_equals_the_sdk(api: ContractClient, series_tree: Path) -> None:
    job = {
        "hardware": [{"power_w": 10_000.0}],
        "location": "GB",
        "basis": "direct",
        "pue": 1.0,
        "include_embodied": False,
        "start": "2023-06-07T01:00:00Z",
        "end": "2023-06-07T03:00:00Z",
        "ownership": "cloud",
        "market": {"instruments": [{"share": 1, "factor": 0}]},
    }
    r = api.post("/v1/footprint?version=dev", json=job)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    ds = Dataset.from_snapshot(validate_tree(series_tree).snapshot, version="dev")
    local = json.loads(json.dumps(cf.footprint(job, dataset=ds).to_dict()))
    for label in ("bundle", "bundle_sha256"):  # the service labels its own bundle build
        body.pop(label, None), local.pop(label, None)
    assert body == local
    assert body["temporal_resolution"] == "PT30M" and body["market_based_kgco2e"] == 0.0
    bad = api.post("/v1/footprint?version=dev", json=dict(job, start="2023-06-07T01:00:00"))
    assert bad.status_code == 422 and "start" in bad.get_json()["errors"]
