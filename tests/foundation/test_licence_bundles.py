"""Licences computed from inputs and the two bundles: releases carry a manifest and NOTICE
per bundle, the wheel's ``open`` bundle holds only attribution-licensed values (recomputed
here from every factor's inputs), and the SDK computes every catalog item from it offline.

Also the PUE answers of the real tree (primary figures first, scopes, fiscal years).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import carbonfactors
from carbonfactors import snapshot as snap
from carbonfactors.dataset import LIFETIME_BASES, Dataset, load_dataset
from carbonfactors_pipeline import licensing as licenses
from carbonfactors_pipeline.commands import bundle_into_sdk
from carbonfactors_pipeline.releases import (
    cut_release,
    load_release,
    read_manifest,
    verify,
    write_sdk_bundle,
)
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
    assert manifest["factor_count"] == len(licenses.bundle(dev, "full")["factors"])
    for lic in manifest["licenses"]:
        assert f"== {lic['license']} " in notice
    open_manifest = json.loads((releases / "2026.12.open.licenses.json").read_text())
    assert open_manifest["bundle"] == "open"
    assert (releases / "2026.12.open.NOTICE").exists()
    assert verify(factors_copy) == []  # the licence files are not mistaken for snapshots
    changelog = (releases / "CHANGELOG.md").read_text()
    assert "- bundle open (in the wheel): " in changelog
    assert "- bundle full (carbonfactors[full] and the service default): " in changelog
    assert "ODbL-1.0" in changelog

    out = bundle_into_sdk(factors_copy, "2026.12", tmp_path / "data")
    assert sorted(p.name for p in out) == [
        "snapshot.NOTICE",
        "snapshot.json.gz",
        "snapshot.licenses.json",
        "snapshot.pack",
    ]
    bundled = snap.read(tmp_path / "data" / "snapshot.json.gz")
    assert bundled["bundle"] == "open" and bundled["version"] == "2026.12"
    assert {f["source"] for f in bundled["factors"]}.isdisjoint(
        {"electricitymaps-yearly", "boavizta-pcf"}
    )
    wheel_manifest = json.loads((tmp_path / "data" / "snapshot.licenses.json").read_text())
    assert set(licenses.licenses_in(bundled)) == {
        lic["license"] for lic in wheel_manifest["licenses"] if lic["factor_count"]
    }


def test_licence_ids_and_spellings() -> None:
    assert licenses.spdx_id("ODbL 1.0") == "ODbL-1.0"
    assert licenses.spdx_id("cc by-sa 4.0") == "CC-BY-SA-4.0"
    assert licenses.spdx_id("AGPL-3.0 (repository license; values cited)") == "AGPL-3.0-only"
    assert licenses.spdx_id("facts published by the operator (no license)") == (
        "LicenseRef-Facts-Cited"
    )
    assert licenses.spdx_id("some licence nobody listed") is None
    assert not licenses.in_bundle("some licence nobody listed", "open")
    assert not licenses.in_bundle("some licence nobody listed", "full")
    assert licenses.in_bundle("ODbL-1.0", "full") and not licenses.in_bundle("ODbL-1.0", "open")
    assert not licenses.in_bundle("AGPL-3.0-only", "full")
    for unverified in ("LicenseRef-Teads-Unstated", "LicenseRef-Facts-All-Rights-Reserved"):
        assert licenses.in_bundle(unverified, "full") and not licenses.in_bundle(unverified, "open")
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


#: Licences the open bundle never carries: share-alike, copyleft, unstated, all rights reserved.
NEVER_OPEN = {
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "GPL-3.0-only",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "ODbL-1.0",
    "CC-BY-NC-4.0",
    "LicenseRef-Teads-Unstated",
    "LicenseRef-EEA-Unverified",
    "LicenseRef-Facts-All-Rights-Reserved",
}


def _recomputer(snapshot: dict[str, Any]) -> Any:
    """A factor's licence from its inputs, written again here (independently of licensing.py):
    the strictest of its source's licence and those of everything it derives from."""
    lic = {s["id"]: s["license"] for s in snapshot["sources"]}
    by_id = {f["id"]: f for f in snapshot["factors"]}
    memo: dict[str, str] = {}

    def recompute(fid: str) -> str:
        if fid in memo:
            return memo[fid]
        f = by_id[fid]
        derived = f.get("derived_from") or {}
        found = [lic[f["source"]], *(lic[s] for s in derived.get("sources", []))]
        found += [recompute(x) for x in derived.get("factors", [])]
        real = [x for x in found if x != "LicenseRef-Computed"] or found
        memo[fid] = max(real, key=licenses.strictness)
        return memo[fid]

    return recompute


