"""One error shape on every error path: RFC 9457 problem+json with a documented type.

``api`` already checks the shape of every 4xx/5xx it sees (``assert_problem``); each case
here also pins the status and the type, so a path cannot silently change its answer.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from .conftest import PROBLEM_BASE, ContractClient, assert_problem

JOB = {"hardware": [{"model": "nvidia-a100-sxm4-80gb", "count": 1}], "hours": 1, "location": "FR"}

CASES: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("GET", "/nope", {}, 404, "not-found"),
    ("GET", "/v1/nope", {}, 404, "not-found"),
    ("DELETE", "/v1/factors", {}, 405, "method-not-allowed"),
    ("PUT", "/v1/footprint", {}, 405, "method-not-allowed"),
    ("DELETE", "/v1/footprint", {}, 405, "method-not-allowed"),
    ("GET", "/v1/footprint", {}, 400, "invalid-parameter"),
    ("GET", "/v1/footprint?job=%7Bnot-json", {}, 400, "invalid-parameter"),
    ("GET", "/v1/footprint?job=%7B%22hours%22%3A1%7D", {}, 422, "invalid-input"),
    ("GET", "/v1/factors?bogus=1", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?limit=0", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?limit=abc", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?kind=nope", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?kind=pue&kind=power", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?cursor=garbage", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?q=" + "x" * 201, {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?version=" + "9" * 33, {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors?version=1999.01", {}, 404, "unknown-version"),
    ("GET", "/v1/versions/1999.01", {}, 404, "unknown-version"),
    ("GET", "/v1/health?x=" + "a" * 5000, {}, 414, "uri-too-long"),
    ("GET", "/v1/versions/2026.02/changes", {}, 400, "invalid-parameter"),
    ("GET", "/v1/versions/2026.02/changes?from=2026.02", {}, 400, "invalid-parameter"),
    ("GET", "/v1/versions/2026.02/changes?from=1999.01", {}, 404, "unknown-version"),
    ("GET", "/v1/versions/2026.02?version=2026.01", {}, 400, "invalid-parameter"),
    ("GET", "/v1/factors/grid_intensity:XX:2023:nobody", {}, 404, "factor-not-found"),
    ("GET", "/v1/factors/" + "x" * 400, {}, 404, "factor-not-found"),
    ("GET", "/v1/zones/ATLANTIS", {}, 404, "zone-not-found"),
    ("GET", "/v1/zones/ATLANTIS/grid-intensity", {}, 404, "zone-not-found"),
    ("GET", "/v1/zones/FR/grid-intensity?year=2001", {}, 404, "factor-not-found"),
    ("GET", "/v1/zones/FR/grid-intensity?basis=marginal", {}, 404, "factor-not-found"),
    ("GET", "/v1/zones/FR/grid-intensity?basis=nope", {}, 400, "invalid-parameter"),
    ("GET", "/v1/pue/nobody", {}, 404, "operator-not-found"),
    ("GET", "/v1/pue/industry?year=2010", {}, 404, "factor-not-found"),
    ("GET", "/v1/hardware/quantum-toaster-9000", {}, 404, "hardware-not-found"),
    ("GET", "/v1/hardware?category=abacus", {}, 400, "invalid-parameter"),
    ("GET", "/v1/sources/nobody", {}, 404, "source-not-found"),
    (
        "POST",
        "/v1/footprint",
        {"data": "{not json", "content_type": "application/json"},
        400,
        "malformed-json",
    ),
    (
        "POST",
        "/v1/footprint",
        {"data": '{"hours": NaN}', "content_type": "application/json"},
        400,
        "malformed-json",
    ),
    (
        "POST",
        "/v1/footprint",
        {"data": "[" * 100000 + "]" * 100000, "content_type": "application/json"},
        400,
        "malformed-json",
    ),
    (
        "POST",
        "/v1/footprint",
        {"data": json.dumps(JOB), "content_type": "text/plain"},
        415,
        "unsupported-media-type",
    ),
    ("POST", "/v1/footprint", {"data": json.dumps(JOB)}, 415, "unsupported-media-type"),
    (
        "POST",
        "/v1/footprint",
        {"data": "x" * (2 * 1024 * 1024 + 1), "content_type": "application/json"},
        413,
        "payload-too-large",
    ),
    ("POST", "/v1/footprint", {"json": {"hours": 1}}, 422, "invalid-input"),
    ("POST", "/v1/footprint", {"json": [1, 2]}, 422, "invalid-input"),
    ("POST", "/v1/footprint", {"json": {**JOB, "location": "ATLANTIS"}}, 404, "zone-not-found"),
    (
        "POST",
        "/v1/footprint",
        {"json": {**JOB, "hardware": [{"model": "abacus"}]}},
        404,
        "hardware-not-found",
    ),
    (
        "POST",
        "/v1/footprint",
        {"json": {**JOB, "hardware": [{"model": "HGX H100 SXM5"}]}},
        422,
        "ambiguous-name",
    ),
    ("POST", "/v1/footprint?version=1999.01", {"json": JOB}, 404, "unknown-version"),
    ("POST", "/v1/footprint?bogus=1", {"json": JOB}, 400, "invalid-parameter"),
    ("POST", "/v1/footprints", {"json": [JOB]}, 422, "invalid-body"),
    ("POST", "/v1/footprints", {"json": {"jobs": JOB}}, 422, "invalid-body"),
    ("POST", "/v1/footprints", {"json": {"jobs": [], "extra": 1}}, 422, "invalid-body"),
    ("POST", "/v1/footprints", {"json": {"jobs": [JOB] * 1001}}, 413, "batch-too-large"),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "slug"), CASES)
def test_error_shape(
    api: ContractClient, method: str, url: str, kwargs: dict[str, Any], status: int, slug: str
) -> None:
    r = api.open(url, method=method, **kwargs)
    assert r.status_code == status, r.get_data(as_text=True)[:500]
    body = r.get_json()
    assert body["type"] == PROBLEM_BASE + slug


def test_invalid_parameter_names_each_field(api: ContractClient) -> None:
    r = api.get("/v1/factors?limit=0&bogus=1&year=abc")
    assert set(r.get_json()["errors"]) == {"limit", "bogus", "year"}
    assert r.get_json()["errors"]["bogus"] == ["unknown parameter"]


def test_job_errors_name_the_field_path(api: ContractClient) -> None:
    bad = {**JOB, "hardware": [{"model": "nvidia-a100-sxm4-80gb", "utilization": 2}]}
    body = api.post("/v1/footprint", json=bad).get_json()
    assert list(body["errors"]) == ["hardware[0].utilization"]


def test_a_refused_hardware_name_says_what_it_could_mean(api: ContractClient) -> None:
    # A system name (HGX) never resolves to one chip: refused, with "did you mean".
    job = {**JOB, "hardware": [{"model": "HGX H100 SXM5", "count": 1}]}
    body = api.post("/v1/footprint", json=job).get_json()
    assert body["candidates"][0] == "nvidia-h100-sxm5-80gb"
    assert list(body["errors"]) == ["hardware[0].model"]
    body = api.get("/v1/hardware/H100%20SXM6").get_json()
    assert body["type"] == PROBLEM_BASE + "hardware-not-found"
    assert "nvidia-h100-sxm5-80gb" in body["candidates"]
    batch = api.post("/v1/footprints", json={"jobs": [job]}).get_json()
    assert batch["results"][0]["error"]["candidates"][0] == "nvidia-h100-sxm5-80gb"


def test_method_not_allowed_lists_allowed_methods(api: ContractClient) -> None:
    r = api.open("/v1/factors", method="DELETE")
    assert "GET" in r.headers["Allow"]


def test_batch_too_large_says_the_limit(api: ContractClient) -> None:
    body = api.post("/v1/footprints", json={"jobs": [JOB] * 1001}).get_json()
    assert (body["limit"], body["received"]) == (1000, 1001)


def test_uncaught_exception_is_a_problem_not_a_traceback(
    app: Flask, api: ContractClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carbonfactors_service import versioning

    def boom(*_a: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(versioning, "requested", boom)
    app.testing = False  # let the handler answer instead of re-raising
    r = api.get("/v1/factors/grid_intensity:FR:2023:ember-owid")
    assert r.status_code == 500
    body = assert_problem(r, api.spec)
    assert body["type"] == PROBLEM_BASE + "internal-error"
    assert "secret" not in r.get_data(as_text=True)


def test_every_documented_problem_type_is_reachable_here(api: ContractClient) -> None:
    """Keep the documented list honest: each type is produced by a case above (or listed)."""
    produced = {c[4] for c in CASES} | {"internal-error"}
    not_produced_by_this_app = {
        "bad-request",
        "not-acceptable",
        "invalid-body",
        "too-many-requests",  # a rate limiter in front of the service (clients retry it)
    } - produced
    documented = set(api.spec["x-problem-types"])
    assert documented - produced - not_produced_by_this_app == set()
