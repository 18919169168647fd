"""Classes HP, AI, SC and HT (sys13 pass over cloud-instance power): the shape an
instance's power is charged for, each screen on a small fixture that trips it."""

from __future__ import annotations

from typing import Any

import pytest

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cloud_read import Host, Instance
from carbonfactors_pipeline.importers._host_power import HostPower
from carbonfactors_pipeline.importers._instance_arm_power import arm_bounds, arm_measured
from carbonfactors_pipeline.importers._instance_power_shape import (
    burst_bounds,
    charge_whole_host,
    hpc_thread_bounds,
    idle_floor_at_full_load,
    whole_host_vcpus,
)
from carbonfactors_pipeline.importers._instance_specpower import Result
from carbonfactors_pipeline.instance_power_shape_screen import burstable
from carbonfactors_pipeline.screens import Reasons


def _rules(hw: list[dict[str, Any]], factors: list[dict[str, Any]]) -> dict[str, str]:
    none = Reasons({}, {}, [], [], {})
    return {fl.factor: fl.rule for fl in screen_hardware(factors, hw, none)}


def _hw(hid: str, vcpus: int, memory: float, cpu: str) -> list[dict[str, Any]]:
    specs = {"vcpus": vcpus, "memory_gb": memory, "cpu": cpu}
    return [{"id": hid, "category": "cloud_instance", "specs": specs}]


def _power(hid: str, basis: str, value: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"power:{hid}:2026:ccf-coefficients:{basis}",
        "kind": "power",
        "subject": hid,
        "year": 2026,
        "value": value,
        "unit": "W",
        "basis": basis,
        "source": "ccf-coefficients",
        "method": "CCF method, derived: vCPUs x W per vCPU. Not a measurement.",
    } | extra


def _out(host: HostPower) -> list[dict[str, Any]]:
    return [
        _power("x:y", b, host.watts(b), inputs={"vcpus": host.vcpus, "w_per_vcpu": w})
        | {"derived_from": {"factors": [], "sources": ["ccf-coefficients"]}}
        for b, w in (("min", host.lo), ("max", host.hi))
    ]


# hpc7a.12xlarge: 24 of the node's 192 vCPUs enabled, all of its 768 GB (EPYC 4th Gen)
HPC7A = HostPower(24, 768, 0.392, 0.739148, 2.0, "EPYC 4th Gen", 0.2)


def test_hp_a_size_holding_its_whole_host_is_charged_the_hosts_idle() -> None:
    inst = Instance("aws", "hpc7a.12xlarge", vcpus=24, memory_gb=768)
    assert whole_host_vcpus(inst, (192, 768)) == 192  # rule C3's inferred host, all its GB
    assert whole_host_vcpus(inst, (192, 1536)) is None  # half the memory: a slice
    listed = Instance("aws", "hpc7g.4xlarge", vcpus=16, memory_gb=128)
    listed.hosts.append(Host("ccf-2026", "hpc7g", 630.0, 64, 64, 2026))  # _cloud_read: whole
    assert whole_host_vcpus(listed, None) == 64
    # another list's host, or a constrained size (its parent's share, class CS): not HP
    teads = Instance("gcp", "e2-highmem-16", vcpus=16, memory_gb=128)
    teads.hosts.append(Host("teads-gcp", "e2", 1255.0, 32, 32, 2021))
    assert whole_host_vcpus(teads, (32, 128)) is None  # a listed host: no inferred one
    parent = Instance("azure", "standard_e64-16s_v3", vcpus=16, memory_gb=432)
    parent.constrained_parent = "standard_e64s_v3"
    parent.hosts.append(Host("ccf-2026", "esv3", 1777.0, 64, 64, 2026))
    assert whole_host_vcpus(parent, None) is None
    out = _out(HPC7A)
    slice_min = out[0]["value"]  # 171.34 W: 24 vCPUs' idle + all the DRAM
    charge_whole_host(HPC7A, out, 192)
    assert out[0]["value"] == pytest.approx(192 * 0.739148 + 768 * 0.2, abs=1e-3)
    assert out[0]["low"] == pytest.approx(slice_min, abs=1e-3)
    assert out[1]["value"] == pytest.approx(
        192 * 0.739148 + 24 * (2.0 - 0.739148) + 768 * 0.392, abs=1e-3
    )
    assert "holds its whole host" in out[0]["method"]
    out[0]["low"] = 50.6  # the SPECpower hold: measured whole servers at idle
    idle_floor_at_full_load(out)
    assert out[1]["low"] == 50.6  # full load on 24 cores draws at least the idle host


def test_hp_screen_trips_on_a_whole_host_size_charged_as_a_slice() -> None:
    hid = "aws:hpc7a.12xlarge"
    emb = {
        "id": f"embodied:{hid}:2026:x",
        "kind": "embodied",
        "subject": hid,
        "value": 2041.4,
        "unit": "kgCO2e",
        "method": "... the base whole (24 of 192 vCPUs, but all of the host's 768 GB: no "
        "other instance fits beside it, class HC).",
    }
    inputs = {"vcpus": 24, "memory_gb": 768, "w_per_vcpu": 0.739148}
    old = _power(hid, "min", 171.34, low=6.325, high=171.34, inputs=inputs)
    hw = _hw(hid, 24, 768, "AMD EPYC 9R14")
    assert _rules(hw, [emb, old]).get(old["id"]) == "instance-whole-host-power"
    fixed = old | {"value": 295.516, "inputs": inputs | {"whole_host_vcpus": 192}}
    assert _rules(hw, [emb, fixed]).get(fixed["id"]) != "instance-whole-host-power"
    short = fixed | {"value": 100.0}  # recorded but below the host's CPU idle alone
    assert _rules(hw, [emb, short]).get(short["id"]) == "instance-whole-host-power"


