"""Audit 1796674267 classes HA (a small family sized on a host its CPU cannot be) and MX (a
smaller metal size's own power excluded, served the category median), on small fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from carbonfactors_pipeline.importers._instance_component import Hosts, inferred_hosts
from carbonfactors_pipeline.instance_cpu_host_screen import host_vs_cpu, own_power_unused

SRC = {"vcpus": "azure-vm-sizes", "memory_gb": "azure-vm-sizes"}


def _inst(iid: str, vcpus: float, memory: float, cpu: str = "") -> dict[str, Any]:
    specs = {"vcpus": vcpus, "memory_gb": memory, "cpu": cpu, "sources": SRC}
    return {"id": iid, "category": "cloud_instance", "specs": specs}


DCS = [
    _inst("azure:standard_dc2s_v2", 2, 8, "Intel Xeon E-2288G"),
    _inst("azure:standard_dc8_v2", 8, 32, "Intel Xeon E-2288G"),
]
# a provider series of server size, so the median-host fallback exists
OTHERS = [_inst(f"azure:standard_d{n}s_v9", n, 4 * n) for n in (16, 64)]


def test_ha_small_family_is_sized_on_its_cpus_chip_not_the_median() -> None:
    hosts = Hosts([*DCS, *OTHERS])
    assert hosts.chip_host(DCS[0]) is not None
    assert hosts.of(DCS[0]) == (16, 64)  # 1 x 16-thread E-2288G, 4 GB per vCPU
    assert hosts.unknown_span(DCS[0]) is None
    # without a cited CPU the median series host stays (and its span bounds it)
    bare = [_inst("azure:standard_dc2s_v2", 2, 8), _inst("azure:standard_dc8_v2", 8, 32)]
    hosts = Hosts([*bare, *OTHERS])
    assert hosts.chip_host(bare[0]) is None and hosts.unknown_span(bare[0]) is not None


def _c3(host_vcpus: float, low: float, high: float, method: str) -> dict[str, Any]:
    return {
        "id": "embodied:azure:standard_dc2s_v2:2026:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "azure:standard_dc2s_v2",
        "value": 42.007,
        "low": low,
        "high": high,
        "method": method,
        "inputs": {
            "vcpus": 2,
            "memory_gb": 8,
            "host_vcpus": host_vcpus,
            "host_memory_gb": 8 * host_vcpus / 2,
        },
    }


def _power(subject: str, held: float | None, excluded: str = "") -> dict[str, Any]:
    f: dict[str, Any] = {
        "id": f"power:{subject}:2026:test:max:{held}",
        "kind": "power",
        "subject": subject,
        "value": 13.98,
        "inputs": {"specpower_host_vcpus": held} if held else {},
    }
    if excluded:
        f["excluded"] = excluded
    return f


MEDIAN = "Sized instance default (rule C3): ... its family tops out below 12 vCPUs ..."


def test_host_vs_cpu_flags_a_host_above_the_chip_and_one_the_power_denies() -> None:
    power = _power("azure:standard_dc2s_v2", 8)
    found = host_vs_cpu([_c3(64, 7.5, 260.486, MEDIAN), power], DCS)
    assert len(found) == 1 and "16 threads" in found[0][1]  # 64 > 1 x 16 threads
    # on the chip's 16 threads, but the power's 8-vCPU host lies above the high bound
    found = host_vs_cpu([_c3(16, 100.0, 200.0, MEDIAN), power], DCS)
    assert len(found) == 1 and "8-vCPU host" in found[0][1]
    # bounds reaching the 8-vCPU share (255.6 kg) and the chip's host: passes
    assert host_vs_cpu([_c3(16, 100.0, 293.053, MEDIAN), power], DCS) == []


def test_own_power_unused_names_the_excluding_rule() -> None:
    metal = _inst("aws:m8a.metal-24xl", 96, 384, "AMD EPYC 9R45")
    category = _power("category:cloud_instance", None)
    excluded = [
        _power("aws:m8a.metal-24xl", 96, "instance-above-specpower: held as a whole server"),
        _power("aws:m8a.metal-24xl", 95, "instance-above-specpower: held as a whole server"),
    ]
    found = own_power_unused([category, *excluded], [metal])
    assert found and found[0][0] == "aws:m8a.metal-24xl"
    assert "instance-above-specpower" in found[0][1]
    kept = [excluded[0], _power("aws:m8a.metal-24xl", 192)]
    assert own_power_unused([category, *kept], [metal]) == []
    assert own_power_unused(excluded, [metal]) == []  # no category median to fall to


def test_mx_smaller_metal_power_is_held_on_its_embodied_host() -> None:
    fam = {
        r["id"]: r
        for r in (
            _inst("aws:m8a.24xlarge", 96, 384, "AMD EPYC 9R45"),
            _inst("aws:m8a.48xlarge", 192, 768, "AMD EPYC 9R45"),
            _inst("aws:m8a.metal-24xl", 96, 384, "AMD EPYC 9R45"),
            _inst("aws:m8a.metal-48xl", 192, 768, "AMD EPYC 9R45"),
        )
    }
    for r in fam.values():
        r["specs"]["sources"] = {"vcpus": "ccf-coefficients", "memory_gb": "ccf-coefficients"}
    held = inferred_hosts(fam)
    assert held["aws:m8a.metal-24xl"] == held["aws:m8a.24xlarge"] == pytest.approx((192, 768))
    assert held["aws:m8a.metal-48xl"] == pytest.approx((192, 768))
