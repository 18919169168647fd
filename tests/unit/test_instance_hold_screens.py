"""Screens ``specpower-hold-coverage`` and ``ccf-readings-span`` (audit 1796636393 classes
SR and XR), each on a small record that trips it, and the importer fixes that pass them."""

from __future__ import annotations

import math
from typing import Any

import pytest

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cloud_instance_factors import embodied_factors
from carbonfactors_pipeline.importers._cloud_records import Host, Instance
from carbonfactors_pipeline.importers._instance_specpower import Result, census, same_host
from carbonfactors_pipeline.instance_hold_screens import parse_census
from carbonfactors_pipeline.screens import Reasons

# A 384-thread host (2 x 96-core custom Xeon 6) beside two 2 x 86-core Xeon 6787P
# results (172 threads per chip) and one 2 x 128-core 6980P result (256 per chip).
RESULTS = [
    Result(157.0, 943.0, 2, 344, "PowerEdge R770"),
    Result(161.0, 963.0, 2, 344, "FusionServer 2288 V8"),
    Result(267.0, 1398.0, 2, 512, "FusionServer 2288H V8"),
]
HOST_THREADS = 384.0


def _rules(hw: list[dict[str, Any]], factors: list[dict[str, Any]]) -> dict[str, str]:
    reasons = Reasons({}, {}, [], [], {})
    return {fl.factor: fl.rule for fl in screen_hardware(factors, hw, reasons)}


def _held_power(kept: list[Result]) -> dict[str, Any]:
    return {
        "id": "power:aws:c8id.32xlarge:2026:test:min",
        "kind": "power",
        "subject": "aws:c8id.32xlarge",
        "value": 125.643,
        "unit": "W",
        "basis": "min",
        "inputs": {
            "specpower_census": census(RESULTS),
            "specpower_host_threads": HOST_THREADS,
            "specpower_results": len(kept),
            "specpower_host_vcpus": 384,
        }
        # a hold that kept results records their top share (class HN screen reads it)
        | ({"specpower_same_host_w": 125.643} if kept else {}),
    }


HW = [{"id": "aws:c8id.32xlarge", "category": "cloud_instance", "specs": {"vcpus": 128}}]


def test_census_reads_back() -> None:
    assert census(RESULTS) == "2x172:2 2x256:1"
    assert parse_census(census(RESULTS)) == [(2, 172.0, 2), (2, 256.0, 1)]


def test_a_hold_rounding_sockets_up_is_flagged() -> None:
    ceil = [r for r in RESULTS if math.ceil(HOST_THREADS / (r.threads / r.chips)) == r.chips]
    assert len(ceil) == 1  # the rule before: 384 / 172 = 2.23 -> "3-socket"
    f = _held_power(ceil)
    assert _rules(HW, [f]) == {f["id"]: "specpower-hold-coverage"}


def test_the_nearest_socket_hold_keeps_the_2_socket_results_and_passes() -> None:
    kept = same_host(RESULTS, HOST_THREADS)
    assert len(kept) == 3
    assert _rules(HW, [_held_power(kept)]) == {}
    # rounding up still holds a host whose chips are smaller than the measured one
    # (c4.8xlarge: 2 x 10-core Haswell, 40 threads, beside 2 x 18-core servers)
    assert len(same_host([Result(50.0, 300.0, 2, 72, "R730")], 40.0)) == 1
    # and a misrecorded result twice the chip's threads stays out of a 4-socket count
    assert same_host([Result(400.0, 1500.0, 4, 688, "SR850 V4")], HOST_THREADS) == []


def _t2_micro(other_at_vcpu_share: bool = False) -> list[dict[str, Any]]:
    """A 1-vCPU / 1 GB type on a 48-vCPU / 288 GB host whose 2021 reading allocates its
    377.54 kg DRAM add-on by memory share (aws:t2.micro)."""
    inst = Instance("aws", "t2.micro", vcpus=1, memory_gb=1)
    inst.hosts = [
        Host(
            "ccf-2021",
            "Xeon E5-2676 v3",
            1477.54,
            48,
            1,
            2021,
            memory_kg=377.54,
            platform_memory_gb=288,
            instance_memory_gb=1,
        ),
        Host("ccf-2026", "t2 on Intel Xeon Family", 1100, 48, 1, 2026, accelerator_kg=None),
    ]
    facs = embodied_factors(inst)
    if other_at_vcpu_share:  # the rule before: the 2021 platform total at the vCPU share
        new = next(f for f in facs if f["year"] == 2026)
        new["high"] = new["inputs"]["other_ccf_reading_kgco2e"] = round(1477.54 / 48, 3)
    return facs


def test_each_ccf_reading_is_bounded_by_the_other_filed_value() -> None:
    facs = _t2_micro()
    by_year = {f["year"]: f for f in facs}
    new, old = by_year[2026], by_year[2021]
    assert old["value"] == pytest.approx(22.917 + 1.311, abs=1e-3)
    assert new["inputs"]["other_ccf_reading_kgco2e"] == old["value"]
    assert (new["low"], new["high"]) == (pytest.approx(22.917), old["value"])
    assert old["inputs"]["other_ccf_reading_kgco2e"] == new["value"]
    assert "reading of this type" in new["method"]
    hw = [{"id": "aws:t2.micro", "category": "cloud_instance", "specs": {"vcpus": 1}}]
    assert _rules(hw, facs) == {}


def test_a_bound_quoting_the_other_reading_at_another_share_is_flagged() -> None:
    facs = _t2_micro(other_at_vcpu_share=True)
    new = next(f for f in facs if f["year"] == 2026)
    assert new["high"] == pytest.approx(30.782)
    hw = [{"id": "aws:t2.micro", "category": "cloud_instance", "specs": {"vcpus": 1}}]
    assert _rules(hw, facs) == {new["id"]: "ccf-readings-span"}
    # the filed value outside the bounds is caught too (aws:m4.large 40.97 vs ..39.81)
    old = next(f for f in facs if f["year"] == 2021)
    new["inputs"]["other_ccf_reading_kgco2e"] = old["value"]
    new["high"] = old["value"] - 1.0
    assert _rules(hw, facs) == {new["id"]: "ccf-readings-span"}
