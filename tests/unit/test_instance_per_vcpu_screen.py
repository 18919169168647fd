"""Class HS (audit 2026-12-07 seed 1796630035 part c, #45): an isolated Azure size filed
as its own family left its series' smaller size to take itself as the host."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.importers._cloud_instance_tables import family, host_series
from carbonfactors_pipeline.importers._cloud_read import Instance
from carbonfactors_pipeline.importers._instance_component import Hosts
from carbonfactors_pipeline.importers._instance_component import family as c3_family
from carbonfactors_pipeline.importers._variant_families import series_type
from carbonfactors_pipeline.instance_per_vcpu_screen import RULE, design, per_vcpu_screen
from carbonfactors_pipeline.instance_series_screens import screen_series
from carbonfactors_pipeline.screens import Reasons


def _none() -> Reasons:
    return Reasons({}, {}, [], [], {})


def _hw(iid: str, vcpus: float, memory: float, gpus: int = 0) -> dict[str, Any]:
    specs: dict[str, Any] = {"vcpus": vcpus, "memory_gb": memory, "cpu": "AMD EPYC 9V84"}
    if gpus:
        specs["accelerators"] = [{"model": "nvidia-h100-nvl", "count": gpus}]
    return {"id": iid, "category": "cloud_instance", "specs": specs}


def _sum(subject: str, value: float, host_vcpus: float) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2026:carbonfactors-accelerator-model:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2026,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "carbonfactors-accelerator-model",
        "inputs": {"host_source": "instance", "host_vcpus": [host_vcpus]},
    }


def test_isolation_marker_is_dropped_for_azure_only() -> None:
    assert series_type("azure", "standard_nc80adis_h100_v5") == "standard_nc80ads_h100_v5"
    assert series_type("azure", "standard_e104is_v5") == "standard_e104s_v5"
    assert series_type("azure", "standard_d15i_v2") == "standard_d15_v2"
    assert series_type("azure", "standard_e104-32is_v5") == "standard_e104-32s_v5"
    assert series_type("aws", "i4i.large") == "i4i.large"  # AWS's i is Intel, no marker
    iso = Instance(provider="azure", type="Standard_NC80adis_H100_v5")
    half = Instance(provider="azure", type="Standard_NC40ads_H100_v5")
    assert family(iso) != family(half)  # still filed under its own name
    assert host_series(iso) == host_series(half) == "ncads_h100_v5"


def test_rule_c3_takes_the_isolated_size_as_its_series_host() -> None:
    e96 = _hw("azure:standard_e96s_v5", 96, 672)
    e104 = _hw("azure:standard_e104is_v5", 104, 672)
    assert c3_family(e96) == c3_family(e104)
    assert Hosts([e96, e104]).of(e96) == (104.0, 672.0)


def test_a_half_host_beside_its_whole_host_sibling_is_listed() -> None:
    half, whole = "azure:standard_nc40ads_h100_v5", "azure:standard_nc80adis_h100_v5"
    hw = [_hw(half, 40, 320, 1), _hw(whole, 80, 640, 2)]
    assert design(half) == design(whole)
    # filed apart (before the fix): the 40-vCPU half is its own host, 39.0 kg per vCPU
    split = [_sum(half, 1560.358, 40), _sum(whole, 2142.928, 80)]
    flags = {fl.factor: fl.rule for fl in screen_series(split, hw, _none())}
    assert flags == {split[0]["id"]: RULE}
    # grouped: both on the 80-vCPU host, the same share per vCPU
    grouped = [_sum(half, 1071.464, 80), _sum(whole, 2142.928, 80)]
    assert per_vcpu_screen(grouped, hw, _none()) == []


def test_different_memory_per_vcpu_or_bare_metal_is_not_compared() -> None:
    a, b = "azure:standard_e96s_v5", "azure:standard_e104is_v5"
    hw = [_hw(a, 96, 672), _hw(b, 104, 832)]
    facs = [_sum(a, 1910.0, 96), _sum(b, 1910.0, 104)]
    assert per_vcpu_screen(facs, hw, _none()) == []
    metal = "aws:m8a.metal-24xl"
    hw = [_hw(metal, 96, 384), _hw("aws:m8a.large", 2, 8)]
    facs = [_sum(metal, 1500.0, 96), _sum("aws:m8a.large", 21.0, 192)]
    assert per_vcpu_screen(facs, hw, _none()) == []
