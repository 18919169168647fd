"""Audit 1796630035 classes N1 and S4: a part whose die is a named sibling's on file (H100
NVL on the H100 PCIe's GH100) sized as a class default, and a SAME SILICON value (MI325X)
costing its extra memory at another rate than the sibling's own value (screens
``accel-stem-sibling`` and ``sibling-memory-rate``), on small fixtures and the shipped files."""

from __future__ import annotations

import copy
import glob
from pathlib import Path
from typing import Any

import pytest
import yaml
from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, calibration_cards, sibling_catalog
from _accelerator_fixtures import hw as _hw
from _accelerator_fixtures import lca as _lca

from carbonfactors_pipeline.accelerator_sibling_review import (
    memory_rate_problems,
    model_stem,
    stem_sibling_problems,
)
from carbonfactors_pipeline.importers import _accelerator_catalog as catalog
from carbonfactors_pipeline.importers._accelerator_sized import sized

ROOT = Path(__file__).resolve().parents[2]


def test_model_stem_is_the_id_to_its_first_numbered_token() -> None:
    assert model_stem("nvidia-h100-nvl") == model_stem("nvidia-h100-pcie-80gb") == "nvidia-h100"
    assert model_stem("amd-instinct-mi325x") == "amd-instinct-mi325x"
    assert model_stem("intel-gaudi") is None


def test_n1_the_screen_trips_on_a_class_default_then_passes_once_same_die_as_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hw = sibling_catalog("x-h100-pcie", "x-h100-nvl", "PCIe")
    lcas = [*CALIBRATION_LCAS, _lca("x-h100-pcie", 120.0)]
    before = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    assert "MEMORY PEERS" in before["x-h100-nvl"]["method"]
    got = stem_sibling_problems([*lcas, *before.values()], list(hw.values()))
    assert [r for _, r, _ in got] == [before["x-h100-nvl"]["id"]]
    assert "'x-h100'" in got[0][2] and "x-h100-pcie" in got[0][2]
    # A keep note in screens.yaml silences it.
    keep = {(before["x-h100-nvl"]["id"], "accel-stem-sibling"): "another die"}
    assert stem_sibling_problems([*lcas, *before.values()], list(hw.values()), keep) == []
    # The catalog copies the named sibling's die: the same-die rules size the part.
    cat = catalog.Catalog()
    cat.hardware = copy.deepcopy(hw)
    monkeypatch.setattr(catalog, "SAME_DIE_AS", {"x-h100-nvl": ("x-h100-pcie", "src-die")})
    catalog._same_die(cat)
    specs = cat.hardware["x-h100-nvl"]["specs"]
    assert (specs["die_area_mm2"], specs["process_nm"], specs["transistors_billion"]) == (
        300,
        5,
        8.0,
    )
    assert specs["same_die_as"] == "x-h100-pcie" and specs["sources"]["die_area_mm2"] == "src-die"
    after = {f["subject"]: f for f in sized(cat.hardware, lcas, PER_CM2, 0.0, 0.1, set())}
    nvl = after["x-h100-nvl"]
    assert nvl["rung"] == "component-model" and "k_same_die" in nvl["inputs"]
    assert nvl["value"] > 120.0  # the same die's LCA card, with 2 GB more memory
    assert stem_sibling_problems([*lcas, *after.values()], list(cat.hardware.values())) == []
    # Named as the same die but still a class value: fails.
    stale = [*lcas, *before.values()]
    assert len(stem_sibling_problems(stale, list(cat.hardware.values()))) == 1


def _silicon() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    hw = calibration_cards()
    oam = {"form_factor": "OAM", "fp16_tflops": 1300.0}
    hw["big"] = _hw("big", None, 5, 192.0, **oam)  # own value elsewhere (HBM scaling)
    hw["bulk"] = _hw("bulk", None, 5, 256.0, **oam)  # same FP16, no die: SAME SILICON
    own = {
        "id": "embodied:big:2020:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "big",
        "year": 2020,
        "value": 260.0,
        "low": 260.0,
        "high": 300.0,
        "rung": "component-model",
        "source": "carbonfactors-derived",
        "method": "HBM scaling at 0.85 kg/GB",
        "inputs": {"vram_kgco2e_per_gb": 0.85},
    }
    return hw, own


def test_s4_a_same_silicon_increment_is_costed_at_the_siblings_own_rate() -> None:
    hw, own = _silicon()
    out = {
        f["subject"]: f
        for f in sized(hw, CALIBRATION_LCAS, PER_CM2, 0.0, 0.1, {"big"}, own_values={"big": own})
    }
    bulk = out["bulk"]
    assert bulk["inputs"]["same_silicon_as"] == "big"
    assert bulk["value"] == round(260.0 + 64 * 0.85, 2)
    k_lo, k_hi = bulk["inputs"]["k_low"], bulk["inputs"]["k_high"]
    assert bulk["low"] == round(260.0 + min(64 * 0.85, 64 * 0.1 * k_lo), 2)
    assert bulk["high"] == round(300.0 + max(64 * 0.85, 64 * 0.1 * k_hi), 2)
    assert "own memory rate 0.8500" in bulk["method"]
    assert memory_rate_problems([own, bulk], list(hw.values())) == []
    # The old rule (ACT DRAM x k, 0.6 kg/GB here against 0.85: within 1.5x) passes, a
    # rate 0.39 against 0.85 (the MI325X's) trips.
    cheap = bulk | {"value": 260.0 + 64 * 0.39}
    got = memory_rate_problems([own, cheap], list(hw.values()))
    assert [r for _, r, _ in got] == [bulk["id"]] and "0.3900" in got[0][2]


def _shipped() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    factors: list[dict[str, Any]] = []
    hardware: list[dict[str, Any]] = []
    for path in sorted(glob.glob(str(ROOT / "factors/hardware/accelerators/*.yaml"))):
        data = yaml.safe_load(Path(path).read_text()) or {}
        factors += data.get("factors") or []
        hardware += data.get("hardware") or []
    return factors, hardware


def test_the_shipped_h100_nvl_and_mi325x_follow_their_siblings() -> None:
    factors, hardware = _shipped()
    keep = yaml.safe_load((ROOT / "factors/screens.yaml").read_text()).get("keep") or []
    kept = {(k["factor"], k["rule"]): k["note"] for k in keep}
    assert stem_sibling_problems(factors, hardware, kept) == []
    assert memory_rate_problems(factors, hardware) == []
    nvl = next(h for h in hardware if h["id"] == "nvidia-h100-nvl")
    assert nvl["specs"]["same_die_as"] == "nvidia-h100-pcie-80gb"
    sized_nvl = [
        f for f in factors if f["subject"] == "nvidia-h100-nvl" and f["kind"] == "embodied"
    ]
    assert sized_nvl and all(f["rung"] == "component-model" for f in sized_nvl)
