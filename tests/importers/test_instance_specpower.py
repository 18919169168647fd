"""Class D (audit 1796585890): CCF-method instance power held to SPECpower results of the
same CPU generation and socket count, on a small SPECpower fixture."""

from __future__ import annotations

from pathlib import Path

from _specpower_fixtures import HEADER

from carbonfactors_pipeline.importers._cpu_arch import ArchMapper
from carbonfactors_pipeline.importers._instance_specpower import (
    SPECPOWER,
    bound,
    read_results,
    same_host,
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


def test_a_slice_no_list_hosts_is_held_to_its_share_of_the_inferred_host(
    tmp_path: Path,
) -> None:
    # Class SH (audit 1796606525 #42/#43): a type no list names a host for was held to
    # whole servers of its own vCPUs (here 60: a 1-socket host, no such result on file,
    # so nothing fired); on the 240-vCPU host rule C3 infers it is a quarter of the R760.
    from types import SimpleNamespace

    from carbonfactors_pipeline.importers._cloud_instance_factors import _hold_to_specpower

    arch = "Sapphire Rapids"
    tables = SimpleNamespace(
        specpower={arch: _results(tmp_path)}, mapper=SimpleNamespace(arch=lambda _: arch)
    )
    inst = SimpleNamespace(gpu_count=0, vcpus=60, archs=[arch], cpu="x", hosts=[])
    host = SimpleNamespace(
        spread=None, memory_gb=480, memory_w=lambda _: 0.392, threads_per_vcpu=1, lo=0.5, hi=2.0
    )

    def run(sized: float | None) -> dict:
        fac = _power("max", 450.0)
        _hold_to_specpower(inst, tables, host, [fac], (sized, 0.0) if sized else None)  # type: ignore[arg-type]
        return fac

    alone = run(None)
    # class HN (audit 1796672257): no 1-socket result, so the nearest (the 2-socket R760)
    # per hardware thread: 800 W x 60/240, the same share as the inferred host's
    assert alone["inputs"]["specpower_same_host_w"] == 200
    assert alone["inputs"]["specpower_nearest_sockets"] == "2" and alone["low"] == 200
    sliced = run(240)
    assert sliced["inputs"]["specpower_same_host_w"] == 200  # 800 W x 60/240
    assert sliced["inputs"]["specpower_host_vcpus"] == 240
    assert sliced["low"] == 200 and "rule C3 infers" in sliced["method"]


def test_a_coefficient_that_does_not_reproduce_from_its_results_is_said(tmp_path: Path) -> None:
    # O6 (audit 1796606525): CCF's EPYC 5th Gen row is 13x / 6x the per-thread draw of the
    # Turin results in its own SPECpower file. Here: mean idle per thread of the fixture's
    # three results = (1308/960 + 1200/960 + 200/240) / 3 = 1.148 W.
    from carbonfactors_pipeline.importers._instance_specpower import coefficient_check

    results = _results(tmp_path)
    assert coefficient_check(results, 1.2, 4.0, "Sapphire Rapids") == ""
    said = coefficient_check(results, 3.68, 4.0, "Sapphire Rapids")
    assert "3.2x" in said and "does not reproduce" in said
    assert coefficient_check([], 99.0, 99.0, "x") == ""


def test_a_bound_names_the_cpu_term_when_dram_does_not_explain_it(tmp_path: Path) -> None:
    results = same_host(_results(tmp_path), 240)
    lean = _power("max", 900.0)  # 100 W of DRAM: the CPU term 800 W is 2x the 400 W share
    bound(lean, "max", 120, 240, results, dram_w=100.0)
    assert "the CPU term alone (800 W) is 2.00x" in lean["method"]
    fat = _power("max", 900.0)  # 500 W of DRAM: the CPU term is within 1.25x
    bound(fat, "max", 120, 240, results, dram_w=500.0)
    assert "flat DRAM W/GB" in fat["method"]


def test_ccfs_recount_reproduces_its_rows_and_replaces_one_that_does_not(tmp_path: Path) -> None:
    # Class TU: the recount is the mean per-thread idle / full draw (CCF's method); a row
    # within COEFF_RATIO of it stays central, one above it gives way to the recount.
    from types import SimpleNamespace

    from carbonfactors_pipeline.importers._cloud_instance_factors import _recounted
    from carbonfactors_pipeline.importers._instance_specpower import recount

    results = _results(tmp_path)
    idle, full = recount(results) or (0.0, 0.0)
    assert abs(idle - (1308 / 960 + 1200 / 960 + 200 / 240) / 3) < 1e-9
    t = SimpleNamespace(specpower={"Sapphire Rapids": results})
    kept, note = _recounted([(1.2, 4.0)], [(idle, full)], ["Sapphire Rapids"], t)  # type: ignore[arg-type]
    assert kept == [(1.2, 4.0)] and note == ""
    swapped, note = _recounted([(3.68, 4.0)], [(idle, full)], ["Sapphire Rapids"], t)  # type: ignore[arg-type]
    assert swapped == [(idle, full)] and "kept as the high bound" in note and "3.2x" in note
    assert recount([]) is None


def _multi_tables() -> object:
    """Two architectures with 1-socket results each: Milan-like 128 and Genoa-like 192
    threads per chip (idle / full W)."""
    from types import SimpleNamespace

    from carbonfactors_pipeline.importers._instance_specpower import Result

    milan = [Result(52.5, 228.0, 1, 128, "SR655"), Result(58.0, 272.0, 1, 128, "DL325")]
    genoa = [Result(62.8, 347.0, 1, 192, "SR655 V3"), Result(77.4, 372.0, 1, 192, "R7615")]
    return SimpleNamespace(
        specpower={"EPYC 3rd Gen": milan, "EPYC 4th Gen": genoa, "Zen 9": []},
        mapper=SimpleNamespace(arch=lambda _: None),
    )


def test_a_multi_architecture_type_is_held_to_the_results_of_all_of_them() -> None:
    # Class MA (audit 1796613359 #41): standard_e48ads_v5 (48 of a 96-vCPU host, Milan +
    # Genoa) skipped the check; now held to the envelope of both (share 0.5: highest
    # 77.4 x 0.5 = 38.7 W idle, lowest 52.5 x 0.5 = 26.25 W).
    from types import SimpleNamespace

    from carbonfactors_pipeline.importers._cloud_instance_factors import _hold_to_specpower

    inst = SimpleNamespace(
        gpu_count=0, vcpus=48, archs=["EPYC 3rd Gen", "EPYC 4th Gen"], cpu="x", hosts=[]
    )
    host = SimpleNamespace(
        spread=None,
        memory_gb=384,
        memory_w=lambda b: 0.2 if b == "min" else 0.392,
        threads_per_vcpu=1,
        lo=0.59,
        hi=2.15,
    )
    fac = _power("min", 105.229)
    _hold_to_specpower(inst, _multi_tables(), host, [fac], (96, 0.0))  # type: ignore[arg-type]
    assert fac["inputs"]["specpower_archs"] == ["EPYC 3rd Gen", "EPYC 4th Gen"]
    assert fac["inputs"]["specpower_same_host_w"] == 38.7
    assert fac["low"] == 26.25 and fac["high"] == 105.229
    assert "(EPYC 3rd Gen: 2, EPYC 4th Gen: 2)" in fac["method"]
    assert "2.72x the highest" in fac["method"]
    # an architecture without results is named as such, not read as agreement
    inst.archs = ["EPYC 3rd Gen", "Zen 9"]
    gap = _power("min", 105.229)
    _hold_to_specpower(inst, _multi_tables(), host, [gap], (96, 0.0))  # type: ignore[arg-type]
    assert "Zen 9: none" in gap["method"] and gap["inputs"]["specpower_same_host_w"] == 29


def test_a_terabyte_dram_share_is_said_and_floored_without_a_measurement() -> None:
    # Class D (audit 1796613359 #44): standard_s384m, 384 vCPUs x 0.712834 W + 6,144 GB x
    # 0.2 W/GB = 273.73 + 1,228.8 W; no 8-socket Broadwell result on file.
    from carbonfactors_pipeline.importers._host_power import HostPower
    from carbonfactors_pipeline.importers._instance_dram import say_dram_share

    host = HostPower(384, 6144, 0.392, 0.712834, 3.685328, "Broadwell", 0.2)
    idle = _power("min", 1502.528)
    say_dram_share(host, [idle])
    assert "DRAM is 82% of this value (6144 GB x 0.2 W/GB = 1229 W)" in idle["method"]
    assert (idle["low"], idle["high"]) == (273.728, 1502.528)
    assert list(idle)[:4] == ["id", "value", "low", "high"]
    measured = _power("min", 1502.528)
    measured["inputs"]["specpower_same_host_w"] = 1400.0
    say_dram_share(host, [measured])
    assert "DRAM is 82%" in measured["method"] and "low" not in measured
    small = HostPower(8, 64, 0.392, 0.5, 2.0, "x", 0.2)  # 12.8 of 16.8 W, under a TB
    e8 = _power("min", 16.8)
    say_dram_share(small, [e8])
    assert "DRAM is 76%" in e8["method"] and "low" not in e8
    busy = _power("max", 60.0)  # 64 GB x 0.392 = 25.1 W of 60: not dominant, unsaid
    say_dram_share(small, [busy])
    assert busy["method"] == "CCF method." and "low" not in busy
