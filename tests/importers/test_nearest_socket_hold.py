"""Class HN (audit 1796672257 #41): a host whose socket count no SPECpower result has is
held to the nearest socket count's results per hardware thread, and the screen
``specpower-hold-coverage`` flags a value with a census but no reference left silent."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cloud_instance_factors import _hold_to_specpower
from carbonfactors_pipeline.importers._instance_specpower import (
    Result,
    census,
    nearest_socket,
    same_host,
)
from carbonfactors_pipeline.instance_hold_screens import HOLD_RULE, UNHELD_WORDS
from carbonfactors_pipeline.screens import Reasons

#: Two 2 x E5-2699 v3 servers (72 threads, CCF's SPECpower file: 39.0 / 75.9 W idle) and
#: a 1-socket i5-4570 desktop (4 threads), the shapes azure:standard_g2's census lists.
HASWELL = [
    Result(39.0, 264.0, 2, 72, "PowerEdge R630"),
    Result(75.9, 302.0, 2, 72, "SYS-1028R-WC1RT"),
    Result(20.0, 80.0, 1, 4, "Optiplex i5"),
]
TABLES = SimpleNamespace(
    specpower={"Haswell": HASWELL}, mapper=SimpleNamespace(arch=lambda _: None)
)
#: The 32-vCPU G5 host of a 4-vCPU G2 (CCF's Haswell row, 56 GB).
HOST = SimpleNamespace(
    spread=None, memory_gb=56, memory_w=lambda b: 0.2, threads_per_vcpu=1, lo=1.9, hi=6.0
)


def _power(value: float = 18.802) -> dict[str, Any]:
    return {
        "id": "power:azure:standard_g2:2026:ccf-coefficients:min",
        "kind": "power",
        "subject": "azure:standard_g2",
        "year": 2026,
        "value": value,
        "unit": "W",
        "basis": "min",
        "source": "ccf-coefficients",
        "method": "CCF method.",
        "inputs": {"vcpus": 4, "memory_gb": 56},
    }


def _held() -> dict[str, Any]:
    inst = SimpleNamespace(
        id="azure:standard_g2",
        type="standard_g2",
        gpu_count=0,
        vcpus=4,
        archs=["Haswell"],
        cpu="Intel Xeon E5-2698B v3",
        hosts=[SimpleNamespace(platform_vcpus=32)],
    )
    fac = _power()
    _hold_to_specpower(inst, TABLES, HOST, [fac])  # type: ignore[arg-type]
    return fac


def test_no_result_has_the_hosts_socket_count() -> None:
    assert same_host(HASWELL, 32) == []  # 32 / 36 -> 1 socket; 32 / 4 -> 8


def test_the_nearest_socket_count_is_taken_per_thread() -> None:
    near = nearest_socket(HASWELL, 32)
    assert [r.system for r in near] == ["PowerEdge R630", "SYS-1028R-WC1RT"]
    assert round(near[1].idle, 4) == round(75.9 * 32 / 72, 4)


def test_the_host_is_held_to_the_nearest_results_with_a_bound_and_a_sentence() -> None:
    fac = _held()
    top = 75.9 * 32 / 72 * 4 / 32  # 4.217 W: 4 of 72 threads of the highest server
    assert fac["inputs"]["specpower_same_host_w"] == round(top, 3)
    assert fac["inputs"]["specpower_nearest_sockets"] == "2"
    assert fac["low"] == round(39.0 * 4 / 72, 3) and fac["high"] == 18.802
    assert "socket count nearest the host's" in fac["method"]
    assert "4.46x the highest" in fac["method"]
    assert "per hardware thread x the host's 32 threads" in fac["method"]


def test_a_value_within_the_nearest_share_keeps_no_bound() -> None:
    inst_fac = _power(4.5)
    inst = SimpleNamespace(
        id="azure:standard_g2",
        type="standard_g2",
        gpu_count=0,
        vcpus=4,
        archs=["Haswell"],
        cpu="x",
        hosts=[SimpleNamespace(platform_vcpus=32)],
    )
    _hold_to_specpower(inst, TABLES, HOST, [inst_fac])  # type: ignore[arg-type]
    assert "low" not in inst_fac and inst_fac["inputs"]["specpower_results"] == 2


def _flags(fac: dict[str, Any]) -> set[tuple[str, str]]:
    hw = [{"id": "azure:standard_g2", "category": "cloud_instance", "specs": {"vcpus": 4}}]
    reasons = Reasons({}, {}, [], [], {})
    return {(fl.factor, fl.rule) for fl in screen_hardware([fac], hw, reasons)}


def test_the_screen_flags_a_census_without_a_reference() -> None:
    silent = _power()
    silent["inputs"] |= {"specpower_census": census(HASWELL), "specpower_host_threads": 32}
    assert (silent["id"], HOLD_RULE) in _flags(silent)
    said = _power()
    said["inputs"] = dict(silent["inputs"])
    said["method"] += f" Its census lists results but {UNHELD_WORDS}: no shape fits."
    assert (said["id"], HOLD_RULE) not in _flags(said)
    assert (silent["id"], HOLD_RULE) not in _flags(_held())
