"""Rule C4 (audit 1796599352 #37): a part with no TDP takes its same-vendor,
same-generation sibling with the same memory and bandwidth before its bandwidth class, and
without one its class keeps parts released within three years; screen ``sibling-class``
lists a class value more than 2x from such a sibling.

The fixture is the L2/L4 shape: an L2-like card (2023, 24 GB, 0.3 TB/s, no TDP), its L4-like
sibling (2023, 24 GB, 0.3 TB/s, 72 W), and a decade of ~250 W boards of a like bandwidth.
"""

from __future__ import annotations

from typing import Any

from _accelerator_fixtures import epoch_tdp
from _accelerator_fixtures import hw as _hw

from carbonfactors_pipeline.accelerator_class_review import sibling_class_problems
from carbonfactors_pipeline.importers._accelerator_power import (
    SIBLING_MARK,
    family_power,
    power_sibling,
)

_tdp = epoch_tdp


def card(hid: str, year: int, mem: float, bw: float, **more: Any) -> dict[str, Any]:
    return _hw(hid, None, None, mem, memory_bandwidth_tbs=bw, **more) | {"release_year": year}


OLD = {f"old{i}": card(f"old{i}", 2013 + i, 12, 0.3) for i in range(5)}
HW = OLD | {
    "l2": card("l2", 2023, 24, 0.3, fp16_tflops=96.5),
    "l4": card("l4", 2023, 24, 0.3, fp16_tflops=121),
    "a10": card("a10", 2021, 24, 0.6),
    "a4000": card("a4000", 2021, 16, 0.45),
    "rtx": card("rtx", 2023, 12, 0.5),
}
TDPS = [
    *(_tdp(h, 250) for h in OLD),
    _tdp("l4", 72, 2023),
    _tdp("a10", 150),
    _tdp("a4000", 140),
    _tdp("rtx", 285),
]


def _power(hardware: dict[str, dict[str, Any]], tdps: list[dict[str, Any]]) -> dict[str, Any]:
    categories = {h: "gpu" for h in hardware}
    powered = {f["subject"] for f in tdps}
    years = {h: int(v["release_year"]) for h, v in hardware.items()}
    got = family_power(tdps, categories, powered, years, hardware)
    return {f["subject"]: f for f in got}


def test_a_part_with_no_tdp_takes_its_same_generation_sibling_with_class_bounds() -> None:
    l2 = _power(HW, TDPS)["l2"]
    # The class of like bandwidth released within 3 years: l4 72, a4000 140, a10 150, rtx
    # 285 (the 2013-2017 boards at 250 W are a decade older); the value is the sibling's.
    assert (l2["value"], l2["low"], l2["high"]) == (72, 72, 285)
    assert l2["method"].startswith(f"{SIBLING_MARK}: l4")
    assert l2["inputs"]["sibling"] == "l4" and "rung" not in l2
    assert l2["inputs"]["peers"] == ["a10", "a4000", "l4", "rtx"]


def test_no_sibling_when_memory_bandwidth_vendor_generation_or_compute_differ() -> None:
    tdp = {f["subject"]: f for f in TDPS}
    assert power_sibling("l2", 2023, tdp, HW) == "l4"
    for change in (
        {"release_year": 2021},
        {"vendor": "W"},
        {"specs": HW["l4"]["specs"] | {"memory_gb": 48}},
        {"specs": HW["l4"]["specs"] | {"memory_bandwidth_tbs": 0.4}},
        {"specs": HW["l4"]["specs"] | {"fp16_tflops": 300}},
    ):
        other = HW | {"l4": HW["l4"] | change}
        assert power_sibling("l2", 2023, tdp, other) is None, change


def test_without_a_sibling_the_class_keeps_parts_released_within_three_years() -> None:
    no_l4 = {h: v for h, v in HW.items() if h != "l4"}
    l2 = _power(no_l4, [f for f in TDPS if f["subject"] != "l4"])["l2"]
    # a4000 140, a10 150, rtx 285: median 150, not the 250 W of the decade-old boards.
    assert (l2["value"], l2["low"], l2["high"]) == (150, 140, 285)
    assert "released within 3 years of its 2023" in l2["method"]
    assert l2["rung"] == "category-default" and l2["inputs"]["peers"] == ["a10", "a4000", "rtx"]


def test_the_screen_lists_a_class_value_far_from_its_sibling() -> None:
    hardware = list(HW.values())
    classed = {
        "id": "power:l2:2023:carbonfactors-derived:tdp",
        "kind": "power",
        "subject": "l2",
        "value": 237,
        "unit": "W",
        "basis": "tdp",
        "method": "BANDWIDTH CLASS (...): the median of a decade of boards",
    }
    (problem,) = sibling_class_problems([*TDPS, classed], hardware)
    assert problem[1] == classed["id"] and "sibling-class" in problem[2] and "l4" in problem[2]
    # The rule's own value (the sibling's) passes, and so does a class value within 2x.
    assert not sibling_class_problems([*TDPS, *_power(HW, TDPS).values()], hardware)
    assert not sibling_class_problems([*TDPS, classed | {"value": 140}], hardware)
