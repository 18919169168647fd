"""Licence-clean distribution: releases carry a manifest and NOTICE, the wheel's bundle
holds no share-alike data, and the SDK still computes common footprints from it offline.

Also the PUE answers of the real tree (primary figures first, scopes, fiscal years).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import carbonfactors
from carbonfactors import licenses
from carbonfactors import snapshot as snap
from carbonfactors.dataset import Dataset, load_dataset
from carbonfactors_pipeline.commands import bundle_into_sdk
from carbonfactors_pipeline.releases import cut_release, verify, write_sdk_bundle
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]


def test_a_release_writes_its_licence_manifest_and_notice(
    factors_copy: Path, tmp_path: Path
) -> None:
    dev = validate_tree(factors_copy).snapshot
    cut_release(factors_copy, "2026.12", dev, today=dt.date(2026, 12, 1))
    releases = factors_copy / "releases"
    manifest = json.loads((releases / "2026.12.licenses.json").read_text())
    notice = (releases / "2026.12.NOTICE").read_text()
    assert manifest["bundle"] == "full" and manifest["version"] == "2026.12"
    assert manifest["factor_count"] == len(dev["factors"])
    for lic in manifest["licenses"]:
        assert f"== {lic['license']} " in notice
    assert verify(factors_copy) == []  # the licence files are not mistaken for snapshots
    changelog = (releases / "CHANGELOG.md").read_text()
    assert "- bundle default (in the wheel): " in changelog
    assert "- bundle share-alike (separate download): " in changelog and "ODbL-1.0" in changelog

    out = bundle_into_sdk(factors_copy, "2026.12", tmp_path / "data")
    assert sorted(p.name for p in out) == [
        "snapshot.NOTICE",
        "snapshot.json.gz",
        "snapshot.licenses.json",
        "snapshot.pack",
    ]
    bundled = snap.read(tmp_path / "data" / "snapshot.json.gz")
    assert bundled["bundle"] == "default" and bundled["version"] == "2026.12"
    assert {f["source"] for f in bundled["factors"]}.isdisjoint(
        {"electricitymaps-yearly", "boavizta-pcf"}
    )
    wheel_manifest = json.loads((tmp_path / "data" / "snapshot.licenses.json").read_text())
    assert set(licenses.licenses_in(bundled)) == {
        lic["license"] for lic in wheel_manifest["licenses"]
    }


def test_licence_ids_and_spellings() -> None:
    assert licenses.spdx_id("ODbL 1.0") == "ODbL-1.0"
    assert licenses.spdx_id("cc by-sa 4.0") == "CC-BY-SA-4.0"
    assert licenses.spdx_id("AGPL-3.0 (repository license; values cited)") == "AGPL-3.0-only"
    assert licenses.spdx_id("facts published by the operator (no license)") == (
        "LicenseRef-Facts-Cited"
    )
    assert licenses.spdx_id("some licence nobody listed") is None
    assert not licenses.in_bundle("some licence nobody listed", "default")
    assert not licenses.in_bundle("some licence nobody listed", "share-alike")
    src = {"producer": "P", "title": "T", "citation": "C", "url": "https://x", "license": "MIT"}
    assert licenses.attribution(src) == "P: T. C https://x (MIT)"
    assert licenses.attribution({**src, "attribution": "Own words"}) == "Own words"


def test_every_licence_id_is_explained_in_license_md() -> None:
    text = (ROOT / "factors" / "LICENSE.md").read_text()
    for lid in licenses.LICENSES:
        assert f"`{lid}`" in text, lid


# -- the real tree ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = validate_tree(ROOT / "factors")
    assert result.ok, [str(p) for p in result.problems][:5]
    full = dict(result.snapshot, version="dev")
    out = tmp_path_factory.mktemp("wheel-data")
    write_sdk_bundle(snap.dumps(full), out)
    return {"full": full, "dir": out}


def test_every_source_names_a_known_licence(real: dict[str, Any]) -> None:
    for s in real["full"]["sources"]:
        assert s["license"] in licenses.LICENSES, s["id"]


def test_the_wheel_bundle_has_no_share_alike_factor(real: dict[str, Any]) -> None:
    bundled = snap.read(real["dir"] / "snapshot.json.gz")
    by_source = {s["id"]: s["license"] for s in bundled["sources"]}
    for f in bundled["factors"]:
        lic = licenses.LICENSES[by_source[f["source"]]]
        assert lic.redistributable and not lic.share_alike, f["id"]
    shipped = {f["source"] for f in bundled["factors"]}
    for kept_out in ("electricitymaps-yearly", "boavizta-pcf", "ifi-harmonized-grid-factors"):
        assert kept_out not in shipped
    # AGPL repositories: values resting only on their copy stay out of the wheel.
    assert not shipped & {"boavizta-api", "electricitymaps-defaults"}
    notice = (real["dir"] / "snapshot.NOTICE").read_text()
    for lic in set(licenses.licenses_in(bundled)):
        assert f"== {lic} " in notice


@pytest.mark.parametrize(
    "job",
    [
        {
            "hardware": [{"model": "H100", "count": 8, "utilization": 0.9}],
            "hours": 72,
            "location": "FR",
        },
        {"hardware": [{"model": "H100", "count": 8}], "hours": 72, "location": "aws:us-east-1"},
        {"hardware": [{"model": "H100", "count": 8}], "hours": 72, "location": "gcp:europe-west1"},
        {
            "hardware": [{"model": "aws:m5.large", "count": 4}],
            "hours": 24,
            "location": "aws:eu-west-1",
        },
    ],
)
def test_common_footprints_work_offline_from_the_wheel_bundle(
    real: dict[str, Any], job: dict[str, Any]
) -> None:
    ds = load_dataset(real["dir"] / "snapshot.json.gz")
    result = carbonfactors.footprint(dataset=ds, **job).to_dict()
    assert result["total_kgco2e"] > 0
    kinds = {f["kind"] for f in result["factors"]}
    assert {"grid_intensity", "pue", "power"} <= kinds
    shipped = {s["id"] for s in ds.snapshot["sources"]}
    assert {f["source"] for f in result["factors"]} <= shipped


# -- PUE of the real tree ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def pue(real: dict[str, Any]) -> Dataset:
    return Dataset.from_snapshot(real["full"])


@pytest.mark.parametrize(
    ("operator", "year", "value", "source"),
    [
        ("aws", 2023, 1.15, "aws-reinvent-2024-pue"),  # was the 1.20 blog estimate
        ("aws", 2024, 1.15, "aws-sustainability"),
        ("aws", 2025, 1.14, "aws-sustainability"),
        ("google", 2020, 1.10, "google-environmental-report-2021"),
        ("google", 2021, 1.10, "google-environmental-report-2021"),  # 2021: not found, 2020 used
        ("google", 2023, 1.10, "google-environmental-report-2024"),
        ("google", None, 1.09, "google-datacenter-efficiency-2026"),
        ("microsoft", 2024, 1.16, "microsoft-datacenter-efficiency"),  # FY24
        ("microsoft", 2025, 1.17, "microsoft-datacenter-efficiency-2026"),  # FY25
        ("meta", 2023, 1.08, "meta-sustainability-report-2024"),
        ("industry", 2025, 1.54, "uptime-survey-2025"),
    ],
)
def test_primary_pue_first(
    pue: Dataset, operator: str, year: int | None, value: float, source: str
) -> None:
    res = pue.resolve_pue(operator=operator, year=year)
    assert (res.value, res.factor.source) == (value, source)


def test_new_builds_are_never_a_default_fleet_pue(pue: Dataset) -> None:
    # 2022: Meta's 2021 figure is for new builds; its 2023 fleet figure is backfilled, said.
    res = pue.resolve_pue(operator="meta", year=2022)
    assert res.factor.id == "pue:meta:2023:meta-sustainability-report-2024"
    assert res.warnings[0].startswith("BACKFILLED: meta publishes no PUE in or before 2022")
    assert pue.factor("pue:meta:2021:meta-data-centers").scope == "new-builds"


def test_fiscal_year_figures_record_their_period(pue: Dataset) -> None:
    fy24 = pue.factor("pue:microsoft:2024:microsoft-datacenter-efficiency")
    assert (fy24.year, fy24.period, fy24.scope) == (
        2024,
        "FY2024 (2023-07-01..2024-06-30)",
        "fleet-annual",
    )


def test_every_pue_factor_has_a_scope(real: dict[str, Any]) -> None:
    for f in real["full"]["factors"]:
        if f["kind"] == "pue":
            assert f.get("scope") in carbonfactors.kinds.PUE_SCOPES, f["id"]


def test_the_bundled_snapshot_is_licence_clean_and_noticed() -> None:
    """What `carbonfactors release` put in the SDK: the default bundle, NOTICE and manifest."""
    data = ROOT / "sdk" / "carbonfactors" / "data"
    if not (data / "snapshot.NOTICE").exists():
        pytest.skip("the bundled snapshot predates licence bundles (release 2026.12 writes them)")
    bundled = snap.read(data / "snapshot.json.gz")
    assert bundled["bundle"] == "default"
    in_bundle = set(licenses.licenses_in(bundled))
    assert not any(licenses.LICENSES[lic].share_alike for lic in in_bundle)
    manifest = json.loads((data / "snapshot.licenses.json").read_text())
    assert {lic["license"] for lic in manifest["licenses"]} == in_bundle
    notice = (data / "snapshot.NOTICE").read_text()
    for lic in in_bundle:
        assert f"== {lic} " in notice
