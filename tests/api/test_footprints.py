"""POST /footprint and /footprints: the SDK engine over HTTP, same numbers everywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import carbonfactors
from carbonfactors import snapshot as snap
from carbonfactors.dataset import Dataset

from .conftest import PROBLEM_BASE, ROOT, ContractClient

#: The installed console script, as users run it.
CLI = str(Path(sys.executable).parent / "carbonfactors")
SNAPSHOT = ROOT / "tests" / "fixtures" / "factors" / "releases" / "2026.02.json"

JOB: dict[str, Any] = {
    "hardware": [{"model": "A100 SXM4 80GB", "count": 8, "utilization": 0.9}],
    "hours": 72,
    "location": "gcp:europe-west1",
    "year": 2023,
}
INSTANCE_JOB: dict[str, Any] = {
    "hardware": [{"model": "aws:p4d.24xlarge", "utilization": 0.5}],
    "hours": 10,
    "location": "aws:us-east-1",
    "functional_units": 1000,
}


def test_one_footprint(api: ContractClient) -> None:
    r = api.post("/v1/footprint?version=2026.02", json=JOB)
    assert r.status_code == 200
    body = r.get_json()
    assert body["dataset_version"] == "2026.02"
    assert r.headers["X-Dataset-Version"] == "2026.02"
    # 8 x 400 W x 0.9 x 72 h = 207.36 kWh; BE grid 2023. Google's PUE figures are for 2024
    # and 2025, never used for 2023: the industry average of 2023 applies.
    assert body["energy_kwh"] == 207.36
    assert body["pue"] == 1.58
    assert body["grid_intensity"] == 134.91486
    roles = {f["role"]: f for f in body["factors"]}
    assert roles["grid_intensity"]["id"] == "grid_intensity:BE:2023:ember-owid"


def test_same_job_same_numbers_in_python_cli_and_http(api: ContractClient, tmp_path: Path) -> None:
    for job in (JOB, INSTANCE_JOB):
        ds = Dataset.from_snapshot(snap.read(SNAPSHOT))
        python = carbonfactors.footprint(job, dataset=ds).to_dict()
        job_file = tmp_path / "job.json"
        job_file.write_text(json.dumps(job), encoding="utf-8")
        cli = subprocess.run(
            [CLI, "footprint", str(job_file), "--dataset", str(SNAPSHOT)],
            capture_output=True,
            text=True,
            check=True,
        )
        http = api.post("/v1/footprint?version=2026.02", json=job).get_json()
        assert json.loads(cli.stdout) == python
        assert http == python


def test_get_with_the_job_in_the_query_answers_as_post(api: ContractClient) -> None:
    for job in (JOB, INSTANCE_JOB):
        posted = api.post("/v1/footprint?version=2026.01", json=job)
        got = api.get("/v1/footprint", query_string={"version": "2026.01", "job": json.dumps(job)})
        assert got.status_code == 200
        assert got.get_json() == posted.get_json()
        # A pinned footprint is a pure function of the version: cacheable like any GET.
        assert "immutable" in got.headers["Cache-Control"]


def test_get_footprint_refuses_a_job_too_long_for_a_link(api: ContractClient) -> None:
    job = json.dumps({**JOB, "location": "x" * 4000})
    r = api.get("/v1/footprint", query_string={"job": job})
    assert r.status_code == 400
    assert list(r.get_json()["errors"]) == ["job"]


def test_batch_keeps_order_and_reports_each_error(api: ContractClient) -> None:
    jobs = [JOB, {"hours": 1}, INSTANCE_JOB, "not a job", {**JOB, "location": "ATLANTIS"}]
    body = api.post("/v1/footprints", json={"jobs": jobs}).get_json()
    assert (body["count"], body["failed"]) == (5, 3)
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3, 4]
    assert [r["ok"] for r in body["results"]] == [True, False, True, False, False]
    assert list(body["results"][1]["error"]["errors"]) == ["hardware"]
    # The same unknown zone as GET /v1/zones/ATLANTIS: same type, same status.
    assert body["results"][4]["error"]["type"] == PROBLEM_BASE + "zone-not-found"
    assert body["results"][4]["error"]["status"] == 404
    single = api.post("/v1/footprint", json=INSTANCE_JOB).get_json()
    assert body["results"][2]["result"] == single


def test_batch_of_the_maximum_size(api: ContractClient) -> None:
    jobs = [{**JOB, "hours": h + 1} for h in range(1000)]
    body = api.post("/v1/footprints", json={"jobs": jobs}).get_json()
    assert (body["count"], body["failed"]) == (1000, 0)
    assert body["results"][999]["result"]["job"]["hours"] == 1000


def test_empty_batch(api: ContractClient) -> None:
    body = api.post("/v1/footprints", json={"jobs": []}).get_json()
    assert body == {
        "dataset_version": "2026.02",
        "bundle": "full",
        "bundle_sha256": body["bundle_sha256"],
        "count": 0,
        "failed": 0,
        "results": [],
    }
    # A release cut before bundles: its full bundle is the release itself.
    release = api.get("/v1/versions/2026.02").get_json()
    assert body["bundle_sha256"] == release["sha256"]


def test_energy_basis_and_caveats_over_http(api: ContractClient) -> None:
    """Issue 20 classes 1 and 7 over HTTP: the energy basis is taken and echoed, caveats are
    listed, a bad energy_basis is a 422 naming the field."""
    job = {"energy_kwh": 1100.0, "energy_basis": "facility", "location": "FR", "year": 2031}
    r = api.post("/v1/footprint?version=2026.02", json=job)
    assert r.status_code == 200
    body = r.get_json()
    assert body["energy_basis"] == "facility"
    assert body["facility_energy_kwh"] == 1100.0
    assert body["energy_kwh"] == 1100.0 / body["pue"]
    assert any(w.startswith("grid_intensity: YEAR BEYOND DATA") for w in body["warnings"])
    assert any(w.startswith("pue: INDUSTRY PUE") for w in body["warnings"])
    bad = api.post("/v1/footprint?version=2026.02", json={**job, "energy_basis": "meter"})
    assert bad.status_code == 422
    assert bad.content_type == "application/problem+json"
    assert "energy_basis" in bad.get_json()["errors"]
