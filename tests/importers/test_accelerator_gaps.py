"""Issue 20, audit 1796594162: accelerator and system values that left evidence on file
unused, each with the validator screen that catches its class on a small fixture: an
undated part with its memory on file on the catalogue median (C3, Cloud AI 100), a part
with no memory on file costed at 0 GB (M2, Maia 100), a die costed at its year's median
node while its density siblings agree on another (D5, RTX 4080), and a rack whose value is
the sum of the parts on file, by its own note an underestimate (S, GB200 NVL72)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, calibration_cards
from _accelerator_fixtures import hw as _hw

from carbonfactors_pipeline.accelerator_gap_review import (
    memory_zero_problems,
    node_density_problems,
    system_floor_problems,
)
from carbonfactors_pipeline.accelerator_sizing_review import memory_peer_problems
from carbonfactors_pipeline.importers._accelerator_sized import sized

ROOT = Path(__file__).resolve().parents[2]


def _sized(hw: dict, tdp: dict | None = None) -> dict[str, dict]:
    return {
        f["subject"]: f for f in sized(hw, CALIBRATION_LCAS, PER_CM2, 0.0, 0.1, set(), tdp or {})
    }


def test_an_undated_part_with_memory_is_sized_on_its_memory_peers() -> None:
    undated = _hw("undated", None, None, 16) | {"release_year": None, "category": "accelerator"}
    hw = calibration_cards() | {
        "m1": _hw("m1", 100, 7, 16),
        "m2": _hw("m2", 200, 7, 16),
        "m3": _hw("m3", 300, 7, 16),
        "undated": undated,
    }
    got = _sized(hw)
    f = got["undated"]
    assert f["rung"] == "category-default" and "MEMORY PEERS" in f["method"]
    # Peers m1..m3 (dies 2, 4, 6 kg at 2 kg/cm²) + 16 GB x 0.1; k median 6.
    assert f["value"] == pytest.approx(6 * (4 + 1.6))
    # Filed under the newest peer's year, said in the note.
    assert f["year"] == 2020 and "No release year on file" in f["method"]
    # The screen: with the value, nothing; without it (the part on the catalogue median), C3.
    factors = list(got.values()) + CALIBRATION_LCAS
    assert not memory_peer_problems(factors, list(hw.values()))
    (problem,) = memory_peer_problems(
        [x for x in factors if x["subject"] != "undated"], list(hw.values())
    )
    assert problem[1] == "undated" and "memory-peers-missing" in problem[2]


def test_unknown_memory_is_taken_from_power_peers_never_zero() -> None:
    hw = calibration_cards() | {
        "p1": _hw("p1", 100, 7, 8),
        "p2": _hw("p2", 200, 7, 16),
        "p3": _hw("p3", 300, 7, 32),
        "far": _hw("far", 300, 7, 96),  # 600 W: outside the power band
        "nomem": _hw("nomem", 150, 7, None),  # die 3 kg
        "sram": _hw("sram", 160, 7, 0.2),  # its memory is stated (on-chip SRAM)
    }
    tdp = {"p1": 80.0, "p2": 100.0, "p3": 150.0, "far": 600.0, "nomem": 100.0, "sram": 100.0}
    got = _sized(hw, tdp)
    f = got["nomem"]
    assert f["inputs"]["memory_gb"] == 16  # median of 8, 16, 32
    assert f["value"] == pytest.approx(6 * (3 + 1.6))
    assert f["low"] == pytest.approx(5 * (3 + 0.8))  # smallest k, at 8 GB
    assert f["high"] == pytest.approx(10 * (3 + 3.2))  # largest k, at 32 GB
    assert "never 0 GB" in f["method"] and "p1, p2, p3" in f["method"]
    factors = list(got.values())
    assert not memory_zero_problems(factors, list(hw.values()))
    stale = f | {"inputs": f["inputs"] | {"memory_gb": 0.0}}
    (problem,) = memory_zero_problems([stale], list(hw.values()))
    assert problem[1] == f["id"] and "memory-unknown-zero" in problem[2]
    # A part whose stated memory is small is not "unknown".
    assert got["sram"]["inputs"]["memory_gb"] == 0.2


def test_a_missing_node_follows_the_density_siblings_before_the_year_median() -> None:
    hw = calibration_cards() | {
        "s1": _hw("s1", 100, 5, 8, transistors_billion=12.5),  # 125 MTr/mm²
        "s2": _hw("s2", 300, 5, 8, transistors_billion=36.0),  # 120 MTr/mm²
        "ada": _hw("ada", 200, None, 8, transistors_billion=24.0),  # 120 MTr/mm²
    }
    f = _sized(hw)["ada"]
    # The 2020 chips' nodes are 7, 7, 28, 5, 5 (median 7); the density siblings say 5.
    assert f["inputs"]["process_nm"] == 5
    assert f["inputs"]["process_nm_from"] == "density siblings: s1, s2"
    assert f["value"] == pytest.approx(6 * (2 * 2.5 + 0.8))
    # The bounds keep the year's span (28 nm at the smallest k).
    assert f["low"] == pytest.approx(5 * (2 * 1.0 + 0.8))
    assert "class D5" in f["method"]
    assert not node_density_problems([f], list(hw.values()))
    stale = f | {"inputs": f["inputs"] | {"process_nm_from": "release-year peers: card-a"}}
    (problem,) = node_density_problems([stale], list(hw.values()))
    assert "node-density-unused" in problem[2] and "s1, s2" in problem[2]


def test_a_system_value_called_an_underestimate_is_a_problem() -> None:
    rack = {"id": "rack", "category": "server", "specs": {"accelerators": [{"model": "g"}]}}
    floor = {
        "id": "embodied:rack:2025:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "rack",
        "rung": "component-model",
        "value": 10.0,
        "high": 20.0,
        "method": "Sum of parts. Missing: the trays and the rack: an underestimate of the rack.",
    }
    (problem,) = system_floor_problems([floor], [rack])
    assert "system-floor-default" in problem[2]
    whole = floor | {"method": "Estimate of the whole rack; low = the parts on file.", "low": 8}
    assert not system_floor_problems([whole], [rack])


def test_the_shipped_nvl72_is_a_whole_rack_estimate_with_its_parts_as_low() -> None:
    data = yaml.safe_load((ROOT / "factors/hardware/systems/nvidia.yaml").read_text())
    assert not system_floor_problems(data["factors"], data["hardware"])
    rack = next(
        f
        for f in data["factors"]
        if f["subject"] == "nvidia-gb200-nvl72" and f["kind"] == "embodied"
    )
    i = rack["inputs"]
    # the parts on file at their own lows (audit 1796642882 class GS: Grace at the server-CPU
    # default's low, not at CCF's 100 per socket, which is that default's high)
    lpddr = i["grace_cpus"] * i["grace_lpddr5x_gb"] * i["lpddr_kgco2e_per_gb"]
    parts = i["gpus"] * i["per_gpu_low"] + i["grace_cpus"] * i["cpu_kgco2e_low"] + lpddr
    assert rack["low"] == pytest.approx(parts) == i["parts_on_file_kgco2e"]
    trays = i["compute_trays"] * (i["server_base_kgco2e"] + i["cpu_kgco2e"])
    switches = i["switch_trays"] * i["server_base_kgco2e"]
    gpus = i["gpus"] * i["per_gpu_kgco2e"]
    assert rack["value"] == pytest.approx(gpus + trays + lpddr + switches)
    assert rack["low"] < rack["value"] < rack["high"]
