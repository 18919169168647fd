"""cloud-instances on fixtures: accelerated instances as host + accelerators (issue 9)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "hardware_catalog"


def _factor(
    subject: str, kind: str, basis: str, value: float, source: str, **more: Any
) -> dict[str, Any]:
    return {
        "id": f"{kind}:{subject}:2024:{source}:{basis}",
        "kind": kind,
        "subject": subject,
        "year": 2024,
        "value": value,
        "unit": "W" if kind == "power" else "kgCO2e",
        "basis": basis,
        "source": source,
        **more,
    }


#: Two accelerators: A100 with a die-only lower bound (best source priority) and an
#: unranked value; H200 with a published estimate and a range, no idle power.
CATALOG = {
    "hardware": [
        {
            "id": "nvidia-a100-sxm4-40gb",
            "name": "NVIDIA A100 SXM4 40GB",
            "category": "gpu",
            "vendor": "NVIDIA",
            "aliases": ["A100 SXM4 40GB"],
        },
        {
            "id": "nvidia-h200-sxm",
            "name": "NVIDIA H200 SXM",
            "category": "gpu",
            "vendor": "NVIDIA",
            "aliases": ["H200 SXM"],
        },
    ],
    "factors": [
        _factor("nvidia-a100-sxm4-40gb", "power", "tdp", 400, "epoch-ml-hardware"),
        _factor("nvidia-a100-sxm4-40gb", "power", "idle", 46, "ccf-methodology"),
        _factor(
            "nvidia-a100-sxm4-40gb",
            "embodied",
            "manufacturing",
            19.3,
            "epoch-ml-hardware",
            rung="lower-bound",
        ),
        _factor("nvidia-a100-sxm4-40gb", "embodied", "manufacturing", 270, "boavizta-api"),
        _factor("nvidia-h200-sxm", "power", "tdp", 700, "epoch-ml-hardware"),
        _factor(
            "nvidia-h200-sxm",
            "embodied",
            "manufacturing",
            1000,
            "luccioni-bloom-2022",
            rung="published-estimate",
            low=800,
            high=1200,
        ),
    ],
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("acc")
    upstream = tmp / "upstream"
    shutil.copytree(UPSTREAM, upstream)
    latest = upstream / "ccf-coefficients" / "data" / "aws-instances-latest-2026.csv"
    with latest.open("a", encoding="utf-8") as fh:
        fh.write("Accelerated Computing,p5e.48xlarge,192,2048,AMD EPYC 7R13,5.7\n")
    factors = tmp / "factors"
    (factors / "hardware" / "accelerators").mkdir(parents=True)
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    (factors / "hardware" / "accelerators" / "test.yaml").write_text(
        yaml.safe_dump(CATALOG, sort_keys=False), encoding="utf-8"
    )
    REGISTRY["cloud-instances"].run(upstream, factors)
    return factors


def _factors(out: Path, rel: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((out / "hardware" / "instances" / rel).read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["factors"]}


def test_teads_whole_instance_power_is_kept_and_ranked(out: Path) -> None:
    f = _factors(out, "aws/p4d.yaml")
    load = f["power:aws:p4d.24xlarge:2021:teads-aws-ec2:load-100"]
    assert load["rung"] == "published-estimate"  # Teads watts include the 8 GPUs


def test_embodied_is_host_without_gpu_addon_plus_accelerators(out: Path) -> None:
    f = _factors(out, "aws/p4d.yaml")
    emb = [v for v in f.values() if v["kind"] == "embodied"]
    assert len(emb) == 1  # one default, no competing host-only figure
    e = emb[0]
    # CCF 2021 host 4,676.79 kg less its 8 x 150 kg GPU add-on, whole host; 8 x 270 kg A100
    # (the die-only 19.3 kg lower bound is never chosen, although its source ranks first).
    assert e["value"] == pytest.approx(4676.79 - 1200 + 8 * 270)
    assert e["source"] == "boavizta-api"
    assert "rung" not in e  # an unranked part makes the sum unranked
    assert e["inputs"]["accelerators"][0]["factor"] == (
        "embodied:nvidia-a100-sxm4-40gb:2024:boavizta-api:manufacturing"
    )


def test_power_and_embodied_sums_for_a_type_with_no_published_figure(out: Path) -> None:
    f = _factors(out, "aws/p5e.yaml")
    mx = f["power:aws:p5e.48xlarge:2026:carbonfactors-derived:max"]
    mn = f["power:aws:p5e.48xlarge:2026:carbonfactors-derived:min"]
    host = 192 * mx["inputs"]["w_per_vcpu"] + 2048 * 0.392
    assert mx["value"] == pytest.approx(host + 8 * 700, abs=1e-3)
    idle = mn["inputs"]["memory_idle_w_per_gb"]
    assert mn["value"] == pytest.approx(192 * mn["inputs"]["w_per_vcpu"] + 2048 * idle, abs=1e-3)
    assert mx["rung"] == mn["rung"] == "component-model"
    # O7 (audit 1796621837): a derived sum cites carbonfactors, its parts in derived_from.
    assert mx["source"] == mn["source"] == "carbonfactors-derived"
    assert "epoch-ml-hardware" in mx["derived_from"]["sources"] + [
        s.split(":")[3] for s in mx["derived_from"]["factors"]
    ]
    e = f["embodied:aws:p5e.48xlarge:2026:luccioni-bloom-2022:manufacturing"]
    assert (e["value"], e["low"], e["high"]) == (5700 + 8000, 5700 + 6400, 5700 + 9600)
    assert "rung" not in e  # host from the undocumented CCF 2026 list: unknown rung
    assert "unknown" in e["method"]


def test_rerun_is_byte_identical_and_output_validates(out: Path) -> None:
    folder = out / "hardware" / "instances"
    before = {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}
    upstream = out.parent / "upstream"
    assert REGISTRY["cloud-instances"].run(upstream, out) == []
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))} == before
    res = validate_tree(out)
    # The fixture's H200 has deliberately no idle figure (the 0 W floor path), which the
    # I1 screen (audit 1796585890) lists; nothing else may fail.
    other = [str(p) for p in res.problems if "floor power counts" not in str(p)]
    assert other == [], other[:5]
    assert any("nvidia-h200-sxm at 0 W" in str(p) for p in res.problems)


def test_part_without_own_value_uses_its_category_default(tmp_path: Path) -> None:
    from carbonfactors_pipeline.importers._accelerator_parts import read_parts

    hw = tmp_path / "hardware"
    (hw / "accelerators").mkdir(parents=True)
    (hw / "categories").mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", tmp_path / "sources.yaml")
    (hw / "accelerators" / "a.yaml").write_text(yaml.safe_dump(CATALOG), encoding="utf-8")
    cat = _factor(
        "category:gpu",
        "embodied",
        "manufacturing",
        300,
        "boavizta-api",
        rung="category-default",
        low=100,
        high=900,
    )
    (hw / "categories" / "gpu.yaml").write_text(
        yaml.safe_dump({"factors": [cat]}), encoding="utf-8"
    )
    parts = read_parts(tmp_path)
    assert parts["nvidia-a100-sxm4-40gb"].embodied.value == 270  # type: ignore[union-attr]
    h200 = parts["nvidia-h200-sxm"]
    assert h200.embodied is not None and h200.embodied.rung == "published-estimate"
    assert h200.idle is None and h200.full is not None and h200.full.value == 700
    # a model with no embodied value of its own falls back to the category default
    bare = {**CATALOG, "factors": CATALOG["factors"][:-1]}
    (hw / "accelerators" / "a.yaml").write_text(yaml.safe_dump(bare), encoding="utf-8")
    fallback = read_parts(tmp_path)["nvidia-h200-sxm"].embodied
    assert fallback is not None and fallback.rung == "category-default" and fallback.value == 300


def test_tpu_figures_that_hold_their_host_add_no_host() -> None:
    from carbonfactors.dataset import Factor
    from carbonfactors_pipeline.importers._accelerated_types import AccelPart
    from carbonfactors_pipeline.importers._accelerator_parts import Part
    from carbonfactors_pipeline.importers._cloud_read import Host, Instance
    from carbonfactors_pipeline.importers._instance_sums import accelerated_embodied

    def part(source: str, value: float) -> Part:
        f = Factor(
            f"embodied:tpu:2023:{source}:manufacturing", "embodied", "tpu", 2023, value,
            "kgCO2e", "manufacturing", value, value, source, rung="published-estimate",
        )  # fmt: skip
        return Part("tpu", "tpu", None, None, f)

    host = Host("ccf-2021", "ct5p host", 2000, 208, 208, 2021)
    inst = Instance("gcp", "ct5p-hightpu-4t", 208, 448, "AMD EPYC", hosts=[host])
    accel = [AccelPart("tpu", 4, "gcp-tpu-machine-types")]
    with_host = accelerated_embodied(
        inst, accel, {"tpu": part("schneider-tpu-lca-2025", 796)}, [], inst
    )
    chip_only = accelerated_embodied(inst, accel, {"tpu": part("other", 796)}, [], inst)
    assert with_host is not None and chip_only is not None
    assert with_host[0]["value"] == 4 * 796  # the LCA's per-TPU figure holds its host share
    assert chip_only[0]["value"] == 2000 + 4 * 796
    assert "host below counts 0" in with_host[0]["method"]


def test_a_listed_bare_metal_size_is_the_2026_host(tmp_path: Path) -> None:
    """Audit 2026-12-06 class G: Graviton4 families list their platform total for every size
    up to ``metal-24xl`` (96 vCPUs, a whole server) and none for the 192-vCPU sizes; the host
    is the 96-vCPU server, not the family's largest size (c8g.8xlarge was half its share)."""
    upstream = tmp_path / "upstream"
    shutil.copytree(UPSTREAM, upstream)
    latest = upstream / "ccf-coefficients" / "data" / "aws-instances-latest-2026.csv"
    with latest.open("a", encoding="utf-8") as fh:
        for t, v, m, tco2 in (
            ("c9g.large", 2, 4, "0.79"),
            ("c9g.24xlarge", 96, 192, "0.79"),
            ("c9g.metal-24xl", 96, 192, "0.79"),
            ("c9g.48xlarge", 192, 384, ""),
        ):
            fh.write(f"Compute Optimized,{t},{v},{m},AWS Graviton4 Processor,{tco2}\n")
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["cloud-instances"].run(upstream, factors)
    f = _factors(factors, "aws/c9g.yaml")
    small = f["embodied:aws:c9g.large:2026:ccf-coefficients:manufacturing"]
    assert small["value"] == pytest.approx(790 * 2 / 96, abs=1e-3)
    assert small["inputs"]["host_vcpus"] == [96]
    assert f["embodied:aws:c9g.metal-24xl:2026:ccf-coefficients:manufacturing"]["value"] == 790
    # the 192-vCPU size runs on a host whose total is not listed: no 2026 value (rule C3)
    assert not any(k.startswith("embodied:aws:c9g.48xlarge") for k in f)
    # a family whose largest size lists the total keeps it as the host (m5: 96 vCPUs)
    m5 = _factors(factors, "aws/m5.yaml")[
        "embodied:aws:m5.large:2026:ccf-coefficients:manufacturing"
    ]
    assert m5["inputs"]["host_vcpus"] == [96]


