"""Audit 1796621837 class T7 (#39 TPU v7): a derived embodied value that names a gap it
leaves out, or scales from a part drawing far less power, must have room in its high bound
(screen ``derived-bounds-named-gap``). Checked on small fixtures and on the shipped file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carbonfactors_pipeline.accelerator_gap_review import named_gap_problems, problems

ROOT = Path(__file__).resolve().parents[2]


def _tdp(subject: str, watts: float) -> dict[str, Any]:
    return {
        "id": f"power:{subject}:2024:vendor:tdp",
        "kind": "power",
        "subject": subject,
        "value": watts,
        "unit": "W",
        "basis": "tdp",
    }


def _base() -> dict[str, Any]:
    return {
        "id": "embodied:chip-a:2023:vendor-lca:manufacturing",
        "kind": "embodied",
        "subject": "chip-a",
        "value": 800.0,
        "unit": "kgCO2e",
        "rung": "published-estimate",
    }


def _scaled(high: float, method: str = "memory scaled from chip-a") -> dict[str, Any]:
    return {
        "id": "embodied:chip-b:2025:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "chip-b",
        "value": 880.0,
        "low": 660.0,
        "high": high,
        "unit": "kgCO2e",
        "rung": "component-model",
        "method": method,
        "inputs": {"factors": [_base()["id"]]},
    }


def test_a_part_at_1_8x_its_siblings_tdp_with_8_percent_bounds_trips() -> None:
    power = [_tdp("chip-a", 540.0), _tdp("chip-b", 960.0)]
    tight = _scaled(950.0)  # +8%, as TPU v7 had
    got = named_gap_problems([_base(), tight, *power])
    assert [r for _, r, _ in got] == [tight["id"]]
    assert "1.78x chip-a" in got[0][2]
    assert named_gap_problems([_base(), _scaled(1084.0), *power]) == []  # +23%
    # the same TDP as the sibling and no gap named: memory scaling alone is fine
    assert named_gap_problems([_base(), tight, _tdp("chip-a", 900.0), _tdp("chip-b", 960.0)]) == []


def test_a_named_gap_with_tight_bounds_trips_and_is_in_the_module_problems() -> None:
    said = _scaled(950.0, "the silicon difference is not modelled (said, not bounded)")
    got = problems([_base(), said], [])
    assert [r for _, r, _ in got] == [said["id"]]
    assert "not modelled" in got[0][2]
    no_high = said | {"high": None}
    assert [r for _, r, _ in named_gap_problems([no_high])] == [said["id"]]
    # a published figure is not a derived value, whatever its method says
    assert named_gap_problems([_base() | {"method": "x not modelled", "high": 800.0}]) == []


def test_the_shipped_tpu_v7_value_bounds_its_second_die() -> None:
    path = ROOT / "factors/hardware/accelerators/embodied-components.yaml"
    factors = yaml.safe_load(path.read_text())["factors"]
    power = yaml.safe_load((ROOT / "factors/hardware/accelerators/google.yaml").read_text())
    power_factors = [f for f in power.get("factors", []) if f.get("kind") == "power"]
    assert named_gap_problems(factors + power_factors) == []
    v7 = next(f for f in factors if f["subject"] == "google-tpu-v7")
    assert v7["value"] == 878.75 and v7["high"] == 1083.97
    assert v7["inputs"]["second_die_high_kgco2e"] == 133.5
