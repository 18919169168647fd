"""Audit 1796613359 class M1 (#33 Quadro RTX 8000 on the TITAN RTX's die): memory beyond a
same-die product LCA's is costed at that LCA's own memory line, not at ACT DRAM x k, with
bounds that leave room on both sides; the two screens trip on the old-model value."""

from __future__ import annotations

import copy

from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, calibration_cards, hw

from carbonfactors_pipeline.accelerator_memory_review import (
    memory_line_problems,
    on_bound_problems,
    problems,
)
from carbonfactors_pipeline.importers._accelerator_memory_line import MARK
from carbonfactors_pipeline.importers._accelerator_open import OPEN_SOURCE
from carbonfactors_pipeline.importers._accelerator_sized import sized

DRAM = 0.1


def _catalogue() -> dict[str, dict]:
    # card-a: 100 mm² at 7 nm (2 kg) + 10 GB x 0.1 = base 3, LCA 30: k x10, the largest.
    # "big": the same die (area and transistors) with 20 GB, as the RTX 8000 on TU102.
    return calibration_cards() | {"big": hw("big", 100, 7, 20, transistors_billion=1.0)}


def _lcas(line: float | None) -> list[dict]:
    out = copy.deepcopy(CALIBRATION_LCAS)
    if line is not None:
        out[0]["inputs"] = {"video_ram_kgco2e": line}  # card-a: 15 kg for 10 GB, 1.5 kg/GB
    return out


def _sized(cat: dict[str, dict], line: float | None) -> dict[str, dict]:
    return {f["subject"]: f for f in sized(cat, _lcas(line), PER_CM2, 0.0, DRAM, set())}


def test_extra_memory_takes_the_same_die_lcas_own_memory_line() -> None:
    big = _sized(_catalogue(), 15.0)["big"]
    # 30 + (20 - 10) x 15/10 = 45 (the ratio model: 10 x (2 + 20 x 0.1) = 40).
    assert big["value"] == 45.0
    # Low: the ratio model's low (k x5 x 4 = 20); high: the value x the calibration's spread
    # about its median (45 x 10/6 = 75), above the whole card scaled by memory (60).
    assert (big["low"], big["high"]) == (20.0, 75.0)
    assert big["low"] < big["value"] < big["high"]
    assert big["inputs"]["memory_line_kgco2e_per_gb"] == 1.5
    assert big["inputs"]["ratio_model_kgco2e"] == 40.0
    assert big["method"].startswith(MARK)


def test_without_a_memory_line_the_ratio_model_stands_off_its_bounds() -> None:
    big = _sized(_catalogue(), None)["big"]
    assert big["value"] == 40.0
    assert "memory_line_kgco2e_per_gb" not in big["inputs"]
    # k x10 is the largest ratio: high was 40, the value; the spread lifts it to 40 x 10/6.
    assert big["high"] == 66.67 and on_bound_problems([big]) == []


def test_a_second_capacity_reading_of_the_card_is_a_reading_of_the_bounds() -> None:
    cat = _catalogue()
    cat["card-a"]["specs"]["memory_gb_low"] = 5
    cat["same"] = hw("same", 100, 7, 10, transistors_billion=1.0)
    same = _sized(cat, 15.0)["same"]
    # The card's own memory: its LCA; at its 5 GB reading, 30 + 5 x 15/5 = 45 is above it,
    # and the calibration's spread (x10/6) reaches 50.
    assert same["value"] == 30.0 and same["high"] == 50.0
    assert "at its other capacity reading 5 GB: 45.00" in same["method"]


def test_the_screens_trip_on_the_ratio_model_value_and_pass_the_memory_line_value() -> None:
    cat = _catalogue()
    lcas = _lcas(15.0)
    new = _sized(cat, 15.0)["big"]
    old = new | {"value": 40.0, "low": 20.0, "high": 40.0}
    hardware = list(cat.values())
    assert [p[1] for p in on_bound_problems([old])] == [old["id"]]
    got = memory_line_problems([*lcas, old], hardware)
    assert len(got) == 1 and "memory-line" in got[0][2] and "miss card-a 45.00" in got[0][2]
    # Inside wide bounds but below the line: value 41 [20..60] is still memory below it.
    low_value = new | {"value": 41.0}
    got = memory_line_problems([*lcas, low_value], hardware)
    assert len(got) == 1 and "below 45.00" in got[0][2]
    assert problems([*lcas, new], hardware) == []


def test_the_open_analogue_is_not_held_to_the_share_alike_memory_line() -> None:
    cat = _catalogue()
    old = _sized(cat, 15.0)["big"] | {"value": 40.0, "low": 20.0, "high": 50.0}
    opened = old | {"source": OPEN_SOURCE}
    assert memory_line_problems([*_lcas(15.0), opened], list(cat.values())) == []
    assert memory_line_problems([*_lcas(15.0), old], list(cat.values())) != []
