"""Class DA (audit 1796621837): the host part of an accelerated type's sum-of-parts power
is held to SPECpower and its DRAM share said, as a plain CCF-method value is; the sum's
bounds are the parts' bounds. Fixture: aws:g6e.16xlarge's shape (EPYC 3rd Gen, 64 of a
192-vCPU host, 512 GB, one accelerator)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from _specpower_fixtures import HEADER

from carbonfactors_pipeline.importers._accelerated_types import AccelPart
from carbonfactors_pipeline.importers._cloud_instance_factors import _hold_to_specpower
from carbonfactors_pipeline.importers._cpu_arch import ArchMapper
from carbonfactors_pipeline.importers._host_power import HostPower
from carbonfactors_pipeline.importers._instance_dram import say_dram_share
from carbonfactors_pipeline.importers._instance_host_part import host_part
from carbonfactors_pipeline.importers._instance_specpower import SPECPOWER, read_results
from carbonfactors_pipeline.importers._instance_sums import accelerated_power

ARCH = "EPYC 3rd Gen"
ROWS = (
    "1,power_ssj2008,HPE,ProLiant DL385 Gen10 Plus,1,548.0,191.0,128,2,64,2,"
    "AMD EPYC 7763,2450,256,psu,Mar-2021,256\n"
    "2,power_ssj2008,Lenovo,ThinkSystem SR665,1,406.0,75.6,128,2,64,2,"
    "AMD EPYC 7713,2000,256,psu,Apr-2021,256\n"
)


HOST = HostPower(
    vcpus=64,
    memory_gb=512,
    memory_w_per_gb=0.392,
    lo=0.455625,
    hi=1.957334,
    arch_note=f"micro-architecture {ARCH}",
    memory_idle_w_per_gb=0.2,
)


def _sums(tmp_path: Path, hold: bool) -> dict[str, dict]:
    path = tmp_path / SPECPOWER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + ROWS)
    results = read_results(tmp_path, ArchMapper(tmp_path / "none"))
    assert len(results[ARCH]) == 2
    tables = SimpleNamespace(specpower=results, mapper=SimpleNamespace(arch=lambda _: ARCH))
    inst = SimpleNamespace(
        id="aws:g6e.16xlarge",
        gpu_count=1,
        vcpus=64,
        archs=[ARCH],
        cpu="AMD EPYC 7R13",
        hosts=[SimpleNamespace(platform_vcpus=192)],
    )
    gpu = SimpleNamespace(
        idle=SimpleNamespace(value=40.0, lo=39.4, hi=41.2, id="power:g:idle", source="x"),
        full=SimpleNamespace(value=350.0, lo=350.0, hi=350.0, id="power:g:tdp", source="y"),
    )
    held = [host_part(HOST, b) for b in ("min", "max")]
    if hold:
        _hold_to_specpower(inst, tables, HOST, held, None, part=True)  # type: ignore[arg-type]
        say_dram_share(HOST, held)
    accel = [AccelPart("gpu", 1, "aws-ec2-accelerated-instances")]
    out = accelerated_power(
        inst,  # type: ignore[arg-type]
        HOST,
        accel,
        {"gpu": gpu},  # type: ignore[dict-item]
        [],
        (),
        {p["basis"]: p for p in held},
    )
    return {f["basis"]: f for f in out}


def test_the_host_part_of_a_sum_is_held_and_its_bounds_add_the_accelerators(
    tmp_path: Path,
) -> None:
    f = _sums(tmp_path, hold=True)
    mn, mx = f["min"], f["max"]
    # 64 x 0.455625 + 512 x 0.2 = 131.56 host + 40 W accelerator idle
    assert mn["value"] == 171.56
    # host low = 75.6 x 64/192 = 25.2, + the accelerator's 39.4 W low; max: 135.333 + 350
    assert (mn["low"], mn["high"]) == (64.6, 172.76)
    assert mn["inputs"]["specpower_same_host_w"] == 63.667
    assert "Host part (CPU and memory) 131.56 W [25.2..131.56]" in mn["method"]
    assert "DRAM is 78% of this value" in mn["method"]
    assert "low/high = the host part's low/high + the accelerators'" in mn["method"]
    assert mx["low"] == 485.333 and mx["value"] == 675.973
    # O7: a derived sum cites carbonfactors at both points, its parts in derived_from
    assert mn["source"] == mx["source"] == "carbonfactors-derived"
    assert mx["id"].endswith(":carbonfactors-derived:max")
    assert mx["derived_from"]["factors"] == ["power:g:tdp"]


def test_without_the_hold_the_sum_keeps_only_the_accelerators_bounds(tmp_path: Path) -> None:
    mn = _sums(tmp_path, hold=False)["min"]
    assert (mn["low"], mn["high"]) == (170.96, 172.76)
    assert "DRAM is" not in mn["method"] and "specpower_same_host_w" not in mn["inputs"]
