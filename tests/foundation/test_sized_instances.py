"""Rule C3 and its validator rule (audit 2026-12-06, class C): a cloud instance type with no
embodied value of its own is sized by its vCPUs and memory, never the flat category median."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from test_validate import SOURCES

from carbonfactors_pipeline.importers import _instance_component as c3
from carbonfactors_pipeline.validate import validate_tree

CCF_SOURCE = """\
- id: ccf-coefficients
  producer: Cloud Carbon Footprint
  title: ccf-coefficients
  citation: CCF.
  url: https://github.com/cloud-carbon-footprint/ccf-coefficients
  published: '2026'
  accessed: '2026-01-01'
  license: Apache-2.0
  license_url: https://www.apache.org/licenses/LICENSE-2.0
"""


def inst(iid: str, vcpus: float, memory_gb: float, cpu: str = "EPYC 9R14") -> dict[str, Any]:
    return {
        "id": iid,
        "name": iid,
        "category": "cloud_instance",
        "vendor": "AWS",
        "specs": {
            "vcpus": vcpus,
            "memory_gb": memory_gb,
            "cpu": cpu,
            "sources": dict.fromkeys(("vcpus", "memory_gb", "cpu"), "ccf-coefficients"),
        },
    }


def emb(subject: str, value: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2026:ccf-coefficients:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2026,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "ccf-coefficients",
    } | extra


#: A family of three sizes on one CPU; its largest is the host (192 vCPUs, 784 GB).
FAMILY = [
    inst("aws:m9.xlarge", 4, 16),
    inst("aws:m9.8xlarge", 32, 128),
    inst("aws:m9.48xlarge", 192, 784),
]


def _host_kg(memory_gb: float) -> float:
    return 1000.0 + (memory_gb - 16.0) * 533.0 / 384.0


def test_a_type_without_a_value_is_sized_from_its_familys_largest_host() -> None:
    # the 8xlarge has a listed value equal to the model: ratio 1, so bounds = value
    listed = emb("aws:m9.8xlarge", c3.model_kg(FAMILY[1], c3.Hosts(FAMILY)))
    out = {f["subject"]: f for f in c3.build(FAMILY, [listed], lambda f: True)}
    assert set(out) == {"aws:m9.xlarge", "aws:m9.48xlarge"}  # the listed type keeps its own
    small = out["aws:m9.xlarge"]
    expected = (784 - 16) * 533 / 384 * 16 / 784 + 1000 * 4 / 192
    assert small["value"] == pytest.approx(expected, abs=1e-3)  # 26.6 kg, not a 401 kg median
    assert small["low"] == small["high"] == pytest.approx(expected, abs=1e-3)
    assert small["rung"] == "component-model" and c3.RULE in small["method"]
    assert small["inputs"]["host_vcpus"] == 192
    assert out["aws:m9.48xlarge"]["value"] == pytest.approx(_host_kg(784), abs=1e-3)


def test_bounds_are_the_spread_of_listed_values_around_the_model() -> None:
    hw = [*FAMILY, inst("aws:r9.large", 2, 16), inst("aws:r9.24xlarge", 96, 768)]
    model = c3.model_kg
    hosts = c3.Hosts(hw)
    listed = [
        emb("aws:m9.8xlarge", 0.5 * model(FAMILY[1], hosts)),
        emb("aws:r9.24xlarge", 2.0 * model(hw[4], hosts)),
    ]
    out = {f["subject"]: f for f in c3.build(hw, listed, lambda f: True)}
    f = out["aws:r9.large"]
    assert f["low"] == pytest.approx(0.5 * f["value"], rel=1e-3)
    assert f["high"] == pytest.approx(2.0 * f["value"], rel=1e-3)


def test_smaller_metal_shares_its_familys_host_and_a_small_family_borrows_the_cpus_largest_type() -> (
    None
):
    hw = [
        inst("aws:m9.metal-24xl", 96, 384),
        *FAMILY,
        inst("scw:dev9-s", 2, 2, cpu="EPYC 7281"),
        inst("scw:dev9-l", 4, 8, cpu="EPYC 7281"),
        inst("scw:gp9-xl", 48, 256, cpu="EPYC 7281"),
    ]
    out = {f["subject"]: f for f in c3.build(hw, [emb("aws:m9.8xlarge", 200.0)], lambda f: True)}
    # a metal smaller than its family's largest is valued as its virtual twin's share of
    # that host (class MS), the whole smaller server its high bound (was the value)
    metal = out["aws:m9.metal-24xl"]
    share = 1000.0 * 96 / 192 + (784 - 16.0) * 533.0 / 384.0 * 384 / 784
    assert metal["value"] == pytest.approx(share, abs=1e-2)
    assert metal["high"] >= _host_kg(384) - 1e-3 and "class MS" in metal["method"]
    # DEV9's largest size (4 vCPUs) is no server: the 48-vCPU type on its CPU is the host
    assert out["scw:dev9-l"]["inputs"]["host_vcpus"] == 48


def test_a_small_family_with_no_host_on_its_cpu_takes_the_providers_median_host() -> None:
    # Azure Av2 tops out at 8 vCPUs and names no CPU: not a whole server on 8 vCPUs (which
    # gave standard_a2_v2 250 kgCO2e), the provider's median series host, bounds from the
    # smallest CCF platform (12 vCPUs) to the provider's largest host.
    hw = [
        inst("example:d-16", 16, 64, cpu=""),
        inst("example:d-64", 64, 256, cpu=""),
        inst("example:e-96", 96, 768, cpu=""),
        inst("example:a-2", 2, 4, cpu=""),
        inst("example:a-8", 8, 16, cpu=""),
    ]
    out = {f["subject"]: f for f in c3.build(hw, [emb(hw[1]["id"], 600.0)], lambda f: True)}
    a2 = out["example:a-2"]
    assert a2["inputs"]["host_vcpus"] == 64  # the median of the series hosts 64 (d) and 96 (e)
    assert a2["value"] == pytest.approx(1000 * 2 / 64 + (256 - 16) * 533 / 384 * 4 / 256, rel=1e-3)
    ratio = 600.0 / c3.model_kg(hw[1], c3.Hosts(hw))
    assert a2["low"] == pytest.approx(ratio * (1000 * 2 / 96 + 752 * 533 / 384 * 4 / 768), rel=1e-3)
    # the smallest: 12 vCPUs at the family's 2 GB per vCPU (24 GB)
    assert a2["high"] == pytest.approx(ratio * (1000 * 2 / 12 + 8 * 533 / 384 * 4 / 24), rel=1e-3)
    assert "median host" in a2["method"]


def test_an_instance_whose_values_are_all_excluded_is_sized_too() -> None:
    listed = [
        emb("aws:m9.xlarge", 1100.0, excluded="instance-kg-per-vcpu: ..."),
        emb("aws:m9.48xlarge", 2000.0),
    ]
    subjects = {f["subject"] for f in c3.build(FAMILY, listed, lambda f: True)}
    assert subjects == {"aws:m9.xlarge", "aws:m9.8xlarge"}
    # nothing listed to calibrate the bounds against: no value is made up
    assert c3.build(FAMILY, [], lambda f: True) == []


def test_a_storage_optimised_type_is_scaled_by_the_listed_storage_families() -> None:
    # class C3S (audit seed 1796563618 #40): two listed storage families at 1.2x and 2.0x
    # the drive-less model (one ratio per family, however many sizes it sells), a plain
    # family at 1.0x; an unlisted storage type (i7ie) takes the families' median ratio.
    hw = [
        *FAMILY,
        inst("aws:i3.large", 2, 16),
        inst("aws:i3.xlarge", 4, 32),
        inst("aws:i3.metal", 72, 512),
        inst("aws:i3en.metal", 96, 768),
        inst("aws:i7ie.metal-24xl", 96, 768),
    ]
    hosts = c3.Hosts(hw)
    listed = [
        emb("aws:m9.8xlarge", c3.model_kg(hw[1], hosts)),
        *(emb(h["id"], 1.2 * c3.model_kg(h, hosts)) for h in hw[3:6]),
        emb("aws:i3en.metal", 2.0 * c3.model_kg(hw[6], hosts)),
    ]
    out = {f["subject"]: f for f in c3.build(hw, listed, lambda f: True)}
    i7ie = out["aws:i7ie.metal-24xl"]
    bare = _host_kg(768)
    assert i7ie["value"] == pytest.approx(1.6 * bare, abs=1e-2)  # median of 1.2 and 2.0
    assert (i7ie["low"], i7ie["high"]) == pytest.approx((1.2 * bare, 2.0 * bare), abs=1e-2)
    assert i7ie["inputs"]["storage_families"] == 2
    assert "ccf-coefficients" in i7ie["derived_from"]["sources"]
    assert "storage-optimised" in i7ie["method"]
    # a plain type is not scaled
    assert out["aws:m9.xlarge"]["value"] == pytest.approx(c3.model_kg(hw[0], hosts), abs=1e-3)


def _tree(tmp_path: Path, hardware: list[dict[str, Any]], factors: list[dict[str, Any]]) -> Path:
    root = tmp_path / "factors"
    (root / "hardware").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES + CCF_SOURCE, encoding="utf-8")
    (root / "hardware" / "i.yaml").write_text(
        yaml.safe_dump({"hardware": hardware, "factors": factors}), encoding="utf-8"
    )
    return root


def test_validator_fails_a_sized_instance_left_without_an_embodied_value(tmp_path: Path) -> None:
    hw = [inst("aws:m9.xlarge", 4, 16), inst("aws:m9.48xlarge", 192, 784)]
    median = emb("category:cloud_instance", 401.35)
    # without a category default there is nothing size-blind to fall to (a partial tree)
    assert validate_tree(_tree(tmp_path / "partial", hw, [emb("aws:m9.48xlarge", 2000.0)])).ok
    res = validate_tree(_tree(tmp_path, hw, [emb("aws:m9.48xlarge", 2000.0), median]))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "'aws:m9.xlarge'" in msgs[0] and "size-blind" in msgs[0], msgs
    fixed = [emb("aws:m9.48xlarge", 2000.0), emb("aws:m9.xlarge", 40.0), median]
    res = validate_tree(_tree(tmp_path / "ok", hw, fixed))
    assert res.ok, [str(p) for p in res.problems]
    # no vCPUs or memory on file, or accelerators: not a sized plain instance, no rule
    hw2 = [{"id": "aws:x.big", "name": "x", "category": "cloud_instance", "vendor": "AWS"}]
    assert validate_tree(_tree(tmp_path / "bare", hw2, [])).ok


def test_validator_fails_a_confidential_type_left_unsized_while_its_twin_is_sized(
    tmp_path: Path,
) -> None:
    # Class AZC (audit 1796599352 #46): ec48ads_v5 had no shape on file (only an AGPL
    # archetype listed it) and fell to the category median while e48ads_v5 was sized.
    twin = inst("azure:standard_e48ads_v5", 48, 384, cpu="AMD EPYC 7763v (Milan)")
    bare = {
        "id": "azure:standard_ec48ads_v5",
        "name": "x",
        "category": "cloud_instance",
        "vendor": "Microsoft Azure",
    }
    median = emb("category:cloud_instance", 401.35)
    res = validate_tree(_tree(tmp_path, [twin, bare], [emb(twin["id"], 1020.31), median]))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "'azure:standard_ec48ads_v5'" in msgs[0] and "AZC" in msgs[0], msgs
    fixed = [emb(twin["id"], 1020.31), emb(bare["id"], 1020.31), median]
    assert validate_tree(_tree(tmp_path / "ok", [twin, bare], fixed)).ok
    # the fix: Microsoft's ECasv5/ECadsv5 page is tabled, the twins' sizes and processor
    from carbonfactors_pipeline.importers._instance_shapes import shapes

    tabled = shapes()
    for t in ("ec48ads_v5", "ec96as_v5"):
        mine, theirs = (
            tabled[f"azure:standard_{t}"],
            tabled[f"azure:standard_{t.replace('c', '', 1)}"],
        )
        assert mine[1:] == theirs[1:] and "7763v" in mine[0].cpu
    # a twin without a value of its own: nothing better to inherit, no rule
    assert validate_tree(_tree(tmp_path / "none", [bare], [median])).ok


def test_validator_fails_a_chip_with_a_die_left_on_the_category_default(tmp_path: Path) -> None:
    """Audit 2026-12-06 class D: a part the accelerator component model can size must be."""
    chip = {
        "id": "huawei-ascend-310",
        "name": "Ascend 310",
        "category": "accelerator",
        "vendor": "Huawei",
        "release_year": 2018,
        "specs": {
            "die_area_mm2": 105,
            "process_nm": 12,
            "sources": {"die_area_mm2": "ccf-coefficients", "process_nm": "ccf-coefficients"},
        },
    }
    median = emb("category:accelerator", 224.12)
    res = validate_tree(_tree(tmp_path, [chip], [median]))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "'huawei-ascend-310'" in msgs[0] and "die area" in msgs[0], msgs
    floor = emb("huawei-ascend-310", 1.8, rung="lower-bound")
    res = validate_tree(_tree(tmp_path / "floor", [chip], [median, floor]))
    assert len(res.problems) == 1  # a lower bound is not a value of its own
    own = emb("huawei-ascend-310", 10.47)
    res = validate_tree(_tree(tmp_path / "ok", [chip], [median, own]))
    assert res.ok, [str(p) for p in res.problems]
    # no die area on file: nothing to size it by, the category default is its value
    bare = chip | {"specs": {"process_nm": 12, "sources": {"process_nm": "ccf-coefficients"}}}
    assert validate_tree(_tree(tmp_path / "bare", [bare], [median])).ok


def test_validator_fails_a_chip_whose_same_die_sibling_gives_the_node(tmp_path: Path) -> None:
    """Audit 2026-12-06 seed 1796548636 class L: the Tesla P40 (no node on file) shares the
    GTX 1080 Ti's GP102 die, so the component model can size it and must."""
    src = {"die_area_mm2": "ccf-coefficients", "transistors_billion": "ccf-coefficients"}

    def gpu(hid: str, **specs: Any) -> dict[str, Any]:
        return {
            "id": hid,
            "name": hid,
            "category": "gpu",
            "vendor": "NVIDIA",
            "release_year": 2016,
            "specs": {"die_area_mm2": 471, "transistors_billion": 11.8, **specs}
            | {"sources": src | ({"process_nm": "ccf-coefficients"} if specs else {})},
        }

    ti, p40 = gpu("nvidia-geforce-gtx-1080-ti", process_nm=16), gpu("nvidia-tesla-p40")
    median = emb("category:gpu", 224.12)
    ti_own = emb("nvidia-geforce-gtx-1080-ti", 73.1)
    res = validate_tree(_tree(tmp_path, [ti, p40], [median, ti_own]))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "'nvidia-tesla-p40'" in msgs[0], msgs
    fixed = [median, ti_own, emb("nvidia-tesla-p40", 53.03)]
    assert validate_tree(_tree(tmp_path / "ok", [ti, p40], fixed)).ok
    # alone, with no sibling giving a node, the P40 has nothing to be sized by
    assert validate_tree(_tree(tmp_path / "alone", [p40], [median])).ok


