"""Issue 20, self-audit 1796581919: the accelerator classes v-hw's audit found doubtful,
each with the validator screen that catches it on a small fixture: a part with a memory
bandwidth but no capacity (Ascend 920, sized at 0 GB), a part with no power of its own on
the all-accelerator median (Ascend 920 at 197.5 W next to a 700 W 910C), and a low-power
card sized on its node's datacenter dies (MLU370-S8, 75 W)."""

from __future__ import annotations

import pytest
from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, calibration_cards, epoch_tdp
from _accelerator_fixtures import hw as _hw

from carbonfactors_pipeline.accelerator_sizing_review import (
    memory_capacity_problems,
    power_band_problems,
    power_class_problems,
)
from carbonfactors_pipeline.importers._accelerator_power import datasheet_tdp, family_power
from carbonfactors_pipeline.importers._accelerator_sized import sized


def _tdp(hid: str, watts: float) -> dict:
    return epoch_tdp(hid, watts)


#: k calibrations x10, x5, x6 (median 6), as in test_accelerator_peers_open.
HW = calibration_cards() | {
    # Inference cards at 7 nm (75 W, 0.3 TB/s) and datacenter parts (about 700 W, 3 TB/s).
    "d1": _hw("d1", 100, 7, 16, memory_bandwidth_tbs=0.3),
    "d2": _hw("d2", 200, 7, 16, memory_bandwidth_tbs=0.3),
    "d3": _hw("d3", 300, 7, 16, memory_bandwidth_tbs=0.3),
    "big1": _hw("big1", 600, 7, 80, memory_bandwidth_tbs=3.0),
    "big2": _hw("big2", 700, 7, 80, memory_bandwidth_tbs=3.0),
    "big3": _hw("big3", 800, 7, 96, memory_bandwidth_tbs=3.0),
    # The parts under test: no die area of their own.
    "card": _hw("card", None, 7, 16, memory_bandwidth_tbs=0.3),
    "hbm": _hw("hbm", None, 7, None, memory_bandwidth_tbs=4.0),
    "hbm-die": _hw("hbm-die", 500, 5, None, memory_bandwidth_tbs=4.0),
}
LCAS = CALIBRATION_LCAS
TDPS = [_tdp(h, w) for h, w in (("d1", 70), ("d2", 75), ("d3", 80), ("card", 75))] + [
    _tdp(h, w) for h, w in (("big1", 600), ("big2", 700), ("big3", 800))
]


def _sized() -> dict[str, dict]:
    return {f["subject"]: f for f in sized(HW, LCAS, PER_CM2, 0.0, 0.1, set(), datasheet_tdp(TDPS))}


def test_a_part_with_bandwidth_but_no_capacity_takes_its_bandwidth_peers_memory() -> None:
    hbm = _sized()["hbm"]
    # Peers within 2x of 4 TB/s: big1..big3 (80, 80, 96 GB); die on the node's 6 dies.
    assert hbm["inputs"]["memory_peers"] == ["big1", "big2", "big3"]
    assert hbm["inputs"]["memory_gb"] == 80
    # median die 450 mm² (4.5 cm² x 2 = 9 kg) + 80 GB x 0.1; k 6
    assert hbm["value"] == pytest.approx(6 * (9 + 8))
    assert hbm["low"] == pytest.approx(5 * (2 + 8))  # smallest die, smallest memory
    assert hbm["high"] == pytest.approx(10 * (16 + 9.6))  # largest die, largest memory
    assert "bandwidth but no memory capacity" in hbm["method"]
    # With its own die (Kunlun-I: 500 mm², 0.512 TB/s, memory blank): the same memory.
    own = _sized()["hbm-die"]
    assert own["rung"] == "component-model" and own["inputs"]["memory_gb"] == 80
    assert own["value"] == pytest.approx(6 * (12.5 + 8))  # 5 cm² x 2.5
    assert not memory_capacity_problems([hbm], list(HW.values()))
    # The screen trips on the value sized as if it had no memory.
    stale = hbm | {"inputs": hbm["inputs"] | {"memory_gb": 0.0}}
    (problem,) = memory_capacity_problems([stale], list(HW.values()))
    assert problem[1] == hbm["id"] and "memory-capacity-missing" in problem[2]


def test_a_card_is_sized_on_the_dies_of_its_power_band() -> None:
    out = _sized()
    card = out["card"]
    # 75 W: d1..d3 (70-80 W), not the 600-800 W dies of the same node.
    assert card["inputs"]["peer_die_mm2"] == [100, 200, 300]
    assert card["inputs"]["power_band_w"] == 75
    assert card["value"] == pytest.approx(6 * (4 + 1.6))
    assert card["value"] < out["hbm"]["value"] / 2
    facts = list(out.values()) + TDPS
    assert not power_band_problems(facts)
    # The screen trips on the value sized on every die of its node.
    unbanded = card | {"inputs": {k: v for k, v in card["inputs"].items() if k != "power_band_w"}}
    (problem,) = power_band_problems([unbanded, *facts])
    assert problem[1] == card["id"] and "peers-power-band" in problem[2]


def test_a_part_with_no_power_takes_its_bandwidth_class_not_the_category_median() -> None:
    categories = {h: "gpu" for h in HW}
    powered = {f["subject"] for f in TDPS}
    years = {h: 2020 for h in HW}
    got = {f["subject"]: f for f in family_power(TDPS, categories, powered, years, HW)}
    hbm = got["hbm"]
    assert (hbm["value"], hbm["low"], hbm["high"]) == (700, 600, 800)
    assert hbm["rung"] == "category-default" and "BANDWIDTH CLASS" in hbm["method"]
    assert hbm["inputs"]["peers"] == ["big1", "big2", "big3"]
    # Without the catalogue's bandwidths there is no class: the part stays on rule P1.
    assert "hbm" not in {f["subject"] for f in family_power(TDPS, categories, powered, years)}
    hardware = list(HW.values())
    assert not power_class_problems([*TDPS, *got.values()], hardware)
    (problem,) = [p for p in power_class_problems(TDPS, hardware) if p[1] == "hbm"]
    assert "power-class-missing" in problem[2]