ALTRA = [Result(64.3, 300.0, 1, 80, "a"), Result(146.2, 400.0, 1, 128, "b")]


def test_ai_arm_idle_below_the_measured_altra_servers_gets_a_high_bound() -> None:
    spec = {"Ampere Altra": ALTRA[:1], "Ampere Altra Max": ALTRA[1:]}
    measured = arm_measured(spec)
    assert measured is not None
    assert measured.idle_range() == pytest.approx((64.3 / 80, 146.2 / 128))
    host = HostPower(8, 16, 0.392, 0.474262, 1.5, "Graviton2", 0.2)
    out = _out(host)
    arm_bounds(host, out, measured, "AWS Graviton2 Processor")
    assert out[0]["high"] == pytest.approx(out[0]["value"] + 8 * (1.1422 - 0.474262), abs=1e-3)
    # full load (class AV): the measured N1 share, 8 x 300 W / 80 threads, above the value
    assert out[1]["high"] == pytest.approx(8 * 3.75) and out[1]["value"] < 30
    hid = "aws:m6g.2xlarge"
    hw = _hw(hid, 8, 16, "AWS Graviton2")
    # held to its Neoverse N1 generation's results since class TA (8 x 79 W / 64): in range
    ref = {"specpower_same_host_w": 9.875, "specpower_results": 4, "specpower_host_vcpus": 64}
    arm = {"vcpus": 8, "w_per_vcpu": 0.474262} | ref
    method = "CCF method, derived: vCPUs x min W per vCPU (micro-architecture Graviton2; ...)"
    bare = _power(hid, "min", 6.994, method=method, inputs=arm)
    assert _rules(hw, [bare]).get(bare["id"]) == "instance-arm-idle"
    rec = arm | {"arm_measured_idle_w_per_thread": [0.5586, 1.1422]}
    narrow = bare | {"high": 7.5, "inputs": rec}
    assert _rules(hw, [narrow]).get(narrow["id"]) == "instance-arm-idle"
    held = bare | {"low": 6.994, "high": 12.337, "inputs": rec}
    assert _rules(hw, [held]).get(held["id"]) != "instance-arm-idle"


def test_sc_burstable_full_load_is_the_burst_and_low_reaches_the_baseline() -> None:
    assert burstable("gcp:e2-micro") and burstable("gcp:g1-small")
    assert burstable("azure:standard_b2ats_v2") and burstable("aws:t3.nano")
    assert not burstable("gcp:e2-standard-2") and not burstable("azure:standard_d2s_v5")
    host = HostPower(2, 1, 0.392, 0.6, 2.5, "Skylake", 0.2)
    out = _out(host)
    burst_bounds(Instance("gcp", "e2-micro", vcpus=2, memory_gb=1), out)
    assert out[1]["low"] == pytest.approx(out[0]["value"])  # no baseline on file: idle
    assert "SHARED-CORE / BURSTABLE" in out[0]["method"]
    aws = _out(host)
    burst_bounds(Instance("aws", "t3.micro", vcpus=2, memory_gb=1), aws)  # 10 % per vCPU
    lo, hi = aws[0]["value"], aws[1]["value"]
    assert aws[1]["low"] == pytest.approx(lo + 0.1 * (hi - lo), abs=1e-3)
    assert aws[1]["inputs"]["burst_baseline_pct_per_vcpu"] == 10.0
    assert "ccf-instance-tables" in aws[1]["derived_from"]["sources"]
    hid = "gcp:e2-micro"
    hw = _hw(hid, 2, 1, "Intel Skylake")
    i = {"vcpus": 2, "w_per_vcpu": 0.6}
    idle = _power(hid, "min", 1.4, inputs=i)
    full = _power(hid, "max", 5.392, inputs=i | {"w_per_vcpu": 2.5})
    flagged = _rules(hw, [idle, full])
    assert flagged == {
        idle["id"]: "instance-burstable-baseline",
        full["id"]: "instance-burstable-baseline",
    }
    said = "CCF method. SHARED-CORE / BURSTABLE: not on file."
    ok = [idle | {"method": said}, full | {"method": said, "low": 1.4}]
    assert _rules(hw, ok) == {}
    high_low = [ok[0], ok[1] | {"low": 5.0}]  # the low bound stops short of the baseline
    assert _rules(hw, high_low) == {full["id"]: "instance-burstable-baseline"}


def test_ht_hpc_value_states_the_thread_question_and_reaches_the_whole_core_reading() -> None:
    host = HostPower(96, 384, 0.392, 0.455625, 1.957334, "EPYC 3rd Gen", 0.2)
    out = _out(host)
    hpc_thread_bounds(Instance("aws", "hpc6a.48xlarge", vcpus=96), host, out, None)
    assert out[0]["high"] == pytest.approx(out[0]["value"] + 96 * 0.455625, abs=1e-3)
    assert "THREADS PER VCPU UNCONFIRMED" in out[1]["method"]
    hid = "aws:hpc6a.48xlarge"
    hw = _hw(hid, 96, 384, "AMD EPYC 7R13")
    inputs = {"vcpus": 96, "w_per_vcpu": 0.455625}
    bare = _power(hid, "min", 120.54, inputs=inputs)
    assert _rules(hw, [bare]).get(bare["id"]) == "instance-hpc-threads"
    fixed = bare | {
        "method": out[0]["method"],
        "high": 120.54 + 96 * 0.455625,
    }
    assert _rules(hw, [fixed]).get(fixed["id"]) != "instance-hpc-threads"
