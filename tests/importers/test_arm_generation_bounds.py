"""Class AV (audit 1796669258 #41, #45): a Graviton4 (Neoverse V2) instance beside a
one-line SPECpower file holding an NVIDIA Grace CPU Superchip result (CCF's file line 1029)
is bounded by that result, its note names the Grace result and why it may read high, and
the screen ``instance-arm-below-measured`` flags the shipped-before factor (bounded by the
Altra top only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _specpower_fixtures import HEADER

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cpu_arch import ArchMapper
from carbonfactors_pipeline.importers._host_power import HostPower
from carbonfactors_pipeline.importers._instance_arm_power import arm_bounds, arm_measured
from carbonfactors_pipeline.importers._instance_specpower import (
    SPECPOWER,
    read_results,
    same_generation,
)
from carbonfactors_pipeline.instance_power_screen import core_generation
from carbonfactors_pipeline.screens import Reasons

GRACE = (
    "1064,power_ssj2008,Supermicro,SuperServer ARS-221GL-NR,13218.0,619.0,298.0,144,1,144,1,"
    "Grace CPU Superchip,3400,480,P/N: PWS-2K09F-1R,Jul-2024,144\n"
)


ALTRA = (
    "240,power_ssj2008,FALINUX,AnyStor-700EC,8335.0,123.0,73.1,64,1,64,1,"
    "Ampere Altra 64-Bit Multi-Core Processor Q64-30,3000,32,psu,Dec-2022,64\n"
)
#: m8g.8xlarge: 32 vCPUs, 128 GB, CCF's Graviton4 row (equal to its EPYC 2nd Gen row).
M8G = HostPower(32, 128, 0.392, 0.474262, 1.692962, "micro-architecture Graviton4", 0.2)


def _specpower(tmp_path: Path, rows: str) -> dict[str, Any]:
    path = tmp_path / SPECPOWER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + rows)
    return read_results(tmp_path, ArchMapper(tmp_path / "none"))


def _out(host: HostPower, cpu: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"power:aws:m8g.8xlarge:2026:ccf-coefficients:{b}",
            "kind": "power",
            "subject": "aws:m8g.8xlarge",
            "year": 2026,
            "value": round(host.watts(b), 3),
            "unit": "W",
            "basis": b,
            "source": "ccf-coefficients",
            "method": host.method(b) + f" ({cpu}). Not a measurement.",
            "inputs": {"vcpus": 32, "memory_gb": 128, "w_per_vcpu": w},
            "derived_from": {"factors": [], "sources": ["ccf-coefficients"]},
        }
        for b, w in (("min", host.lo), ("max", host.hi))
    ]


def _rules(factors: list[dict[str, Any]], cpu: str) -> dict[str, str]:
    hw = [
        {
            "id": "aws:m8g.8xlarge",
            "category": "cloud_instance",
            "specs": {"vcpus": 32, "memory_gb": 128, "cpu": cpu},
        }
    ]
    return {
        fl.factor: fl.rule
        for fl in screen_hardware(factors, hw, Reasons({}, {}, [], [], {}))
        if fl.rule == "instance-arm-below-measured"
    }


def test_grace_is_read_as_an_arm_server_of_graviton4s_core_generation(tmp_path: Path) -> None:
    spec = _specpower(tmp_path, GRACE)
    assert len(spec["NVIDIA Grace"]) == 1
    assert core_generation("AWS Graviton4 Processor") == ("Graviton4", "Arm Neoverse V2")
    assert core_generation("Google Axion") == ("Google Axion", "Arm Neoverse V2")
    assert core_generation("AWS Graviton3 Processor") is None
    # bounded by the Grace share, not held to it as a host share (BOUND_ONLY, class SH)
    assert same_generation(["Graviton4"], spec) == ("", [])


def test_a_graviton4_type_is_bounded_by_the_grace_share(tmp_path: Path) -> None:
    cpu = "AWS Graviton4 Processor"
    out = _out(M8G, cpu)
    arm_bounds(M8G, out, arm_measured(_specpower(tmp_path, GRACE + ALTRA)), cpu)
    idle, full = out
    assert idle["value"] == pytest.approx(40.776) and full["value"] == pytest.approx(104.351)
    # idle: CCF's value + 32 x (298 / 144 - 0.474262); full: 32 x 619 / 144 (the V2 share)
    assert idle["high"] == pytest.approx(40.776 + 32 * (2.0694 - 0.474262), abs=2e-3)
    assert full["high"] == pytest.approx(32 * 4.2986, abs=2e-3)
    assert idle["inputs"]["arm_generation"] == "Arm Neoverse V2"
    assert idle["inputs"]["arm_measured_set"] == ["Ampere Altra", "NVIDIA Grace"]
    assert "Ampere Altra / NVIDIA Grace" in idle["method"]  # the set named = the set checked
    for f in out:
        assert "2U GPU-server chassis" in f["method"] and "480 GB of LPDDR5X" in f["method"]
        assert "nextplatform-graviton4-neoverse-v2" in f["derived_from"]["sources"]
    assert _rules(out, cpu) == {}
    # a Graviton2 beside the same file is bounded by its own generation (Altra), not Grace
    g2 = _out(M8G, "AWS Graviton2 Processor")
    arm_bounds(M8G, g2, arm_measured(_specpower(tmp_path, GRACE + ALTRA)), "AWS Graviton2")
    assert g2[0]["inputs"]["arm_generation"] == "Arm Neoverse N1"
    assert g2[0]["high"] == pytest.approx(40.776 + 32 * (73.1 / 64 - 0.474262), abs=2e-3)


def test_the_screen_flags_the_graviton4_point_bounded_by_the_altra_top_only() -> None:
    cpu = "AWS Graviton4 Processor"
    idle, full = _out(M8G, cpu)
    # held to the Grace result at its 32/96 share of an m8g.metal-24xl host (class TA hold)
    for f, ref in ((idle, 298 / 3), (full, 619 / 3)):
        f["inputs"] |= {"specpower_same_host_w": round(ref, 3), "specpower_host_vcpus": 96}
    # release 2028.09: idle high 62.15 (the Altra top), no arm record, full unbounded
    old = idle | {"high": 62.15}
    old["inputs"] = old["inputs"] | {"arm_measured_idle_w_per_thread": [0.5586, 1.1422]}
    flagged = _rules([old, full], cpu)
    rule = "instance-arm-below-measured"
    assert flagged == {old["id"]: rule, full["id"]: rule}
    rec = {
        "arm_measured_set": ["Ampere Altra", "NVIDIA Grace"],
        "arm_generation_top_w_per_thread": 4.2986,
    }
    # bounded by every Arm server (or N1) while its own generation was measured: flagged
    n1_rec = full["inputs"] | rec | {"arm_generation": "Arm Neoverse N1"}
    n1 = full | {"high": 140.0, "inputs": n1_rec}
    assert _rules([n1], cpu) == {n1["id"]: "instance-arm-below-measured"}
    # its generation, but the high short of 32 x 4.2986 = 137.6 W: flagged; reaching it: clean
    v2 = rec | {"arm_generation": "Arm Neoverse V2"}
    short = full | {"high": 120.0, "inputs": full["inputs"] | v2}
    assert _rules([short], cpu) == {short["id"]: "instance-arm-below-measured"}
    assert _rules([short | {"high": 137.555}], cpu) == {}
    # a note saying "every Arm server" that names only the Altra: flagged
    said = short | {
        "high": 137.555,
        "method": "Graviton4 ... below every Arm server (Ampere Altra) ...",
    }
    assert _rules([said], cpu) == {said["id"]: "instance-arm-below-measured"}
