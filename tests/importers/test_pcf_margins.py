"""Server PCF bounds and notes of audit 1796574057 (O1, O5), on a fixture.

O1: the sheet's ``gwp_error_ratio`` bounds its total; the manufacturing share carries the
same relative margin (HPE DL345 Gen10 Plus 2,502.63 kg, 0.415: 1,464-3,541). Dell's ratios
(>= 1 somewhere) are not a margin, so Dell shares stay without one. Same-maker,
same-generation siblings more than 2x apart at one stated configuration are listed by the
``pcf-sibling-spread`` screen (DL345 vs DL365 Gen10 Plus). O5: a blade sled says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.screens import REVIEW_RULES, Reasons
from carbonfactors_pipeline.server_screens import generation, sibling_flags

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "pcf_power"
DL345 = "embodied:hpe-proliant-dl345-gen10-plus:2021:boavizta-pcf:manufacturing"
DL365 = "embodied:hpe-proliant-dl365-gen10-plus:2021:boavizta-pcf:manufacturing"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, dict[str, Any]]:
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
    return {
        name: yaml.safe_load((factors / "hardware" / "servers" / f"{name}.yaml").read_text())
        for name in ("dell", "hpe", "lenovo")
    }


def _factors(files: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for d in files.values() for f in d["factors"]}


def test_the_total_margin_is_carried_to_the_manufacturing_share(files: dict[str, Any]) -> None:
    f = _factors(files)
    dl345 = f[DL345]
    assert dl345["value"] == pytest.approx(8370 * 0.299, abs=1e-3)
    # the low reaches the same-configuration DL365 (678.3 kg; audit 1796647084 class KN)
    assert dl345["low"] == pytest.approx(678.3, abs=1e-3) and "PCF OUTLIER" in dl345["method"]
    assert dl345["high"] == pytest.approx(2502.63 * (1 + 0.415), abs=1e-3)
    assert dl345["inputs"]["gwp_error_ratio"] == 0.415
    assert "carried to this share" in dl345["method"]
    # the sheet's stated configuration rides along for the sibling screen
    assert dl345["inputs"]["pcf_drives"] == "0 SSD"
    # Lenovo's non-use share (no manufacturing ratio) carries its sheet's margin too
    sr650 = f["embodied:lenovo-thinksystem-sr650-test:2019:boavizta-pcf:non-use"]
    assert (sr650["low"], sr650["high"]) == pytest.approx((2500 * 0.8, 2500 * 1.2))
    # Dell's ratios reach 1: not a margin, no bounds from them (the R740 sheet is consistent)
    r740 = f["embodied:dell-poweredge-r740:2019:boavizta-pcf:manufacturing"]
    assert "low" not in r740 and "gwp_error_ratio" not in r740["inputs"]


def test_a_blade_sled_says_its_chassis_share_is_not_stated(files: dict[str, Any]) -> None:
    f = _factors(files)
    blade = [v for k, v in f.items() if "bl460c" in k]
    assert blade and all("Blade sled; chassis share" in v["method"] for v in blade)
    assert not any("Blade sled" in v["method"] for k, v in f.items() if "dl345" in k)


def test_the_sibling_screen_lists_the_larger_of_two_far_apart_siblings(
    files: dict[str, Any],
) -> None:
    factors = [f for d in files.values() for f in d["factors"]]
    hardware = [h for d in files.values() for h in d["hardware"]]
    none = Reasons({}, {}, [], [], {})
    flags = sibling_flags(factors, hardware, none)
    assert [fl.factor for fl in flags] == [DL345]
    assert flags[0].rule == "pcf-sibling-spread" and flags[0].rule in REVIEW_RULES
    assert "3.7x" in flags[0].reason and flags[0].excluded is None
    # a note keeps it (validate reports an unkept one as a problem)
    kept = Reasons({(DL345, "pcf-sibling-spread"): "explained"}, {}, [], [], {})
    assert sibling_flags(factors, hardware, kept)[0].kept == "explained"
    # another configuration is no sibling: the DL365 with 64 GB is not compared
    for h in hardware:
        if h["id"] == "hpe-proliant-dl365-gen10-plus":
            h["specs"]["memory_gb"] = 64
    assert sibling_flags(factors, hardware, none) == []


@pytest.mark.parametrize(
    ("name", "gen"),
    [
        ("HPE ProLiant DL345 Gen10 Plus", "gen10 plus"),
        ("HPE ProLiant DL380 Gen10", "gen10"),
        ("Dell PowerEdge R640", "4x"),
        ("Dell PowerEdge R6515", "5x"),
        ("Dell PowerEdge C4130", "3x"),
        ("Lenovo ThinkSystem SR650 V2", "v2"),
        ("Lenovo ThinkSystem SR635", None),
    ],
)
def test_generation_is_read_from_the_model_name(name: str, gen: str | None) -> None:
    assert generation(name) == gen
