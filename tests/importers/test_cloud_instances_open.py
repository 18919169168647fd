"""cloud-instances and category-defaults on fixtures: no accelerated-instance value rests on
Boavizta's AGPL archetypes (issue 19 item 4), and every accelerated type computes (item 5).

The fixture upstream lists (tests/fixtures/upstream/hardware_catalog) are extended here
with three rows: ``g6.xlarge`` (in the Boavizta archetypes with a wrong shape, and in the
CCF 2026 AWS list, Apache-2.0: the provider's table names its L4), ``g6.metal`` (only in the
archetypes: the provider's table does not list that size) and a Scaleway GPU type (only in
the archetypes).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from _cpu_default_fixtures import cpu_default_inputs

from carbonfactors_pipeline import licensing
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.importers._cloud_records import Instance
from carbonfactors_pipeline.importers.category_defaults import (
    ACCEL_MARK,
    Pool,
    accelerated_fallbacks,
)
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "hardware_catalog"

CATALOG = {
    "hardware": [
        {"id": "nvidia-l4", "name": "NVIDIA L4", "category": "gpu", "vendor": "NVIDIA"},
        {"id": "nvidia-a100-sxm4-40gb", "name": "NVIDIA A100 SXM4 40GB", "category": "gpu",
         "vendor": "NVIDIA", "aliases": ["A100 SXM4 40GB"]},
    ],
    "factors": [
        {"id": "power:nvidia-l4:2023:epoch-ml-hardware:tdp", "kind": "power",
         "subject": "nvidia-l4", "year": 2023, "value": 72, "unit": "W", "basis": "tdp",
         "source": "epoch-ml-hardware"},
        {"id": "embodied:nvidia-l4:2023:act-gupta-2022:manufacturing", "kind": "embodied",
         "subject": "nvidia-l4", "year": 2023, "value": 50, "unit": "kgCO2e",
         "basis": "manufacturing", "source": "act-gupta-2022", "rung": "component-model"},
        # idle figures too: a floor power never counts a GPU at 0 W (audit 1796585890 I1)
        {"id": "power:nvidia-l4:2023:epoch-ml-hardware:idle", "kind": "power",
         "subject": "nvidia-l4", "year": 2023, "value": 8, "unit": "W", "basis": "idle",
         "source": "epoch-ml-hardware"},
        {"id": "power:nvidia-a100-sxm4-40gb:2020:epoch-ml-hardware:idle", "kind": "power",
         "subject": "nvidia-a100-sxm4-40gb", "year": 2020, "value": 46, "unit": "W",
         "basis": "idle", "source": "epoch-ml-hardware"},
        {"id": "power:nvidia-a100-sxm4-40gb:2020:epoch-ml-hardware:tdp", "kind": "power",
         "subject": "nvidia-a100-sxm4-40gb", "year": 2020, "value": 400, "unit": "W",
         "basis": "tdp", "source": "epoch-ml-hardware"},
        {"id": "embodied:nvidia-a100-sxm4-40gb:2020:act-gupta-2022:manufacturing",
         "kind": "embodied", "subject": "nvidia-a100-sxm4-40gb", "year": 2020, "value": 110,
         "unit": "kgCO2e", "basis": "manufacturing", "source": "act-gupta-2022",
         "rung": "component-model"},
    ],
}  # fmt: skip


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("open")
    upstream = tmp / "upstream"
    shutil.copytree(UPSTREAM, upstream)
    boa = upstream / "boaviztapi" / "archetypes"
    # The archetype gives g6.xlarge 8 vCPUs and 32 GB; AWS (CCF 2026 list) says 4 and 16.
    _append(boa / "cloud" / "aws.csv", "g6.xlarge,8,32,250,0,1,p4d.24xlarge,")
    _append(boa / "cloud" / "aws.csv", "g6.metal,192,768,0,0,8,p4d.24xlarge,")
    _append(boa / "cloud" / "scaleway.csv", "gpu-x1,8,48,0,0,1,p4d.24xlarge,")
    _append(
        upstream / "ccf-coefficients" / "data" / "aws-instances-latest-2026.csv",
        "Accelerated Computing,g6.xlarge,4,16,AMD EPYC 7R13,2.5",
    )
    # p4d's shape from the CCF 2026 list too (no platform total): its CCF 2021 host reads
    # the host's vCPUs and memory from the Teads sheet, so the open sum must size its own.
    _append(
        upstream / "ccf-coefficients" / "data" / "aws-instances-latest-2026.csv",
        "Accelerated Computing,p4d.24xlarge,96,1152,Intel Xeon Platinum 8275CL,",
    )
    factors = tmp / "factors"
    (factors / "hardware" / "accelerators").mkdir(parents=True)
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    (factors / "hardware" / "accelerators" / "test.yaml").write_text(
        yaml.safe_dump(CATALOG, sort_keys=False), encoding="utf-8"
    )
    REGISTRY["cloud-instances"].run(upstream, factors)
    return factors


def _file(out: Path, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (out / "hardware" / "instances" / rel).read_text(encoding="utf-8")
    )
    return data


def _snapshot(out: Path) -> dict[str, Any]:
    res = validate_tree(out)
    assert res.ok, [str(p) for p in res.problems][:5]
    return dict(res.snapshot)


def test_the_shape_comes_from_the_ccf_list_and_the_gpu_from_the_providers_page(
    out: Path,
) -> None:
    data = _file(out, "aws/g6.yaml")
    [rec] = [h for h in data["hardware"] if h["id"] == "aws:g6.xlarge"]
    assert (rec["specs"]["vcpus"], rec["specs"]["memory_gb"]) == (4, 16)  # not 8 / 32
    assert rec["specs"]["accelerators"] == [{"model": "nvidia-l4", "count": 1}]
    own = [f for f in data["factors"] if f["subject"] == "aws:g6.xlarge"]
    assert {f["kind"] for f in own} == {"power", "embodied"}
    for f in own:
        sources = set(f["derived_from"]["sources"])
        assert "boavizta-api" not in sources, f["id"]
        assert {"aws-ec2-accelerated-instances", "ccf-coefficients"} <= sources, f["id"]
        assert f["inputs"]["composition_source"] == "aws-ec2-accelerated-instances"
    [mx] = [f for f in own if f.get("basis") == "max"]
    assert mx["inputs"]["vcpus"] == 4 and mx["value"] == pytest.approx(
        4 * mx["inputs"]["w_per_vcpu"] + 16 * 0.392 + 72, abs=1e-3
    )


def test_a_type_only_an_agpl_archetype_describes_gets_no_value_of_its_own(out: Path) -> None:
    for rel, hid in (("aws/g6.yaml", "aws:g6.metal"), ("scaleway/gpu.yaml", "scaleway:gpu-x1")):
        data = _file(out, rel)
        [rec] = [h for h in data["hardware"] if h["id"] == hid]
        # still a GPU type in the catalog, its AGPL-only model not published (gpu_unsized)
        assert "AGPL" in rec["specs"]["gpu_unsized"] and "accelerators" not in rec["specs"]
        assert not [f for f in data.get("factors", []) if f["subject"] == hid], hid


def test_every_accelerated_value_is_open_and_rests_on_no_agpl_source(out: Path) -> None:
    snap = _snapshot(out)
    prov = licensing.Provenance(snap)
    accelerated = {h["id"] for h in snap["hardware"] if (h.get("specs") or {}).get("accelerators")}
    values = [f for f in snap["factors"] if f["subject"] in accelerated]
    assert values
    for f in values:
        assert "boavizta-api" not in prov.sources(f["id"]), f["id"]
        assert licensing.tier(prov.license(f["id"])) in ("open", "full"), f["id"]


def test_category_defaults_give_agpl_only_types_a_wide_open_default(out: Path) -> None:
    snap = _snapshot(out)
    fallbacks = accelerated_fallbacks(Pool(snap))
    by_subject: dict[str, dict[str, Any]] = {}
    for f in fallbacks:
        by_subject.setdefault(f["subject"], {})[f["kind"]] = f
    assert {"aws:g6.metal", "scaleway:gpu-x1"} <= set(by_subject)
    assert "aws:g6.xlarge" not in by_subject  # has open values of its own
    for kinds in by_subject.values():
        assert set(kinds) == {"power", "embodied"}, by_subject.keys()
        for f in kinds.values():
            assert f["rung"] == "category-default" and ACCEL_MARK in f["method"]
            assert f["low"] <= f["value"] <= f["high"]
            assert "boavizta-api" not in f["derived_from"]["sources"]
            assert f["id"].endswith(":category-default")


def test_the_open_sum_sizes_its_host_when_the_listed_one_rests_on_the_teads_sheet(
    out: Path,
) -> None:
    """Issue 19: p4d.24xlarge's CCF 2021 host reads its vCPUs and memory from the Teads
    sheet (licence unstated), so the best sum is ``full`` only and ``open`` fell to the
    accelerated-instance category default, below its eight A100s. The open sum sizes the
    host as rule C3 does (CCF method on the family's largest type: p4d.24xlarge itself)."""
    snap = _snapshot(out)
    prov = licensing.Provenance(snap)
    own = [
        f for f in snap["factors"] if f["subject"] == "aws:p4d.24xlarge" and f["kind"] == "embodied"
    ]
    by_tier = {licensing.tier(prov.license(f["id"])): f for f in own}
    assert set(by_tier) == {"open", "full"}, [f["id"] for f in own]
    best, opened = by_tier["full"], by_tier["open"]
    assert best["inputs"]["host_source"] == "ccf-2021"
    assert "teads-aws-ec2" in best["derived_from"]["sources"]
    assert opened["inputs"]["host_source"] == "instance"
    assert "teads-aws-ec2" not in prov.sources(opened["id"])
    host = 1000 + (1152 - 16) * 533 / 384  # the CCF component method on 1,152 GB
    assert opened["inputs"]["host_share_kgco2e"] == pytest.approx(host, abs=1e-3)
    assert opened["value"] == pytest.approx(host + 8 * 110, abs=1e-3)  # + 8 A100 (open value)
    assert opened["derived_from"]["factors"] == [
        "embodied:nvidia-a100-sxm4-40gb:2020:act-gupta-2022:manufacturing"
    ]
    # a type with an open value of its own takes no category default
    fallbacks = {f["subject"] for f in accelerated_fallbacks(Pool(snap))}
    assert "aws:p4d.24xlarge" not in fallbacks


def test_preferred_sources_replace_a_value_filled_first() -> None:
    inst = Instance("aws", "g6.xlarge")
    inst.fill("boavizta-api", vcpus=8, memory_gb=32, cpu="Boavizta CPU")
    inst.fill("ccf-coefficients", vcpus=4, memory_gb=16)
    assert (inst.vcpus, inst.field_source["vcpus"]) == (8, "boavizta-api")
    inst.prefer_sources(("ccf-coefficients", "boavizta-api"), ("vcpus", "memory_gb", "cpu"))
    assert (inst.vcpus, inst.memory_gb, inst.cpu) == (4, 16, "Boavizta CPU")
    assert inst.sources_of(("vcpus", "memory_gb")) == ["ccf-coefficients"]
    assert inst.sources_of(("vcpus", "cpu")) == ["boavizta-api", "ccf-coefficients"]


# -- CPU category default: bounds from open inputs ----------------------------------------------
def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_act_server_cpu_die_is_a_lower_bound_from_act_parameters(tmp_path: Path) -> None:
    from carbonfactors_pipeline.importers.components import act_bom_cpu

    assert act_bom_cpu(tmp_path) == {"hardware": [], "factors": []}  # no BOM upstream
    _write(
        tmp_path / "boms" / "dellr740.yaml",
        "silicon:\n  cpu.main0:\n    area: 2 cm2\n    process: 28nm\n    n_ics: 2\n"
        "    fab_yield: 0.5\n    gpa: 95\n    fab_ci: coal\n",
    )
    logic = tmp_path / "models" / "logic"
    _write(logic / "epa.yaml", '"28nm": 1.0 kWh / cm2\n')
    _write(logic / "gpa_95.yaml", '"28nm": 100 g / cm2\n')
    _write(logic / "materials.yaml", '"28nm": 500 g / cm2\n')
    _write(tmp_path / "models" / "carbon_intensity" / "source.yaml", '"coal": 400 g / kWh\n')
    out = act_bom_cpu(tmp_path)
    [f] = out["factors"]
    # 2 cm2 x (400 x 1.0 + 100 + 500) g / 0.5 = 4,000 g, + 2 packages x 150 g
    assert f["value"] == pytest.approx(4.3)
    assert f["rung"] == "lower-bound" and f["source"] == "act-gupta-2022"
    assert out["hardware"][0]["category"] == "component"


def test_the_cpu_category_default_takes_its_low_bound_from_act() -> None:
    from carbonfactors_pipeline.importers.category_defaults import CPU_DIE, build

    [cpu] = [f for f in build(cpu_default_inputs()) if f["subject"] == "category:cpu"]
    assert (cpu["low"], cpu["value"], cpu["high"]) == (11.5, 100, 100)
    assert CPU_DIE in cpu["method"]
    assert f"embodied:{CPU_DIE}:2022:act-gupta-2022:manufacturing" in cpu["derived_from"]["factors"]


def test_a_plain_type_takes_its_facts_from_a_list_other_than_the_archetypes() -> None:
    from carbonfactors_pipeline.importers._cloud_instance_tables import Tables
    from carbonfactors_pipeline.importers.cloud_instances import reattribute

    tables = Tables(UPSTREAM)
    same = Instance("aws", "m5.large")
    same.fill("boavizta-api", vcpus=2, memory_gb=8, cpu="Intel Xeon Platinum 8175M")
    same.fill("ccf-coefficients", vcpus=2, memory_gb=8, cpu="Intel Xeon Platinum 8175M (AWS)")
    assert reattribute(same, tables) == set()
    assert same.cpu == "Intel Xeon Platinum 8175M"  # the same row: the name is kept
    assert same.sources_of(("vcpus", "memory_gb", "cpu")) == ["ccf-coefficients"]

    other = Instance("aws", "m5.8xlarge")
    other.fill("boavizta-api", vcpus=32, memory_gb=128, cpu="AMD EPYC 7R13")
    other.fill("ccf-coefficients", vcpus=32, memory_gb=120, cpu="Intel Xeon Platinum 8175M")
    assert reattribute(other, tables) == set()
    assert (other.memory_gb, other.cpu) == (120, "Intel Xeon Platinum 8175M")

    alone = Instance("scaleway", "pro2-xs")
    alone.fill("boavizta-api", vcpus=4, memory_gb=16, cpu="AMD EPYC 7543")
    assert reattribute(alone, tables) == {"vcpus", "memory_gb", "cpu"}


def test_managed_variants_stay_out_of_the_plain_instance_pool() -> None:
    """A ``cache.``/``db.``/``.search`` type repeats its EC2 base's values (class V1): in the
    category default's pool it would count its base family twice."""
    from carbonfactors_pipeline.importers.category_defaults import _plain_instance

    def inst(hid: str, accelerators: int = 0) -> dict[str, object]:
        return {"id": hid, "category": "cloud_instance", "specs": {"accelerators": accelerators}}

    assert _plain_instance(inst("aws:r6g.4xlarge"))
    assert not _plain_instance(inst("aws:cache.r6g.4xlarge"))
    assert not _plain_instance(inst("aws:db.r6g.4xlarge"))
    assert not _plain_instance(inst("aws:r6g.4xlarge.search"))
    assert not _plain_instance(inst("aws:p5.48xlarge", accelerators=8))
    assert _plain_instance(inst("gcp:n2-standard-8"))
