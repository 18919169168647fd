"""Class D (audit 1796585890): CCF-method instance power held to SPECpower results of the
same CPU generation and socket count, on a small SPECpower fixture."""

from __future__ import annotations

from pathlib import Path

from carbonfactors_pipeline.importers._cpu_arch import ArchMapper
from carbonfactors_pipeline.importers._instance_specpower import (
    SPECPOWER,
    bound,
    read_results,
    same_host,
)

HEADER = (
    ",Benchmark,Hardware Vendor,System,Result,avg. watts @ 100%,avg. watts @ active idle,"
    "# Cores,Chips,# Cores Per Chip,# Threads Per Core,CPU Description,Processor MHz,"
    "Total Memory (GB),Power Supply Details,Published,Total Threads\n"
)
ROWS = (
    "1,power_ssj2008,Fujitsu,PRIMERGY RX8770 M7,1,3995.0,1308.0,480,8,60,2,"
    "Intel Xeon Platinum 8490H,1900,2,psu,Jun-2023,960\n"
    "2,power_ssj2008,Lenovo,ThinkSystem SR950 V3,1,4087.0,1200.0,480,8,60,2,"
    "Intel Xeon Platinum 8490H,1900,4,psu,Mar-2025,960\n"
    "3,power_ssj2008,Dell,PowerEdge R760,1,800.0,200.0,120,2,60,2,"
    "Intel Xeon Platinum 8490H,1900,1,psu,Mar-2024,240\n"
)


def _results(tmp_path: Path) -> list:
    path = tmp_path / SPECPOWER
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + ROWS)
    return read_results(tmp_path, ArchMapper(tmp_path / "none"))["Sapphire Rapids"]


def _power(basis: str, value: float) -> dict:
    return {
        "id": f"power:x:{basis}",
        "value": value,
        "unit": "W",
        "basis": basis,
        "method": "CCF method.",
        "inputs": {"vcpus": 896},
    }


def test_terabyte_host_gets_bounds_reaching_eight_socket_results(tmp_path: Path) -> None:
    results = same_host(_results(tmp_path), 896)
    assert sorted(r.system for r in results) == ["PRIMERGY RX8770 M7", "ThinkSystem SR950 V3"]
    full = _power("max", 8544.683)
    bound(full, "max", 896, 896, results)
    assert (full["low"], full["high"], full["value"]) == (3995, 8544.683, 8544.683)
    assert list(full)[:4] == ["id", "value", "low", "high"]
    assert full["inputs"]["specpower_same_host_w"] == 4087
    assert "3995-4087 W at 100 % load" in full["method"]
    idle = _power("min", 3386.112)
    bound(idle, "min", 896, 896, results)
    assert idle["low"] == 1200


def test_a_value_near_the_measured_range_keeps_no_bounds(tmp_path: Path) -> None:
    results = same_host(_results(tmp_path), 240)  # a 2-socket host: only the R760
    assert [r.system for r in results] == ["PowerEdge R760"]
    half = _power("max", 450.0)  # half a host: 0.5 x 800 W = 400 W, within 1.25x
    bound(half, "max", 120, 240, results)
    assert "low" not in half and half["inputs"]["specpower_same_host_w"] == 400
    far = _power("max", 900.0)
    bound(far, "max", 120, 240, results)
    assert far["low"] == 400 and "x 0.5 vCPU share" in far["method"]