def test_scaleway_gpu_types_are_composed_from_scaleways_tables() -> None:
    """Scaleway's GPU comparison tables name the GPU, its count, the CPU, vCPUs and RAM, so
    these types are sums of parts (rule A1) instead of the accelerated-instance median that
    an AGPL-only archetype left them on (audit 2026-12-06 seed 1796558261 #46)."""
    from carbonfactors_pipeline.importers._accelerated_types import FAMILY_PARTS

    l40s = FAMILY_PARTS[("scaleway", "l40s")]
    assert (l40s.model, l40s.counts["l40s-2-48g"]) == ("nvidia-l40s", 2)
    assert l40s.shapes["l40s-2-48g"] == (16, 192, "AMD EPYC 7413")
    h100 = FAMILY_PARTS[("scaleway", "h100")]
    assert h100.counts == {"h100-1-80g": 1, "h100-2-80g": 2}  # H100-x-M: not in the tables
    assert h100.shapes["h100-2-80g"] == (48, 480, "AMD EPYC 9334")
    assert FAMILY_PARTS[("scaleway", "l4")].shapes["l4-8-24g"] == (64, 384, "AMD EPYC 7413")
    listed = yaml.safe_load((Path(__file__).parents[2] / "factors/sources.yaml").read_text())
    [source] = [s for s in listed["sources"] if s["id"] == l40s.source]
    assert source["license"] == "LicenseRef-Facts-Cited"
