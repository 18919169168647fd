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

from carbonfactors_pipeline import licensing
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.importers._cloud_records import Instance
from carbonfactors_pipeline.importers.category_defaults import ACCEL_MARK, accelerated_fallbacks
from carbonfactors_pipeline.importers.category_defaults import Pool
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
        assert rec["specs"]["accelerators"]  # still an accelerated type in the catalog
        assert not [f for f in data.get("factors", []) if f["subject"] == hid], hid


def test_every_accelerated_value_is_open_and_rests_on_no_agpl_source(out: Path) -> None:
    snap = _snapshot(out)
    prov = licensing.Provenance(snap)
    accelerated = {
        h["id"] for h in snap["hardware"] if (h.get("specs") or {}).get("accelerators")
    }
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
        assert set(kinds) == {"power", "embodied"}
        for f in kinds.values():
            assert f["rung"] == "category-default" and ACCEL_MARK in f["method"]
            assert f["low"] <= f["value"] <= f["high"]
            assert "boavizta-api" not in f["derived_from"]["sources"]
            assert f["id"].endswith(":category-default")


def test_preferred_sources_replace_a_value_filled_first() -> None:
    inst = Instance("aws", "g6.xlarge")
    inst.fill("boavizta-api", vcpus=8, memory_gb=32, cpu="Boavizta CPU")
    inst.fill("ccf-coefficients", vcpus=4, memory_gb=16)
    assert (inst.vcpus, inst.field_source["vcpus"]) == (8, "boavizta-api")
    inst.prefer_sources(("ccf-coefficients", "boavizta-api"), ("vcpus", "memory_gb", "cpu"))
    assert (inst.vcpus, inst.memory_gb, inst.cpu) == (4, 16, "Boavizta CPU")
    assert inst.sources_of(("vcpus", "memory_gb")) == ["ccf-coefficients"]
    assert inst.sources_of(("vcpus", "cpu")) == ["boavizta-api", "ccf-coefficients"]