def test_every_factor_licence_is_recomputed_from_its_inputs(real: dict[str, Any]) -> None:
    """The licence each factor carries (snapshot, manifest) is the one its inputs give: a
    hand label that disagrees with the computation fails here."""
    full = real["full"]
    recompute = _recomputer(full)
    for f in full["factors"]:
        assert licenses.strictness(f["license"]) == licenses.strictness(recompute(f["id"])), f["id"]
    for name in licenses.BUNDLES:
        part = licenses.bundle(full, name)
        counts: dict[str, int] = {}
        for f in part["factors"]:
            counts[f["license"]] = counts.get(f["license"], 0) + 1
        manifest = licenses.manifest(full, name)
        assert {
            lic["license"]: lic["factor_count"]
            for lic in manifest["licenses"]
            if lic["factor_count"]
        } == counts


def test_the_open_bundle_has_no_share_alike_agpl_unstated_or_reserved_value(
    real: dict[str, Any],
) -> None:
    bundled = snap.read(real["dir"] / "snapshot.json.gz")
    assert bundled["bundle"] == "open"
    carried = set(licenses.licenses_in(bundled))
    assert not carried & NEVER_OPEN
    recompute = _recomputer(bundled)
    for f in bundled["factors"]:
        assert licenses.tier(recompute(f["id"])) == "open", f["id"]
    manifest = json.loads((real["dir"] / "snapshot.licenses.json").read_text())
    assert not {lic["license"] for lic in manifest["licenses"] if lic["factor_count"]} & NEVER_OPEN
    # Zone mappings are values too: none resting on a licence the bundle may not carry.
    lic = {s["id"]: s["license"] for s in bundled["sources"]}
    for z in bundled["zones"]:
        if z.get("mapping_source"):
            assert licenses.tier(lic[z["mapping_source"]]) == "open", z["id"]
    notice = (real["dir"] / "snapshot.NOTICE").read_text()
    for lid in carried:
        assert f"== {lid} " in notice
    # Every source a bundled value derives from is attributed, pooled inputs included.
    prov = licenses.Provenance(bundled)
    for f in bundled["factors"]:
        for sid in prov.sources(f["id"]):
            assert f"[{sid}]" in notice, (f["id"], sid)


def test_no_bundle_carries_a_value_resting_on_an_agpl_repository(real: dict[str, Any]) -> None:
    full = licenses.bundle(real["full"], "full")
    prov = licenses.Provenance(full)
    agpl = {s["id"] for s in real["full"]["sources"] if s["license"].startswith("AGPL")}
    for f in full["factors"]:
        assert not prov.sources(f["id"]) & agpl, f["id"]


def test_category_defaults_pool_only_open_values(real: dict[str, Any]) -> None:
    defaults = [f for f in real["full"]["factors"] if f["subject"].startswith("category:")]
    defaults = [f for f in defaults if f.get("rung") == "category-default"]
    cats = {f["subject"] for f in defaults}
    for cat in ("cpu", "server", "storage", "cloud_instance", "gpu", "tpu", "accelerator"):
        assert f"category:{cat}" in cats, cat
    for f in defaults:
        assert f["derived_from"], f["id"]
        assert licenses.tier(f["license"]) == "open", f["id"]
        assert f["low"] <= f["value"] <= f["high"], f["id"]


