"""Licences over HTTP: SPDX filters, bundles, the licence manifest and the NOTICE.

The fixture tree's releases (2026.01, 2026.02) still carry the free-text licences of
before 2026.12; ``dev`` carries SPDX ids: both must answer the same filters.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest

from api.conftest import ContractClient
from carbonfactors_pipeline import licensing as licenses


@pytest.mark.parametrize("version", ["dev", "2026.02"])
@pytest.mark.parametrize("spelling", ["ODbL-1.0", "ODbL 1.0", "odbl-1.0"])
def test_license_filter_takes_the_spdx_id_and_common_spellings(
    api: ContractClient, version: str, spelling: str
) -> None:
    sources = api.get(f"/v1/sources?license={spelling}&version={version}").get_json()["items"]
    assert {s["id"] for s in sources} == {"boavizta-pcf", "electricitymaps-yearly"}
    assert {s["license"] for s in sources} == {"ODbL-1.0"}
    factors = api.get(f"/v1/factors?license={spelling}&version={version}&limit=1000")
    items = factors.get_json()["items"]
    assert items and {f["license"] for f in items} == {"ODbL-1.0"}
    assert {f["source"] for f in items} == {"boavizta-pcf", "electricitymaps-yearly"}


def test_sources_carry_attribution(api: ContractClient) -> None:
    items = api.get("/v1/sources?version=dev").get_json()["items"]
    for s in items:
        assert s["attribution"] == licenses.attribution(s)
        assert s["license"] in licenses.LICENSES


@pytest.mark.parametrize("version", ["dev", "2026.02"])
@pytest.mark.parametrize("bundle", licenses.BUNDLES)
def test_every_licence_of_a_bundle_is_in_its_notice(
    api: ContractClient, version: str, bundle: str
) -> None:
    manifest = api.get(f"/v1/versions/{version}/licenses?bundle={bundle}").get_json()
    notice = api.get(f"/v1/versions/{version}/notice?bundle={bundle}")
    assert notice.headers["Content-Type"].startswith("text/plain")
    text = notice.get_data(as_text=True)
    body = api.get(f"/v1/versions/{version}/snapshot?bundle={bundle}").get_data()
    snapshot = json.loads(body)
    in_bundle = set(licenses.licenses_in(snapshot))
    assert in_bundle == {lic["license"] for lic in manifest["licenses"] if lic["factor_count"]}
    for lic in in_bundle:
        assert f"== {lic} " in text
    for src in manifest["sources"]:
        assert src["attribution"] in text
    assert manifest["factor_count"] == len(snapshot["factors"])
    # Per licence, every factor once; per source, every factor deriving from it.
    assert sum(lic["factor_count"] for lic in manifest["licenses"]) == len(snapshot["factors"])
    assert sum(s["factor_count"] for s in manifest["sources"]) >= len(snapshot["factors"])


def test_open_bundle_is_attribution_only_and_full_adds_share_alike(api: ContractClient) -> None:
    parts = {}
    for bundle in licenses.BUNDLES:
        r = api.get(
            f"/v1/versions/dev/snapshot?bundle={bundle}", headers={"Accept-Encoding": "gzip"}
        )
        text = gzip.decompress(r.get_data())
        assert r.headers["X-Snapshot-SHA256"] == hashlib.sha256(text).hexdigest()
        assert r.headers["X-Snapshot-Bundle"] == bundle
        parts[bundle] = json.loads(text)
        assert parts[bundle]["bundle"] == bundle
    open_licences = set(licenses.licenses_in(parts["open"]))
    assert all(licenses.tier(lic) == "open" for lic in open_licences)
    full_licences = set(licenses.licenses_in(parts["full"]))
    assert all(licenses.tier(lic) is not None for lic in full_licences)
    ids = lambda s: {f["id"] for f in s["factors"]}  # noqa: E731
    assert ids(parts["open"]) < ids(parts["full"])
    assert any(f["source"] == "electricitymaps-yearly" for f in parts["full"]["factors"])
    assert not any(f["source"] == "electricitymaps-yearly" for f in parts["open"]["factors"])


def test_unknown_bundle_is_a_problem(api: ContractClient) -> None:
    r = api.get("/v1/versions/dev/licenses?bundle=everything")
    assert r.status_code == 400
    assert "bundle" in r.get_json()["errors"]


def test_pue_list_and_resolved_view_give_one_answer(api: ContractClient) -> None:
    """``latest`` in /v1/pue is what /v1/pue/<operator> resolves, for every operator."""
    for version in ("dev", "2026.02"):
        items = api.get(f"/v1/pue?version={version}").get_json()["items"]
        assert items
        for op in items:
            r = api.get(f"/v1/pue/{op['id']}?version={version}")
            if op["latest"] is None:
                assert r.status_code == 404
                continue
            assert r.get_json()["factor"] == op["latest"], op["id"]
