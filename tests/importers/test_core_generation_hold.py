"""Class TA (audit 1796660847 #43): a chip with no SPECpower result of its own (Graviton2)
is held to the measured chips of its core generation (Ampere Altra, Neoverse N1), its
Teads curve and CCF-method value alike; the screen ``instance-above-specpower`` flags a
Graviton2 power value held to none; and CCF's Arm rows copied from an x86 row are said
(O1)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from _specpower_fixtures import HEADER, teads_factor

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cloud_instance_factors import _hold_to_specpower
from carbonfactors_pipeline.importers._cpu_arch import ArchMapper
from carbonfactors_pipeline.importers._host_power import HostPower
from carbonfactors_pipeline.importers._instance_power_shape import arm_proxy_note
from carbonfactors_pipeline.importers._instance_specpower import (
    SPECPOWER,
    read_results,
    same_generation,
)
from carbonfactors_pipeline.screens import Reasons

#: An Altra Q64-30-like 1-socket result (CCF's SPECpower file line 229: 73.1 W idle,
#: 123 W full, 64 threads) and a 2-socket one the 64-vCPU host does not match.
ROWS = (
    "1,power_ssj2008,FALINUX,AnyStor-700EC,1,123.0,73.1,64,1,64,1,"
    "Ampere Altra 64-Bit Multi-Core Processor Q64-30,3000,32,psu,Dec-2022,64\n"
    "2,power_ssj2008,FALINUX,AnyStor-700EC,1,250.0,125.0,128,2,64,1,"
    "Ampere Altra 64-Bit Multi-Core Processor Q64-30,3000,64,psu,Dec-2022,128\n"
)
#: r6g.medium: 1 vCPU of a 64-vCPU Graviton2 host, 8 GB; CCF's Graviton2 row.
HOST = HostPower(1, 8, 0.392, 0.474262, 1.692962, "micro-architecture Graviton2", 0.2)
#: Teads' r6g.medium terms (package, DRAM, platform delta), aws-instances.csv line 340.
TERMS = {"idle": (0.27, 1.6, 0.5), "load-100": (2.39, 4.8, 0.5)}


def _teads(basis: str, value: float) -> dict[str, Any]:
    return teads_factor("aws:r6g.medium", basis, value)


def _ccf(basis: str) -> dict[str, Any]:
    return {
        "id": f"power:aws:r6g.medium:2026:ccf-coefficients:{basis}",
        "kind": "power",
        "subject": "aws:r6g.medium",
        "year": 2026,
        "value": round(HOST.watts(basis), 3),
        "unit": "W",
        "basis": basis,
        "source": "ccf-coefficients",
        "method": HOST.method(basis),
        "inputs": {"vcpus": 1, "memory_gb": 8},
    }


def _held(tmp_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    path = tmp_path / SPECPOWER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + ROWS)
    results = read_results(tmp_path, ArchMapper(tmp_path / "none"))
    assert "Graviton2" not in results and len(results["Ampere Altra"]) == 2
    tables = SimpleNamespace(specpower=results, mapper=ArchMapper(tmp_path / "none"))
    inst = SimpleNamespace(
        id="aws:r6g.medium",
        type="r6g.medium",
        gpu_count=0,
        teads_gpus=0,
        vcpus=1,
        archs=[],
        cpu="Annapurna Labs Graviton2",
        hosts=[SimpleNamespace(platform_vcpus=64)],
        teads_terms=TERMS,
    )
    teads = [_teads("idle", 2.3), _teads("load-100", 7.7)]
    out = [_ccf("min"), _ccf("max")]
    _hold_to_specpower(inst, tables, HOST, out, None, teads=teads)  # type: ignore[arg-type]
    return teads, out


def test_graviton2_is_matched_to_the_altra_results_of_its_core_generation() -> None:
    results: dict[str, list[Any]] = {"Ampere Altra": [object()], "Graviton3": []}
    assert same_generation(["Graviton2"], results) == ("Arm Neoverse N1", ["Ampere Altra"])
    # Graviton3 (Neoverse V1) has no measured chip of its generation: unmatched
    assert same_generation(["Graviton3"], results) == ("", [])


def test_a_graviton2_teads_curve_gets_the_low_bound_and_the_sentence(tmp_path: Path) -> None:
    (idle, full), _ = _held(tmp_path)
    assert idle["inputs"]["specpower_same_host_w"] == round(73.1 / 64, 3)
    assert idle["inputs"]["specpower_core_generation"] == "Arm Neoverse N1"
    assert (idle["value"], idle["low"], idle["high"]) == (2.3, round(73.1 / 64, 3), 2.3)
    assert "2.01x the highest" in idle["method"] and "Neoverse N1" in idle["method"]
    assert "1.6 W is its DRAM term" in idle["method"] and "0.5 W its platform" in idle["method"]
    assert "no Graviton2 result exists" in idle["method"]
    assert full["low"] == round(123 / 64, 3) and "4.01x" in full["method"]


def test_the_ccf_value_of_a_graviton2_type_is_held_to_the_same_results(tmp_path: Path) -> None:
    _, (lo, hi) = _held(tmp_path)
    assert lo["inputs"]["specpower_same_host_w"] == round(73.1 / 64, 3)  # 2.074 W: 1.82x
    assert lo["low"] == round(73.1 / 64, 3) and "Neoverse N1" in lo["method"]
    assert hi["inputs"]["specpower_results"] == 1  # the 2-socket result is not this host's


def _screen(factors: list[dict[str, Any]], cpu: str) -> dict[str, str]:
    hw = [
        {
            "id": "aws:r6g.medium",
            "category": "cloud_instance",
            "specs": {"vcpus": 1, "memory_gb": 8, "cpu": cpu},
        }
    ]
    return {fl.factor: fl.rule for fl in screen_hardware(factors, hw, Reasons({}, {}, [], [], {}))}


def test_the_screen_flags_a_graviton2_value_held_to_no_result_of_its_generation() -> None:
    rule = "instance-above-specpower"
    bare = _teads("idle", 2.3)
    assert _screen([bare], "Annapurna Labs Graviton2") == {bare["id"]: rule}
    # a Graviton3 (Neoverse V1) has nothing measured of its generation: not flagged
    assert _screen([bare], "AWS Graviton3 Processor") == {}
    # held to the Altra Q64-30-like share (73.1 W / 64) but 2.01x above it, no bound
    ref = {"specpower_same_host_w": 1.142, "specpower_results": 1, "specpower_host_vcpus": 64}
    unbounded = bare | {"inputs": ref}
    assert _screen([unbounded], "Annapurna Labs Graviton2") == {bare["id"]: rule}
    assert _screen([unbounded | {"low": 1.142, "high": 2.3}], "Annapurna Labs Graviton2") == {}


def test_ccf_arm_rows_copied_from_an_x86_row_are_said() -> None:
    row = (0.4742621527777777, 1.6929615162037035)
    table = {"EPYC 2nd Gen": row, "Graviton2": row, "Graviton3": row, "Skylake": (0.6, 4.2)}
    note = arm_proxy_note(["Graviton2"], table)
    assert "equals its EPYC 2nd Gen row" in note and "not an Arm measurement" in note
    assert arm_proxy_note(["Graviton2"], table | {"EPYC 2nd Gen": (0.5, 1.7)}) == ""
    assert arm_proxy_note(["Skylake"], table) == ""
    four = arm_proxy_note(["Graviton2", "Graviton3"], table)
    assert "Graviton2/Graviton3 rows" in four and "equal its EPYC 2nd Gen row" in four
    assert arm_proxy_note(["Graviton2", "Graviton3"], table | {"Graviton3": (0.5, 2.0)}) == ""
