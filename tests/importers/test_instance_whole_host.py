"""Class HC (a size holding all of its host's memory holds the whole host) and class WH (a
whole host's list figure far above a server of its configuration): sys13 pass over cloud
instance embodied defaults, each on a small fixture that trips it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonfactors_pipeline.ccf_host import holds_host, host_share_kg, share_note
from carbonfactors_pipeline.hardware_screens import own_server_kg, screen_hardware
from carbonfactors_pipeline.importers._cloud_instance_factors import embodied_factors
from carbonfactors_pipeline.importers._cloud_read import Instance, read_latest_2026
from carbonfactors_pipeline.instance_host_screens import WHOLE_HOST_RULE
from carbonfactors_pipeline.screens import Reasons

DRAM = 533.0 / 384.0


def test_hc_sized_size_with_all_of_the_hosts_memory_takes_the_whole_base() -> None:
    # hpc7a.12xlarge: 24 of the node's 192 vCPUs enabled, all of its 768 GB
    assert holds_host(24, 768, 192, 768)
    whole = 1000 + (768 - 16) * DRAM
    assert host_share_kg(24, 768, 192, 768) == pytest.approx(whole)  # was 1,168.8
    assert "class HC" in share_note(24, 768, 192, 768)
    # an ordinary share keeps its vCPU share (c8a.24xlarge: half the 48xlarge's memory)
    assert not holds_host(96, 192, 192, 384)
    assert host_share_kg(96, 192, 192, 384) == pytest.approx(500 + (384 - 16) * DRAM / 2)
    assert share_note(96, 192, 192, 384) == "the base by vCPU share (96 / 192)"
    assert not holds_host(192, 768, 192, 768)  # the host itself is no special case


def _list(tmp_path: Path, rows: list[tuple[str, int, int, str]], cpu: str) -> dict[str, Instance]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "aws-instances-latest-2026.csv").write_text(
        "Category,Instance Type,vCPUs,Memory (GiB),Platform CPU Name,"
        "Platform Embedded Emissions (mtCo2eq)\n"
        + "".join(f"HPC Optimized,{t},{v},{m},{cpu},{tco2}\n" for t, v, m, tco2 in rows)
    )
    (data / "aws-instances.csv").write_text("Instance type,Platform Total Number of vCPU\n")
    (data / "aws-instances-cpus.csv").write_text(
        "CPU Name,Platform Total Number of vCPU,Platform Number of CPU Socket(s),"
        "Total Number of vCPU per socket\n"
    )
    (data / "gcp-instances-latest-2026.csv").write_text(
        "Instance Type,Instance vCPU,Instance Memory,CPU Name,Platform,Microarchitecture\n"
    )
    out: dict[str, Instance] = {}

    def get(provider: str, t: str) -> Instance:
        return out.setdefault(f"{provider}:{t}", Instance(provider, t))

    read_latest_2026(tmp_path, get)
    return out


def test_hc_listed_core_reduced_hpc_size_is_charged_the_whole_node(tmp_path: Path) -> None:
    rows = [
        ("hpc7g.4xlarge", 16, 128, "0.63"),
        ("hpc7g.16xlarge", 64, 128, "0.63"),
        ("c7g.4xlarge", 16, 32, "0.63"),
        ("c7g.16xlarge", 64, 128, "0.63"),
    ]
    out = _list(tmp_path, rows, "AWS Graviton3E Processor")
    hpc = embodied_factors(out["aws:hpc7g.4xlarge"])[0]
    assert hpc["value"] == pytest.approx(630)  # was 630 x 16/64 = 157.5
    assert hpc["inputs"]["instance_vcpus"] == 64
    assert "class HC" in hpc["method"]
    # a size with a quarter of the memory stays a quarter of the host
    plain = embodied_factors(out["aws:c7g.4xlarge"])[0]
    assert plain["value"] == pytest.approx(157.5)
    assert "class HC" not in plain["method"]


def _instance(iid: str, **specs: Any) -> dict[str, Any]:
    return {"id": iid, "category": "cloud_instance", "specs": specs}


def _embodied(subject: str, value: float, host: int, mine: int) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2026:test:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "inputs": {"host_vcpus": [host], "instance_vcpus": mine},
    }


def _rules(hw: list[dict[str, Any]], fs: list[dict[str, Any]]) -> dict[str, str]:
    flags = screen_hardware(fs, hw, Reasons({}, {}, [], [], {}))
    return {fl.factor: fl.rule for fl in flags}


def test_wh_whole_host_far_above_a_server_of_its_configuration_is_flagged() -> None:
    # u-6tb1.metal: CCF's 2026 list gives it the 45 t of every u-*tb1 host
    specs = {"vcpus": 448, "memory_gb": 6144}
    hw = [_instance("aws:u-6tb1.metal", **specs)]
    cap = own_server_kg(specs)
    assert cap == pytest.approx(1000 + (6144 - 16) * DRAM + 28 * 100)
    bad = _embodied("aws:u-6tb1.metal", 45000, 448, 448)
    assert _rules(hw, [bad]) == {bad["id"]: WHOLE_HOST_RULE}
    # the 24 TB host's same 45 t is within the slack (1.19x its own cap): kept
    big = {"vcpus": 448, "memory_gb": 24576}
    ok = _embodied("aws:u-24tb1.metal", 45000, 448, 448)
    assert _rules([_instance("aws:u-24tb1.metal", **big)], [ok]) == {}
    # a share above the cap is instance-over-host's, not this rule's
    share = _embodied("aws:u-6tb1.56xlarge", 22500, 448, 224)
    hw2 = [_instance("aws:u-6tb1.56xlarge", vcpus=224, memory_gb=6144)]
    assert _rules(hw2, [share]) == {share["id"]: "instance-over-host"}
