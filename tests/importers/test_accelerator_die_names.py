"""Audit 1796630035 class N1, coverage: a class-valued part on a sized part's die whose id
shares no model stem with it (HGX H20 on the H100's GH100, L40S on the L40's AD102). The
screen ``accel-stem-sibling`` reads the cited die code name (``specs.die_name``) too, and
the catalog files the names and copies them to a part of ``SAME_DIE_AS``."""

from __future__ import annotations

import copy
import glob
from pathlib import Path
from typing import Any

import pytest
import yaml
from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, sibling_catalog
from _accelerator_fixtures import lca as _lca

from carbonfactors_pipeline.accelerator_sibling_review import (
    model_stem,
    stem_sibling_problems,
)
from carbonfactors_pipeline.importers import _accelerator_catalog as catalog
from carbonfactors_pipeline.importers._accelerator_sized import sized

ROOT = Path(__file__).resolve().parents[2]


def test_the_die_name_trips_the_screen_where_the_stem_cannot() -> None:
    hw = sibling_catalog("x-h100-sxm", "x-h20", "SXM", die_name="GX100")
    assert model_stem("x-h20") != model_stem("x-h100-sxm")  # no shared stem
    lcas = [*CALIBRATION_LCAS, _lca("x-h100-sxm", 120.0)]
    before = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    assert "MEMORY PEERS" in before["x-h20"]["method"]
    got = stem_sibling_problems([*lcas, *before.values()], list(hw.values()))
    assert [r for _, r, _ in got] == [before["x-h20"]["id"]]
    assert "its die GX100 is that of x-h100-sxm" in got[0][2]
    # Without the code name on file the stem screen alone misses it (the gap closed here).
    bare = copy.deepcopy(hw)
    del bare["x-h20"]["specs"]["die_name"]
    assert stem_sibling_problems([*lcas, *before.values()], list(bare.values())) == []
    # Another vendor's die of the same name is not a sibling; a keep note silences it.
    other = copy.deepcopy(hw)
    other["x-h100-sxm"]["vendor"] = "W"
    assert stem_sibling_problems([*lcas, *before.values()], list(other.values())) == []
    keep = {(before["x-h20"]["id"], "accel-stem-sibling"): "another die"}
    assert stem_sibling_problems([*lcas, *before.values()], list(hw.values()), keep) == []


def test_the_catalog_files_die_names_and_a_same_die_part_is_sized(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hw = sibling_catalog("x-h100-sxm", "x-h20", "SXM", die_name="GX100")
    del hw["x-h100-sxm"]["specs"]["die_name"], hw["x-h20"]["specs"]["die_name"]
    cat = catalog.Catalog()
    cat.hardware = copy.deepcopy(hw)
    monkeypatch.setattr(catalog, "DIE_NAMES", {"x-h100-sxm": ("GX100", "src-name")})
    monkeypatch.setattr(catalog, "SAME_DIE_AS", {"x-h20": ("x-h100-sxm", "src-link")})
    catalog._same_die(cat)
    sib, part = cat.hardware["x-h100-sxm"]["specs"], cat.hardware["x-h20"]["specs"]
    assert sib["die_name"] == part["die_name"] == "GX100"
    assert sib["sources"]["die_name"] == "src-name"
    # A copied field keeps the sibling's citation; the link cites the source naming it.
    assert part["sources"]["die_area_mm2"] == "src-area"
    assert part["sources"]["die_name"] == "src-name"
    assert part["sources"]["process_nm"] == "src-link"  # the sibling cites none for it
    assert part["same_die_as"] == "x-h100-sxm" and part["sources"]["same_die_as"] == "src-link"
    lcas = [*CALIBRATION_LCAS, _lca("x-h100-sxm", 120.0)]
    after = {f["subject"]: f for f in sized(cat.hardware, lcas, PER_CM2, 0.0, 0.1, set())}
    assert after["x-h20"]["rung"] == "component-model" and "k_same_die" in after["x-h20"]["inputs"]
    assert stem_sibling_problems([*lcas, *after.values()], list(cat.hardware.values())) == []


def _shipped() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    factors: list[dict[str, Any]] = []
    hardware: list[dict[str, Any]] = []
    for path in sorted(glob.glob(str(ROOT / "factors/hardware/accelerators/*.yaml"))):
        data = yaml.safe_load(Path(path).read_text()) or {}
        factors += data.get("factors") or []
        hardware += data.get("hardware") or []
    return factors, hardware


def shipped_keep() -> dict[tuple[str, str], str]:
    """The keep notes of ``factors/screens.yaml`` as the validator reads them."""
    data = yaml.safe_load((ROOT / "factors/screens.yaml").read_text()) or {}
    return {(k["factor"], k["rule"]): k["note"] for k in data.get("keep") or []}


def test_the_shipped_h20_and_910a_are_sized_on_their_siblings_die() -> None:
    factors, hardware = _shipped()
    hw = {h["id"]: h for h in hardware}
    assert hw["nvidia-h20"]["specs"]["die_name"] == "GH100"
    assert hw["nvidia-h20"]["specs"]["same_die_as"] == "nvidia-h100-sxm5-80gb"
    assert hw["huawei-ascend-910a"]["specs"]["same_die_as"] == "huawei-ascend-910"
    for hid in ("nvidia-h20", "huawei-ascend-910a"):
        values = [f for f in factors if f["subject"] == hid and f.get("rung") == "component-model"]
        assert values and not any("PEERS" in str(f["method"]) for f in values)
    # The L40S (AD102, no release year on file) is the one kept: the screen sees it.
    got = stem_sibling_problems(factors, hardware)
    assert {r.split(":")[1] for _, r, _ in got} == {"nvidia-l40s"}
    assert stem_sibling_problems(factors, hardware, shipped_keep()) == []
