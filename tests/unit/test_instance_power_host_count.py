"""Classes SK and CS (systematic pass over cloud-instance power, 2026-12-07): the host a
SPECpower reference is counted on. A whole-core vCPU stands for two hardware threads of
silicon; a constrained-vCPU size holds its parent's share with fewer vCPUs active."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._instance_specpower import Held, Result, bound, same_host
from carbonfactors_pipeline.screens import Reasons

RULE = "instance-above-specpower"


def _rules(hw: list[dict[str, Any]], factors: list[dict[str, Any]]) -> dict[str, str]:
    none = Reasons({}, {}, [], [], {})
    return {fl.factor: fl.rule for fl in screen_hardware(factors, hw, none)}


def _power(subject: str, value: float, basis: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"power:{subject}:2026:test:{basis}",
        "kind": "power",
        "subject": subject,
        "value": value,
        "unit": "W",
        "basis": basis,
    } | extra


# Genoa SPECpower results: one 96-core chip (192 threads) and two of them (384 threads).
ONE = Result(100.0, 433.0, 1, 192, "one-socket")
TWO = Result(145.0, 827.0, 2, 384, "two-socket")


def test_a_whole_core_host_is_matched_on_its_threads_not_its_vcpus() -> None:
    # m7a.48xlarge: 192 vCPUs, each a whole core, is 2 x 96-core EPYC 9R14 (384 threads)
    assert same_host([ONE, TWO], 192) == [ONE]  # the old count: half the silicon
    assert same_host([ONE, TWO], 192 * 2) == [TWO]


def test_bound_records_how_the_host_was_counted() -> None:
    fac: dict[str, Any] = {"value": 437.433, "method": "CCF method.", "inputs": {}}
    bound(fac, "min", 192, 192, [TWO], 153.6, held=Held(2))
    assert fac["inputs"]["specpower_threads_per_vcpu"] == 2
    assert fac["low"] == 145.0 and "twice the threads" in fac["method"]
    # a constrained size: the share is its parent's vCPUs, not its active ones
    hb: dict[str, Any] = {"value": 400.0, "method": "CCF method.", "inputs": {}}
    held = Held(2, "standard_hb120rs_v3", 120, 16)
    bound(hb, "min", 120, 120, [TWO], 89.6, held=held)
    assert hb["inputs"]["specpower_share_vcpus"] == 120
    assert hb["inputs"]["specpower_same_host_w"] == 145.0  # the whole server, not 16/120
    assert "standard_hb120rs_v3" in hb["method"]


def test_a_whole_core_value_held_on_its_vcpus_as_threads_is_flagged() -> None:
    hid = "aws:m7a.48xlarge"
    hw = [{"id": hid, "category": "cloud_instance", "specs": {"vcpus": 192}}]
    ref = {
        "vcpus": 192,
        "threads_per_vcpu": 2,
        "w_per_vcpu": 1.478,
        "specpower_same_host_w": 100.0,
        "specpower_host_vcpus": 192,
    }
    old = _power(hid, 437.433, "min", low=50.6, high=437.433, inputs=ref)
    assert _rules(hw, [old]) == {old["id"]: RULE}
    fixed = old | {
        "low": 105.0,
        "inputs": ref | {"specpower_same_host_w": 145.0, "specpower_threads_per_vcpu": 2},
    }
    assert _rules(hw, [fixed]) == {}


def test_a_constrained_size_scaled_by_its_active_vcpus_is_flagged() -> None:
    hid = "azure:standard_m128-32ms"
    hw = [{"id": hid, "category": "cloud_instance", "specs": {"vcpus": 32}}]
    ref = {"vcpus": 32, "specpower_same_host_w": 21.575, "specpower_host_vcpus": 128}
    old = _power(hid, 800.632, "min", low=21.575, high=800.632, inputs=ref)
    assert _rules(hw, [old]) == {old["id"]: RULE}
    fixed = old | {
        "low": 86.3,
        "inputs": ref | {"specpower_same_host_w": 86.3, "specpower_share_vcpus": 128},
    }
    assert _rules(hw, [fixed]) == {}
    # a size that is not constrained is not asked for a parent's share
    plain = "azure:standard_m128ms"
    whole = _power(
        plain,
        940.9,
        "min",
        low=86.3,
        high=940.9,
        inputs=ref | {"vcpus": 128, "specpower_same_host_w": 86.3},
    )
    hw_plain = [{"id": plain, "category": "cloud_instance", "specs": {"vcpus": 128}}]
    assert _rules(hw_plain, [whole]) == {}


def test_an_ampere_altra_value_held_to_no_measured_altra_is_flagged() -> None:
    # Class AP: GCP T2A (Altra Q64-30) took the mean of CCF's Arm rows and skipped the check
    # although Altra servers were measured; held to them it passes.
    from carbonfactors_pipeline.importers._cpu_arch import ArchMapper
    from carbonfactors_pipeline.importers._instance_specpower import measured_arch

    hid = "gcp:t2a-standard-48"
    hw = [{"id": hid, "category": "cloud_instance", "specs": {"vcpus": 48}}]
    method = "CCF method, derived: ... (Arm CPU without a CCF row (Ampere Altra Q64-30): mean ..."
    bare = _power(hid, 156.5, "max", method=method, inputs={"vcpus": 48})
    assert _rules(hw, [bare]) == {bare["id"]: RULE}
    held = bare | {
        "low": 92.25,
        "inputs": {"vcpus": 48, "specpower_same_host_w": 105.0, "specpower_host_vcpus": 64},
    }
    assert _rules(hw, [held]) == {}
    # Class AV (audit 1796669258): NVIDIA Grace is a measured Arm server too (SPECpower's
    # Grace CPU Superchip result), so a Grace value with no hold is flagged like an Altra one.
    grace = bare | {"method": method.replace("Ampere Altra Q64-30", "Nvidia Grace CPU")}
    assert _rules(hw, [grace]) == {grace["id"]: RULE}
    socionext = bare | {"method": method.replace("Ampere Altra Q64-30", "Unlisted Arm SoC")}
    assert _rules(hw, [socionext]) == {}  # no result of that chip: nothing to hold it to
    mapper = ArchMapper.__new__(ArchMapper)
    mapper.arch = lambda _d: None  # type: ignore[method-assign]
    assert measured_arch("Ampere Altra Max M128-30", mapper) == "Ampere Altra Max"
    assert measured_arch("Ampere® Altra® Q80-30", mapper) == "Ampere Altra"
