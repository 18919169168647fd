"""Azure host readings settled per server design (A3), slices re-hosted (AZB), and -flex
families on their parent's servers (C3F): audit 2026-12-06 seed 1796594162."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonfactors_pipeline.importers._azure_hosts import design, settle, widen
from carbonfactors_pipeline.importers._cloud_instance_factors import embodied_factors
from carbonfactors_pipeline.importers._cloud_read import Host, Instance, read_latest_2026
from carbonfactors_pipeline.importers._variant_families import host_family

DRAM = 533.0 / 384.0


def _azure(
    out: dict[str, Instance], t: str, series: str, arch: str, v: float, m: float,
    pv: float, pm: float, extra: float = 100.0,
) -> Instance:  # fmt: skip
    """A CCF 2021 Azure row: host total = 1,000 + DRAM add-on + ``extra`` add-ons."""
    memory_kg = (pm - 16) * DRAM
    inst = out.setdefault(f"azure:{t}", Instance("azure", t, vcpus=v, memory_gb=m))
    inst.hosts.append(
        Host("ccf-2021", f"{series} ({arch})", 1000 + memory_kg + extra, pv, v, 2021, arch,
             memory_kg=memory_kg, platform_memory_gb=pm, instance_memory_gb=m)
    )  # fmt: skip
    return inst


def _value(inst: Instance, spreads: dict) -> dict:
    facs = embodied_factors(inst)
    widen(facs, spreads.get(inst.id))
    return facs[0]


def test_design_key_reads_additive_features_and_version() -> None:
    assert design("standard_e20ds_v4") == ("e", "ds", "v4")
    assert design("standard_ds11_v2") == ("d", "s", "v2")
    assert design("standard_b1ms") == ("b", "ms", "")
    assert design("standard_d15i_v2") == ("d", "i", "v2")


def test_a3_twin_series_take_one_host_with_bounds_reaching_the_other_reading() -> None:
    out: dict[str, Instance] = {}
    ed = _azure(
        out, "standard_e20d_v4", "E2d – E64d v4", "Cascade Lake", 20, 160, 64, 504, extra=200
    )
    _azure(out, "standard_e64d_v4", "E2d – E64d v4", "Cascade Lake", 64, 504, 64, 504, extra=200)
    eds = _azure(
        out, "standard_e20ds_v4", "E2ds – E64ds v4", "Cascade Lake", 20, 160, 80, 504, extra=200
    )
    _azure(
        out, "standard_e80ids_v4", "E2ds – E64ds v4", "Cascade Lake", 80, 504, 80, 504, extra=200
    )
    before = embodied_factors(ed)[0]["value"]
    assert before == pytest.approx(590.032, abs=0.01)  # CCF's 64-vCPU reading
    spreads = settle(out)
    fac, twin = _value(ed, spreads), _value(eds, spreads)
    assert fac["value"] == twin["value"] == pytest.approx(515.032, abs=0.01)
    assert fac["low"] == pytest.approx(515.032, abs=0.01)
    assert fac["high"] == pytest.approx(590.032, abs=0.01)
    assert "class A3" in fac["method"]
    assert "azure-vm-naming" in fac["derived_from"]["sources"]


def test_a3_a_row_whose_host_cannot_hold_its_series_is_re_hosted() -> None:
    out: dict[str, Instance] = {}
    d16 = _azure(out, "standard_d16_v4", "D2 – D64 v4", "Cascade Lake", 16, 64, 16, 256)
    d32 = _azure(out, "standard_d32_v4", "D2 – D64 v4", "Cascade Lake", 32, 128, 256, 256)
    _azure(out, "standard_d64_v4", "D2 – D64 v4", "Cascade Lake", 64, 256, 256, 256)
    _azure(out, "standard_d64s_v4", "D2s – D64s v4", "Cascade Lake", 64, 256, 64, 256)
    assert embodied_factors(d16)[0]["value"] == pytest.approx(1183.28, abs=0.01)
    spreads = settle(out)
    a, b = _value(d16, spreads), _value(d32, spreads)
    # one host for the design: the smallest credible reading holding D64 v4, 64 vCPUs
    assert a["value"] * 2 == pytest.approx(b["value"])
    assert a["value"] == pytest.approx(333.12 * 64 / 256 + 1100 * 16 / 64, abs=0.01)
    # the 16-vCPU reading cannot hold D64 v4: not a bound; the 256-vCPU one is
    assert a["high"] == pytest.approx(a["value"])
    assert a["low"] == pytest.approx(333.12 * 64 / 256 + 1100 * 16 / 256, abs=0.01)


def test_azb_a_burstable_family_is_a_slice_of_a_series_server() -> None:
    out: dict[str, Instance] = {}
    b1 = _azure(out, "standard_b1ms", "Bs-series", "Unknown", 1, 2, 20, 80, extra=150)
    _azure(out, "standard_b20ms", "Bs-series", "Unknown", 20, 80, 20, 80, extra=150)
    for n in (2, 64):  # a Dv3 server on the B-series page's processors
        _azure(out, f"standard_d{n}_v3", "D2-64 v3", "Haswell", n, 4 * n, 64, 256)
    assert embodied_factors(b1)[0]["value"] == pytest.approx(59.721, abs=0.01)
    spreads = settle(out)
    fac = _value(b1, spreads)
    assert fac["value"] == pytest.approx(1150 / 64 + 333.12 * 2 / 256, abs=0.01)
    assert fac["high"] == pytest.approx(59.721, abs=0.01)  # CCF's reading kept as a bound
    assert fac["inputs"]["host_vcpus"] == [64]
    assert "class AZB" in fac["method"]


def test_azb_an_isolated_or_whole_node_host_is_kept() -> None:
    out: dict[str, Instance] = {}
    d11 = _azure(out, "standard_d11_v2", "D11-15 v2", "Haswell", 2, 14, 20, 140, extra=150)
    _azure(out, "standard_d15i_v2", "D11-15 v2", "Haswell", 20, 140, 20, 140, extra=150)
    h8 = _azure(out, "standard_h8", "H-series", "Haswell", 8, 56, 16, 224, extra=150)
    _azure(out, "standard_h16", "H-series", "Haswell", 16, 224, 16, 224, extra=150)
    _azure(out, "standard_d64_v3", "D2-64 v3", "Haswell", 64, 256, 64, 256)
    before = embodied_factors(d11)[0]["value"], embodied_factors(h8)[0]["value"]
    spreads = settle(out)
    a, b = _value(d11, spreads), _value(h8, spreads)
    assert (a["value"], b["value"]) == before
    assert a["inputs"]["whole_host"] == "azure-vm-naming"
    assert b["inputs"]["whole_host"] == "azure-hpc-vm-overviews"


def test_c3f_a_flex_family_is_hosted_by_its_parents_server(tmp_path: Path) -> None:
    assert host_family("c7i-flex") == "c7i" and host_family("c7i") == "c7i"
    data = tmp_path / "data"
    data.mkdir()
    cpu = "Intel Xeon Sapphire Rapids"
    rows = [
        ("m7i.xlarge", 4, 16, "1.9"), ("m7i.48xlarge", 192, 768, "1.9"),
        ("m7i-flex.xlarge", 4, 16, "1.9"), ("m7i-flex.16xlarge", 64, 256, ""),
    ]  # fmt: skip
    (data / "aws-instances-latest-2026.csv").write_text(
        "Category,Instance Type,vCPUs,Memory (GiB),Platform CPU Name,"
        "Platform Embedded Emissions (mtCo2eq)\n"
        + "".join(f"General Purpose,{t},{v},{m},{cpu},{tco2}\n" for t, v, m, tco2 in rows)
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
    flex = embodied_factors(out["aws:m7i-flex.xlarge"])[0]
    parent = embodied_factors(out["aws:m7i.xlarge"])[0]
    # was 1,900 x 4/64 = 118.75 on the flex family's own largest size
    assert flex["value"] == parent["value"] == pytest.approx(1900 * 4 / 192, abs=0.01)
    # a flex size with no total of its own shares the parent platform's
    assert out["aws:m7i-flex.16xlarge"].hosts[0].platform_vcpus == 192