def _default_failures(real: dict[str, Any]) -> dict[str, str]:
    ds = load_dataset(real["dir"] / "snapshot.pack")
    assert ds.bundle == "open"
    failures = {}
    for h in real["full"]["hardware"]:
        if h["category"] == "component":
            continue
        try:
            carbonfactors.footprint(
                dataset=ds, hardware=[{"model": h["id"], "count": 1}], hours=1, location="FR"
            )
        except carbonfactors.CarbonFactorsError as exc:
            failures[h["id"]] = str(exc)
    return failures


def _resting_on_agpl(real: dict[str, Any]) -> set[str]:
    """Accelerated instances with a power or embodied value resting on an AGPL archetype
    (Boavizta host platforms, compositions), bundled or not."""
    full = real["full"]
    prov = licenses.Provenance(full)
    agpl = {s["id"] for s in full["sources"] if s["license"].startswith("AGPL")}
    out = set()
    for h in full["hardware"]:
        if h["category"] != "cloud_instance" or not (h.get("specs") or {}).get("accelerators"):
            continue
        for f in full["factors"]:
            if f["subject"] == h["id"] and prov.sources(f["id"]) & agpl:
                out.add(h["id"])
    return out


def test_a_default_footprint_computes_for_every_catalog_item_from_the_open_bundle(
    real: dict[str, Any],
) -> None:
    """Issue 19: with the wheel alone, no catalog item raises. Components are parts (per-GB
    figures, CCF add-ons) that only a composition uses, not items a job runs."""
    assert _default_failures(real) == {}


def test_no_accelerated_instance_value_rests_on_an_agpl_archetype(real: dict[str, Any]) -> None:
    """Issue 19 item 4: accelerated instances are re-derived from the providers' pages and
    the CCF lists; a type only an AGPL archetype describes has no value of its own (it
    takes the accelerated-instance CATEGORY DEFAULT), so none is left in no bundle."""
    assert _resting_on_agpl(real) == set()


def test_open_and_full_share_one_lifetime_per_category(real: dict[str, Any]) -> None:
    parts = {b: Dataset.from_snapshot(licenses.bundle(real["full"], b)) for b in licenses.BUNDLES}
    for h in {h["category"]: h for h in real["full"]["hardware"]}.values():
        got = {
            b: ds.model_or_category(
                "lifetime", ds.hardware_record(h["id"]), LIFETIME_BASES, "years"
            )
            for b, ds in parts.items()
        }
        ids = {b: (r.factor.id if r else None) for b, r in got.items()}
        assert ids["open"] == ids["full"], (h["category"], ids)


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
    """What `carbonfactors release` put in the SDK: the open bundle, NOTICE and manifest."""
    data = ROOT / "sdk" / "carbonfactors" / "data"
    bundled = snap.read(data / "snapshot.json.gz")
    assert bundled["bundle"] == "open"
    in_bundle = set(licenses.licenses_in(bundled))
    assert not any(licenses.LICENSES[lic].share_alike for lic in in_bundle)
    manifest = json.loads((data / "snapshot.licenses.json").read_text())
    assert {lic["license"] for lic in manifest["licenses"] if lic["factor_count"]} == in_bundle
    notice = (data / "snapshot.NOTICE").read_text()
    for lic in in_bundle:
        assert f"== {lic} " in notice


def test_the_full_data_distribution_holds_the_full_bundle_of_the_latest_release() -> None:
    """data-full/ (pip install "carbonfactors[full]"): its own licence page and NOTICE."""
    folder = ROOT / "data-full"
    data = folder / "carbonfactors_data_full" / "data"
    latest = read_manifest(ROOT / "factors")[-1]
    full = snap.read(data / "snapshot.json.gz")
    assert full["version"] == latest.version
    released = load_release(ROOT / "factors", latest)
    assert snap.dumps(full) == snap.dumps(licenses.bundle(released, "full"))
    assert (data / "snapshot.NOTICE").exists() and (data / "snapshot.licenses.json").exists()
    assert (folder / "LICENSE-DATA.md").read_text() == (ROOT / "factors" / "LICENSE.md").read_text()
    assert f'version = "{latest.version}"' in (folder / "pyproject.toml").read_text()
