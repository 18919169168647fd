"""Importers boavizta-pcf, cloud-instances, components and lifetimes on hand-written fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.importers._cloud_read import ccf_host_embodied
from carbonfactors_pipeline.importers._common import number
from carbonfactors_pipeline.importers.cloud_instances import teads_idle_dram_w_per_gb
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "hardware_catalog"
IMPORTERS = ("boavizta-pcf", "components", "cloud-instances", "lifetimes")
#: The one accelerator the instance fixtures can point at (another importer owns the real ones).
A100 = {
    "hardware": [
        {
            "id": "nvidia-a100-sxm4-40gb",
            "name": "NVIDIA A100 SXM4 40GB",
            "category": "gpu",
            "vendor": "NVIDIA",
            "aliases": ["A100 SXM4 40GB"],
        }
    ]
}


def _snapshot(factors: Path) -> dict[str, bytes]:
    folders = [
        "hardware/servers",
        "hardware/storage",
        "hardware/components",
        "hardware/instances",
        "lifetimes",
    ]
    return {
        str(p.relative_to(factors)): p.read_bytes()
        for f in folders
        for p in sorted((factors / f).rglob("*.yaml"))
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    factors = tmp_path / "factors"
    (factors / "hardware" / "accelerators").mkdir(parents=True)
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    (factors / "hardware" / "accelerators" / "test.yaml").write_text(
        yaml.safe_dump(A100), encoding="utf-8"
    )
    for name in IMPORTERS:
        REGISTRY[name].run(UPSTREAM, factors)
    return factors


def _load(out: Path, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((out / rel).read_text(encoding="utf-8"))
    return data


def _factors(out: Path, rel: str) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in _load(out, rel).get("factors", [])}


def _hardware(out: Path, rel: str) -> dict[str, dict[str, Any]]:
    return {h["id"]: h for h in _load(out, rel)["hardware"]}


def test_decimal_comma_numbers() -> None:
    assert number("0,29", decimal_comma=True) == 0.29
    assert number("1.234,5", decimal_comma=True) == 1234.5
    assert number("N/A") is None
    assert number("") is None
    assert number("1,152") == 1152.0


def test_pcf_servers_and_storage(out: Path) -> None:
    hpe = _hardware(out, "hardware/servers/hpe.yaml")
    dl385 = hpe["hpe-proliant-dl385-gen10"]
    assert dl385["name"] == "HPE ProLiant DL385 Gen10"  # footnote digit and "server" dropped
    assert dl385["aliases"] == ["HP ProLiant DL385 Gen10"]
    assert dl385["specs"] == {"memory_gb": 64, "cpu_count": 2}
    f = _factors(out, "hardware/servers/hpe.yaml")
    # No report date: the year the row was added is used, and said so.
    total = f["embodied:hpe-proliant-dl385-gen10:2022:boavizta-pcf:cradle-to-grave"]
    assert total["value"] == 5360
    assert (total["low"], total["high"]) == (
        pytest.approx(5360 * 0.524),
        pytest.approx(5360 * 1.476),
    )
    assert "added to the Boavizta database" in total["method"]
    mfg = f["embodied:hpe-proliant-dl385-gen10:2022:boavizta-pcf:manufacturing"]
    assert mfg["value"] == pytest.approx(686.08)
    assert f["power:hpe-proliant-dl385-gen10:2022:boavizta-pcf:average"]["value"] == pytest.approx(
        233.436, abs=1e-3
    )

    dell = _factors(out, "hardware/servers/dell.yaml")
    r740 = dell["embodied:dell-poweredge-r740:2019:boavizta-pcf:cradle-to-grave"]
    assert "low" not in r740  # Dell's error ratios reach >= 1: not a +/- margin
    assert dell["embodied:dell-poweredge-r740:2019:boavizta-pcf:manufacturing"][
        "value"
    ] == pytest.approx(1313.28)

    lenovo = _factors(out, "hardware/servers/lenovo.yaml")
    # No manufacturing ratio: total x (1 - use ratio) holds transport and end of life too,
    # so it is labelled non-use, never manufacturing.
    sr = lenovo["embodied:lenovo-thinksystem-sr650-test:2019:boavizta-pcf:non-use"]
    assert sr["value"] == pytest.approx(2500) and sr["basis"] == "non-use"
    assert "1 - gwp_use_ratio" in sr["method"]
    assert "embodied:lenovo-thinksystem-sr650-test:2019:boavizta-pcf:manufacturing" not in lenovo

    seagate = _hardware(out, "hardware/storage/seagate.yaml")
    assert seagate["seagate-exos-x12-st12000nm0007-12tb"]["specs"] == {
        "capacity_gb": 12000,
        "storage_type": "HDD",
    }
    sf = _factors(out, "hardware/storage/seagate.yaml")
    # 190 t is outside the storage plausibility bounds: left out, the non-use part stays.
    assert (
        "embodied:seagate-onestor-sp2584-extensible-storage-platform:2015:boavizta-pcf:cradle-to-grave"
        not in sf
    )
    assert (
        "embodied:seagate-onestor-sp2584-extensible-storage-platform:2015:boavizta-pcf:non-use"
        in sf
    )
    assert not (out / "hardware" / "servers" / "apple.yaml").exists()  # Workplace rows skipped


def test_ccf_method_reproduces_published_totals() -> None:
    # ccf-coefficients output rows: m5.large host 384 GB, 2 CPUs; p4d 1152 GB, 2 CPUs, 8 SSD, 8 GPUs.
    assert ccf_host_embodied(384, 2, 0, 0, 0) == pytest.approx(1610.79, abs=0.01)
    assert ccf_host_embodied(1152, 2, 8, 0, 8) == pytest.approx(4676.79, abs=0.01)
    assert ccf_host_embodied(64, 2, 0, 1, 0) == pytest.approx(1216.62, abs=0.01)


def test_instances_teads_power_and_ccf_embodied(out: Path) -> None:
    hw = _hardware(out, "hardware/instances/aws/m5.yaml")
    m5 = hw["aws:m5.large"]
    assert m5["provider"] == "aws" and m5["category"] == "cloud_instance"
    assert m5["release_year"] == 2017
    assert m5["specs"]["vcpus"] == 2 and m5["specs"]["memory_gb"] == 8
    # the archetype's host id "m5.metal" is AGPL code's alone: not published (issue 19)
    assert "platform" not in m5["specs"]
    f = _factors(out, "hardware/instances/aws/m5.yaml")
    assert f["power:aws:m5.large:2021:teads-aws-ec2:idle"]["value"] == 4.4  # "4,4" in the sheet
    assert f["power:aws:m5.large:2021:teads-aws-ec2:load-100"]["value"] == 20
    assert f["embodied:aws:m5.large:2021:ccf-coefficients:manufacturing"]["value"] == pytest.approx(
        1610.79 * 2 / 96, abs=1e-3
    )
    e26 = f["embodied:aws:m5.large:2026:ccf-coefficients:manufacturing"]
    assert e26["value"] == pytest.approx(
        1200 * 2 / 96, abs=1e-3
    )  # tonnes -> kg, host = m5.24xlarge
    # A type only in Boavizta's archetypes (AGPL): its shape is no source of a value (issue
    # 19), so no CCF-method power and no embodied; its category default applies.
    m9 = _factors(out, "hardware/instances/aws/m9x.yaml")
    assert "aws:m9x.large" in _hardware(out, "hardware/instances/aws/m9x.yaml")
    assert not any(k.startswith("power:") for k in m9)
    # the floor charges DRAM at the Teads sheet's median idle W/GB, not CCF's 0.392 at any load
    idle = teads_idle_dram_w_per_gb(UPSTREAM / "ccf-coefficients" / "data" / "aws-instances.csv")
    assert idle is not None and 0 < idle < 0.392
    mn = f["power:aws:m5.large:2026:ccf-coefficients:min"]
    assert mn["inputs"]["memory_idle_w_per_gb"] == idle
    assert not any(k.startswith("embodied:") for k in m9)


def test_a_blank_platform_total_is_its_platforms(out: Path) -> None:
    # m5.metal's row leaves the total blank; m5.large and m5.24xlarge on the same CPU give 1.2 t
    f = _factors(out, "hardware/instances/aws/m5.yaml")
    metal = f["embodied:aws:m5.metal:2026:ccf-coefficients:manufacturing"]
    assert metal["value"] == pytest.approx(1200)
    assert "total listed for other types" in metal["inputs"]["host_platforms"][0]


def test_burstable_host_is_the_teads_platform(out: Path) -> None:
    # The 2026 list's only t2 row on "Intel Xeon Family" is t2.micro (1 vCPU): the family's
    # largest size is not its host; the Teads sheet's platform (48 vCPUs) is.
    t2 = _factors(out, "hardware/instances/aws/t2.yaml")
    e26 = t2["embodied:aws:t2.micro:2026:ccf-coefficients:manufacturing"]
    assert e26["value"] == pytest.approx(1100 / 48, abs=1e-3)
    assert e26["inputs"]["host_vcpus"] == [48]
    assert "Teads platform vCPUs" in e26["inputs"]["host_platforms"][0]
    # The 48 is the Teads sheet's (licence unstated), not the CCF list's own (1): the value
    # names the sheet, so its computed licence keeps it out of ``open`` (issue 19).
    assert e26["derived_from"]["sources"] == ["teads-aws-ec2"]
    # m5.large's Teads platform (96 vCPUs) is also the CCF list's largest m5: no dependency.
    m5 = _factors(out, "hardware/instances/aws/m5.yaml")
    assert "derived_from" not in m5["embodied:aws:m5.large:2026:ccf-coefficients:manufacturing"]


def test_azure_constrained_size_holds_its_parent(out: Path) -> None:
    hw = _hardware(out, "hardware/instances/azure/ds_v2.yaml")
    assert hw["azure:standard_ds11-1_v2"]["specs"]["vcpus"] == 1  # not CCF's 0.5 ratio
    f = _factors(out, "hardware/instances/azure/ds_v2.yaml")
    child = f["embodied:azure:standard_ds11-1_v2:2021:ccf-coefficients:manufacturing"]
    parent = f["embodied:azure:standard_ds11_v2:2021:ccf-coefficients:manufacturing"]
    assert child["value"] == parent["value"]
    # parent DS11 v2 on a 20-vCPU, 140 GB host: DRAM add-on by memory, the rest by vCPUs
    assert parent["value"] == pytest.approx((1272.1 - 172.1) * 2 / 20 + 172.1 * 14 / 140)
    assert "constrained-vCPU size" in child["method"]
    power = f["power:azure:standard_ds11-1_v2:2026:ccf-coefficients:max"]
    assert power["inputs"]["vcpus"] == 1


def test_dram_heavy_host_is_allocated_by_memory(out: Path) -> None:
    f = _factors(out, "hardware/instances/azure/s.yaml")
    s224 = f["embodied:azure:standard_s224:2021:ccf-coefficients:manufacturing"]
    # 224 of 896 vCPUs but 3,072 of 36,864 GB: by vCPU share alone it would be 13,074 kg,
    # 2.4x a server of its own size (about 5,500 kg by the same method).
    want = (52294.79 - 51144.79) * 224 / 896 + 51144.79 * 3072 / 36864
    assert s224["value"] == pytest.approx(want, abs=1e-3)
    assert s224["value"] < ccf_host_embodied(3072, 4, 0, 1, 0)


def test_instances_gpus_and_gaps(out: Path) -> None:
    p4d = _hardware(out, "hardware/instances/aws/p4d.yaml")["aws:p4d.24xlarge"]
    assert p4d["specs"]["accelerators"] == [{"model": "nvidia-a100-sxm4-40gb", "count": 8}]
    inf1 = _hardware(out, "hardware/instances/aws/inf1.yaml")["aws:inf1.24xlarge"]
    assert "accelerators" not in inf1["specs"]  # no catalog id for Inferentia: left out
    inf_f = _factors(out, "hardware/instances/aws/inf1.yaml")
    assert not any(k.startswith("power:") for k in inf_f)  # no CCF watts for its accelerator


def test_instances_azure_gcp_and_others(out: Path) -> None:
    az = _factors(out, "hardware/instances/azure/di_v2.yaml")
    d15 = az["embodied:azure:standard_d15i_v2:2021:ccf-coefficients:manufacturing"]
    assert d15["value"] == pytest.approx((1372.1 + 1272.1) / 2)
    assert (d15["low"], d15["high"]) == (1272.1, 1372.1)
    mx = az["power:azure:standard_d15i_v2:2026:ccf-coefficients:max"]
    # Haswell is in the Azure table; Broadwell is in none of the fixture tables.
    assert mx["value"] == pytest.approx(20 * 6.0 + 140 * 0.392)
    a1 = _factors(out, "hardware/instances/azure/a_v2.yaml")
    assert (
        "unknown micro-architecture"
        in a1["power:azure:standard_a1_v2:2026:ccf-coefficients:min"]["method"]
    )
    assert "azure:standard_d2ads_v5" in _hardware(out, "hardware/instances/azure/dads_v5.yaml")
    gcp = _factors(out, "hardware/instances/gcp/e2.yaml")
    e2 = gcp["embodied:gcp:e2-standard-2:2021:ccf-coefficients:manufacturing"]
    assert e2["value"] == pytest.approx((1255.46 + 1155.46) / 2 * 2 / 32, abs=1e-3)
    assert not any(
        ":2026:ccf-coefficients:manufacturing" in k for k in gcp
    )  # GCP 2026 list not used
    mn = gcp["power:gcp:e2-standard-2:2026:ccf-coefficients:min"]
    assert mn["value"] == pytest.approx(
        2 * (0.6 + 0.5) / 2 + 8 * mn["inputs"]["memory_idle_w_per_gb"], abs=1e-3
    )
    ovh = _factors(out, "hardware/instances/ovhcloud/b3.yaml")
    assert "embodied:ovhcloud:b3-512:2026:ccf-methodology:manufacturing" not in ovh  # AGPL
    assert not any(k.startswith("power:ovhcloud:b3-512:") for k in ovh)  # shape only AGPL
    # b3-8 is on OVHcloud's own flavor list (_instance_shapes): power per vCPU default
    assert "CATEGORY DEFAULT" in ovh["power:ovhcloud:b3-8:2026:ccf-coefficients:max"]["method"]
    assert (out / "hardware" / "instances" / "scaleway" / "coparm1.yaml").exists()


def test_components(out: Path) -> None:
    act = _factors(out, "hardware/components/act.yaml")
    assert act["embodied:dram-ddr4-10nm:2022:act-gupta-2022:manufacturing"]["value"] == 0.065
    assert act["embodied:dram-ddr4-10nm:2022:act-gupta-2022:manufacturing"]["unit"] == "kgCO2e/GB"
    ent = act["embodied:hdd-enterprise:2022:act-gupta-2022:manufacturing"]
    assert ent["value"] == pytest.approx((1.653 + 1.14) / 2 / 1000)
    boa = _factors(out, "hardware/components/boavizta.yaml")
    die = boa["embodied:cpu-die:2021:boavizta-api:manufacturing"]
    assert (die["value"], die["unit"]) == (1.97, "kgCO2e/cm2")
    ccf = _factors(out, "hardware/components/ccf.yaml")
    assert ccf["embodied:dram:2021:ccf-methodology:manufacturing"]["value"] == pytest.approx(
        533 / 384, abs=1e-6
    )
    assert ccf["embodied:hdd-drive:2021:ccf-methodology:manufacturing"]["value"] == 50


def test_lifetimes(out: Path) -> None:
    ccf = _factors(out, "lifetimes/ccf.yaml")
    assert ccf["lifetime:category:server:2022:ccf-methodology:service"]["value"] == 4
    assert "lifetime:category:gpu:2022:ccf-methodology:service" in ccf
    boa = _factors(out, "lifetimes/boavizta-api.yaml")
    srv = boa["lifetime:category:server:2026:boavizta-api:service"]
    assert (srv["value"], srv["low"], srv["high"]) == (4, 4, 6)
    assert boa["lifetime:category:cloud_instance:2026:boavizta-api:service"]["value"] == 6
    assert boa["in_use_share:category:server:2026:boavizta-api:estimated"]["value"] == 1
    pcf = _factors(out, "lifetimes/boavizta-pcf.yaml")
    assert pcf["lifetime:category:server:2021:boavizta-pcf:service"]["value"] == pytest.approx(3.75)


def test_rerun_is_byte_identical_and_keeps_hand_files(out: Path) -> None:
    hand = out / "lifetimes" / "literature.yaml"
    hand.write_text("factors: []\n", encoding="utf-8")
    stale = out / "hardware" / "instances" / "aws" / "zz.yaml"
    stale.write_text("# generated: do not edit by hand\nhardware: []\n", encoding="utf-8")
    before = _snapshot(out)
    for name in IMPORTERS:
        REGISTRY[name].run(UPSTREAM, out)
    after = _snapshot(out)
    assert hand.exists() and not stale.exists()
    before.pop("hardware/instances/aws/zz.yaml")
    assert after == before


def test_output_validates(out: Path) -> None:
    result = validate_tree(out)
    assert result.ok, "\n".join(str(p) for p in result.problems)


def test_a2_ultragpu_carries_the_80gb_a100() -> None:
    from carbonfactors.names import normalize_name
    from carbonfactors_pipeline.importers._cloud_read import Instance
    from carbonfactors_pipeline.importers.cloud_instances import _named_accelerators

    index = {
        normalize_name("nvidia-a100-sxm4-80gb"): "nvidia-a100-sxm4-80gb",
        normalize_name("nvidia-a100-sxm4-40gb"): "nvidia-a100-sxm4-40gb",
    }
    ultra = Instance("gcp", "a2-ultragpu-8g", gpu_count=8, gpu_name="NVIDIA A100")
    high = Instance("gcp", "a2-highgpu-8g", gpu_count=8, gpu_name="NVIDIA A100")
    assert _named_accelerators(ultra, index)[0].model == "nvidia-a100-sxm4-80gb"
    assert _named_accelerators(high, index)[0].model == "nvidia-a100-sxm4-40gb"


def test_a_variant_without_a_listed_host_borrows_its_twins() -> None:
    from carbonfactors_pipeline.importers._cloud_read import Host, Instance
    from carbonfactors_pipeline.importers.cloud_instances import borrow_sibling_hosts

    host = Host("ccf-2026", "p5 on AMD EPYC 7R13", 5700, 192, 192, 2026, accelerator_kg=None)
    p5 = Instance("aws", "p5.48xlarge", 192, 2048, "AMD EPYC 7R13", hosts=[host])
    p5e = Instance("aws", "p5e.48xlarge", 192, 2048, "AMD EPYC 7R13", gpu_count=8)
    other = Instance("aws", "p5en.48xlarge", 192, 2048, "Intel Xeon 8488C", gpu_count=8)
    borrow_sibling_hosts({p5.id: p5, p5e.id: p5e, other.id: other})
    assert [h.kgco2e for h in p5e.hosts] == [5700]
    assert "as p5.48xlarge" in p5e.hosts[0].platform
    assert other.hosts == []  # another CPU: not the same server


def test_committed_p5e_is_not_below_p5() -> None:
    import csv

    rows = {
        r["model"]: r
        for r in csv.DictReader(
            (ROOT / "factors" / "resolved" / "hardware.tsv").open(encoding="utf-8"),
            delimiter="\t",
        )
    }
    p5 = float(rows["aws:p5.48xlarge"]["embodied_kgco2e"])
    assert float(rows["aws:p5e.48xlarge"]["embodied_kgco2e"]) >= p5


def test_a_pcf_average_power_is_bounded_by_specpower_idle_and_full_load(out: Path) -> None:
    """Issue 20 class 6: a PCF's yearly-mean power, used whatever the load, gets SPECpower's
    idle and 100 %-load watts of the same model as bounds; a multi-node result is not one."""
    dell = _factors(out, "hardware/servers/dell.yaml")
    power = dell["power:dell-poweredge-r740:2019:boavizta-pcf:average"]
    assert power["value"] == pytest.approx(1760.3 * 1000 / 8760, abs=1e-3)
    # The two 2-socket results: idle 49.8..52.3 W, full load 432..457 W; not the 16-chip one.
    assert (power["low"], power["high"]) == (49.8, 457)
    assert power["inputs"]["specpower_full_load_w"] == 457
    assert "100 % load 457 W" in power["method"]
    # A model SPECpower has no result for keeps a bare average.
    hpe = _factors(out, "hardware/servers/hpe.yaml")
    dl385 = hpe["power:hpe-proliant-dl385-gen10:2022:boavizta-pcf:average"]
    assert "high" not in dl385 and "low" not in dl385
