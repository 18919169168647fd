"""Every not-found says what to type instead (issue 22, item 1), through the real server.

Locations (provider-less region codes, typos, common aliases), operators, hardware,
sources, factors, versions and API routes each answer a problem whose ``candidates`` and
``detail`` name what the user meant; ``/v1`` is an index; 405 and 413 say what to do.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from carbonfactors import suggest

from .conftest import ContractClient, assert_problem

JOB = {"hardware": [{"model": "nvidia-a100-sxm4-80gb", "count": 1}], "hours": 1}

NOT_FOUND: list[tuple[str, str, str]] = [
    ("/v1/zones/us-east-1", "zone-not-found", "aws:us-east-1"),
    ("/v1/zones/europe-west1/grid-intensity", "zone-not-found", "gcp:europe-west1"),
    ("/v1/zones/Germny", "zone-not-found", "DE"),
    ("/v1/zones/Frnace", "zone-not-found", "FR"),
    ("/v1/zones/America", "zone-not-found", "US"),
    ("/v1/pue/amazon", "operator-not-found", "aws"),
    ("/v1/pue/gogle", "operator-not-found", "google"),
    ("/v1/sources/ember", "source-not-found", "ember-owid"),
    ("/v1/hardware/A10O", "hardware-not-found", "nvidia-a100-sxm4-80gb"),
    ("/v1/factors?version=2026.2", "unknown-version", "2026.02"),
    ("/v1/zone/FR", "not-found", "/v1/zones/{zone}"),
    ("/v1/hardwares", "not-found", "/v1/hardware"),
]


@pytest.mark.parametrize(("path", "type_", "meant"), NOT_FOUND)
def test_not_found_suggests_what_to_type(
    live_server: str, spec_dict: dict[str, Any], path: str, type_: str, meant: str
) -> None:
    resp = requests.get(live_server + path, timeout=30)
    body = assert_problem(resp, spec_dict)
    assert body["type"].endswith("/" + type_), body
    assert meant in body["candidates"], body
    assert "did you mean" in body["detail"] and meant in body["detail"], body


def test_a_footprint_with_a_region_code_suggests_the_region(api: ContractClient) -> None:
    resp = api.post("/v1/footprint", json={**JOB, "location": "eu-west-3"})
    body = resp.get_json()
    assert resp.status_code == 404 and body["type"].endswith("/zone-not-found"), body
    assert body["candidates"][0] == "aws:eu-west-3"
    assert "Type one of them as location" in body["detail"]


def test_a_footprint_with_an_unknown_operator_suggests_it(api: ContractClient) -> None:
    resp = api.post("/v1/footprint", json={**JOB, "location": "FR", "pue": "amazon"})
    body = resp.get_json()
    assert resp.status_code == 404 and body["type"].endswith("/operator-not-found"), body
    assert body["candidates"] == ["aws"]


def test_nothing_close_means_no_candidates(api: ContractClient) -> None:
    body = api.get("/v1/zones/QQQQQQQQ").get_json()
    assert "candidates" not in body and "did you mean" not in body["detail"]


def test_v1_is_an_index_of_the_contract(api: ContractClient, spec_dict: dict[str, Any]) -> None:
    resp = api.get("/v1")
    assert resp.status_code == 200
    body = resp.get_json()
    listed = {(r["method"], r["path"]) for r in body["resources"]}
    documented = {
        (m.upper(), p)
        for p, item in spec_dict["paths"].items()
        for m in item
        if m in ("get", "post")
    }
    assert listed == documented
    assert api.get(body["docs"]).status_code == 200


def test_405_names_the_allowed_methods(live_server: str, spec_dict: dict[str, Any]) -> None:
    resp = requests.delete(live_server + "/v1/zones", timeout=30)
    body = assert_problem(resp, spec_dict)
    assert resp.status_code == 405 and "use GET" in body["detail"]
    assert "GET" in resp.headers["Allow"]


def test_413_gives_the_limit_and_how_to_split(live_server: str, spec_dict: dict[str, Any]) -> None:
    resp = requests.post(
        live_server + "/v1/footprints",
        data=b"[" + b" " * (3 * 2**20) + b"]",
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    body = assert_problem(resp, spec_dict)
    assert resp.status_code == 413
    assert body["limit"] == 2 * 2**20
    assert "2,097,152 bytes" in body["detail"] and "split the jobs" in body["detail"]


def test_unknown_api_route_is_a_problem_not_html(live_server: str) -> None:
    resp = requests.get(live_server + "/v1/nothing/here", timeout=30)
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert "GET /v1 lists every resource" in resp.json()["detail"]


def test_an_unknown_page_is_html_for_a_browser_and_a_problem_for_a_script(
    live_server: str,
) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    resp = requests.get(live_server + "/search?q=h100", headers=browser, timeout=30)
    assert resp.status_code == 404 and resp.headers["Content-Type"].startswith("text/html")
    assert "no page &#39;/search&#39;" in resp.text and 'role="search"' in resp.text
    script = requests.get(live_server + "/search?q=h100", timeout=30)
    assert script.headers["Content-Type"].startswith("application/problem+json")
    # an API path stays JSON whatever the client accepts
    api = requests.get(live_server + "/v1/nothing", headers=browser, timeout=30)
    assert api.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("typed", "names", "meant"),
    [
        ("UK", {"GB": ("United Kingdom",), "UA": ("Ukraine",)}, "GB"),
        ("us-east-1", {"aws:us-east-1": (), "aws:us-east-2": ()}, "aws:us-east-1"),
        ("amazon", {"aws": ("Amazon Web Services",), "azure": ("Microsoft Azure",)}, "aws"),
        ("Germny", {"DE": ("Germany",), "GR": ("Greece",)}, "DE"),
    ],
)
def test_suggest_ranks_the_meant_id_first(
    typed: str, names: dict[str, tuple[str, ...]], meant: str
) -> None:
    assert suggest.candidates(typed, names)[0] == meant


def test_the_client_and_the_offline_sdk_suggest_the_same(live_server: str, tmp_path: Any) -> None:
    """The same typo gets the same "did you mean" online (Client) and offline (Dataset)."""
    from pathlib import Path

    import carbonfactors as cf
    from carbonfactors.dataset import forget_loaded

    root = Path(__file__).resolve().parents[2]
    forget_loaded()
    try:
        client = cf.Client(live_server, version="2026.02", cache_dir=tmp_path, strict=True)
        with pytest.raises(cf.ZoneNotFound) as online:
            client.grid_intensity("eu-west-3")
        ds = cf.load_dataset(root / "tests/fixtures/factors/releases/2026.02.json")
        with pytest.raises(cf.ZoneNotFound) as offline:
            ds.zone("eu-west-3")
    finally:
        forget_loaded()
    assert online.value.candidates[0] == offline.value.candidates[0] == "aws:eu-west-3"


def test_offline_factor_and_operator_lookups_suggest() -> None:
    from pathlib import Path

    import carbonfactors as cf

    root = Path(__file__).resolve().parents[2]
    ds = cf.load_dataset(root / "tests/fixtures/factors/releases/2026.02.json")
    with pytest.raises(cf.FactorNotFound) as err:
        ds.factor("grid_intensity:FR:2032:ember-owid")
    assert err.value.candidates and all(
        c.startswith("grid_intensity:FR:") for c in err.value.candidates
    )
    assert "did you mean" in err.value.message
    with pytest.raises(cf.OperatorNotFound) as op:
        cf.footprint({"energy_kwh": 1, "location": "FR", "pue": "gogle"}, dataset=ds)
    assert op.value.candidates[0] == "google" and op.value.field == "pue"


def test_an_id_with_a_slash_names_what_lives_under_it(live_server: str) -> None:
    """``/v1/zones/FR/nope``: the zone route takes every segment, so the 404 is about the
    zone 'FR/nope'; it says what exists under 'FR' instead of leaving the user guessing."""
    resp = requests.get(live_server + "/v1/zones/FR/nope", timeout=30)
    assert resp.status_code == 404
    detail = resp.json()["detail"]
    assert "'nope' is nothing under zone 'FR'" in detail
    assert "/v1/zones/FR/grid-intensity" in detail


def test_an_operator_without_pue_says_what_to_type_never_none(tmp_path: Any) -> None:
    """Through the real CLI: no year asked, so the message says "in any year", not "in or
    before None", and names what to give instead."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    def factor(kind: str, subject: str, value: float, unit: str, **more: Any) -> dict[str, Any]:
        return {
            "id": f"{kind}:{subject}:2024:hand",
            "kind": kind,
            "subject": subject,
            "year": 2024,
            "value": value,
            "unit": unit,
            "source": "hand",
            **more,
        }

    snapshot = {
        "format": 1,
        "version": "test",
        "sources": [{"id": "hand", "priority": 10}],
        "zones": [{"id": "XX", "name": "Testland", "type": "country"}],
        "operators": [
            {"id": "industry", "name": "Industry", "type": "industry"},
            {"id": "opx", "name": "Operator X", "type": "operator"},
        ],
        "technologies": [],
        "hardware": [{"id": "gpu-x", "name": "GPU X", "category": "gpu"}],
        "factors": [
            factor("grid_intensity", "XX", 400.0, "gCO2e/kWh", basis="lifecycle"),
            factor("pue", "industry", 1.5, "dimensionless", basis="measured"),
            factor("power", "gpu-x", 400.0, "W", basis="tdp"),
        ],
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(snapshot))
    cli = str(Path(sys.executable).parent / "carbonfactors")
    args = ["footprint", "--model", "gpu-x", "--hours", "1", "--location", "XX", "--no-embodied"]
    run = subprocess.run(
        [cli, *args, "--pue", "opx", "--dataset", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "None" not in run.stderr and "Traceback" not in run.stderr
    assert "no PUE for 'opx' in any year" in run.stderr
    assert "give pue as a number, or 'industry'" in run.stderr


def test_a_misspelt_factor_id_suggests_it_from_its_own_subject(api: ContractClient) -> None:
    """The pool a factor 404 compares with is the ids sharing the longest known head of the
    unknown id, so the right id is found without comparing with every factor."""
    listed = api.get("/v1/factors?kind=power&limit=1").get_json()
    [item] = listed["items"]
    known = item["id"]
    body = api.get(f"/v1/factors/{known}x").get_json()
    assert body["type"].endswith("/factor-not-found"), body
    assert body["candidates"][0] == known, body
    kind, subject = known.split(":")[:2]
    body = api.get(f"/v1/factors/{kind}:{subject}:1999:no-such-source").get_json()
    assert body["candidates"] and all(c.startswith(f"{kind}:{subject}") for c in body["candidates"])
