"""Class MS (a bare-metal size smaller than its family's largest, sized as a whole server
beside its same-shape virtual size's share): sys13 pass over instance embodied, each on a
small fixture that trips it."""

from __future__ import annotations

from typing import Any

import pytest

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._instance_component import Hosts
from carbonfactors_pipeline.importers._metal_share import whole_kg
from carbonfactors_pipeline.instance_shape_screen import RULE
from carbonfactors_pipeline.screens import Reasons

DRAM = 533.0 / 384.0


def _instance(iid: str, vcpus: int, memory: int) -> dict[str, Any]:
    specs = {
        "vcpus": vcpus,
        "memory_gb": memory,
        "cpu": "AMD EPYC 9R45",
        "sources": {"vcpus": "ccf-coefficients", "memory_gb": "ccf-coefficients"},
    }
    return {"id": iid, "category": "cloud_instance", "specs": specs}


FAMILY = [
    _instance("aws:c8a.24xlarge", 96, 192),
    _instance("aws:c8a.48xlarge", 192, 384),
    _instance("aws:c8a.metal-24xl", 96, 192),
    _instance("aws:c8a.metal-48xl", 192, 384),
]


def test_ms_smaller_metal_takes_its_virtual_twins_host_for_embodied_only() -> None:
    hosts = Hosts(FAMILY)
    metal, virtual = FAMILY[2], FAMILY[0]
    assert hosts.embodied_of(metal) == hosts.embodied_of(virtual) == (192, 384)
    assert hosts.of(metal) == (96, 192)  # power keeps the whole smaller server
    assert hosts.beside_metal(metal) and hosts.beside_metal(virtual)
    assert not hosts.beside_metal(FAMILY[3])  # the largest metal is the host itself
    assert whole_kg(96, 192) == pytest.approx(1000 + 176 * DRAM)  # the high bound


def _embodied(subject: str, value: float, method: str = "") -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2026:test:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2026,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "test",
        "method": method,
    }


def _rules(fs: list[dict[str, Any]]) -> dict[str, str]:
    flags = screen_hardware(fs, FAMILY, Reasons({}, {}, [], [], {}))
    return {fl.factor: fl.rule for fl in flags if fl.rule == RULE}


def test_ms_same_shape_spread_without_a_note_is_flagged() -> None:
    virtual = _embodied("aws:c8a.24xlarge", 755.396)
    metal = _embodied("aws:c8a.metal-24xl", 1244.292)  # the old whole-server reading
    assert _rules([virtual, metal]) == {metal["id"]: RULE}
    # explained (class MS note) or within 25%: kept
    metal["method"] = "... class MS, sys13 ..."
    assert _rules([virtual, metal]) == {}
    metal["method"], metal["value"] = "", 1.2 * 755.396
    assert _rules([virtual, metal]) == {}
    # a different shape in the family is not compared
    big = _embodied("aws:c8a.48xlarge", 3000.0)
    assert _rules([virtual, big]) == {}