def test_validator_fails_a_chip_sized_at_0_gb_on_a_die_whose_boards_state_memory(
    tmp_path: Path,
) -> None:
    """Audit 2026-12-06 seed 1796563618 #37, class M0: the Tesla P100 DGXS (Epoch's memory
    blank) was sized at 0 GB although the P100 PCIe boards on its die carry 12 and 16 GB."""
    src = {k: "ccf-coefficients" for k in ("die_area_mm2", "transistors_billion", "process_nm")}

    def gpu(hid: str, **specs: Any) -> dict[str, Any]:
        cited = src | ({"memory_gb": "ccf-coefficients"} if specs else {})
        return {
            "id": hid,
            "name": hid,
            "category": "gpu",
            "vendor": "NVIDIA",
            "release_year": 2016,
            "specs": {"die_area_mm2": 610, "transistors_billion": 15.3, "process_nm": 16}
            | specs
            | {"sources": cited},
        }

    pcie, dgxs = gpu("nvidia-p100-pcie", memory_gb=16), gpu("nvidia-p100-dgxs")
    own = emb("nvidia-p100-pcie", 65.27)

    def sized_at(gb: float) -> dict[str, Any]:
        return emb("nvidia-p100-dgxs", 58.92, rung="component-model", inputs={"memory_gb": gb})

    res = validate_tree(_tree(tmp_path, [pcie, dgxs], [own, sized_at(0)]))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "accelerator-memory" in msgs[0] and "16 GB" in msgs[0], msgs
    assert validate_tree(_tree(tmp_path / "ok", [pcie, dgxs], [own, sized_at(16)])).ok
