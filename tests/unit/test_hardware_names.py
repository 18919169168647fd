"""Hardware name matching against the committed catalog: right id or None, never a neighbour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors.hardware_names import (
    HardwareIndex,
    NameMatch,
    Refusal,
    candidates,
    looks_like_system,
    match_hardware,
)

ROOT = Path(__file__).resolve().parents[2] / "factors" / "hardware"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for folder in ("accelerators", "cpus"):
        for path in sorted((ROOT / folder).glob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
            records.extend(data.get("hardware", []))
    return records


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # /proc/cpuinfo and lscpu model names
        ("Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz", "intel-xeon-platinum-8380"),
        ("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", "intel-xeon-gold-6248r"),
        ("Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz", "intel-xeon-e5-2686-v4"),
        ("Intel(R) Xeon(R) Platinum 8275CL CPU @ 3.00GHz", "intel-xeon-platinum-8275cl"),
        ("Intel(R) Core(TM) i9-9900K CPU @ 3.60GHz", "intel-core-i9-9900k"),
        ("11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz", "intel-core-i7-1165g7"),
        ("AMD EPYC 7763 64-Core Processor", "amd-epyc-7763"),
        ("AMD EPYC 9654 96-Core Processor", "amd-epyc-9654"),
        ("AMD Ryzen 9 5950X 16-Core Processor", "amd-ryzen-9-5950x"),
        ("Xeon Platinum 8380", "intel-xeon-platinum-8380"),
        ("EPYC 7763", "amd-epyc-7763"),
        # nvidia-smi names
        ("NVIDIA A100-SXM4-40GB", "nvidia-a100-sxm4-40gb"),
        ("NVIDIA A100-SXM4-80GB", "nvidia-a100-sxm4-80gb"),
        ("NVIDIA A100-PCIE-40GB", "nvidia-a100-pcie-40gb"),
        ("NVIDIA A100 80GB PCIe", "nvidia-a100-pcie-80gb"),
        ("NVIDIA H100 80GB HBM3", "nvidia-h100-sxm5-80gb"),
        ("NVIDIA H100 PCIe", "nvidia-h100-pcie-80gb"),
        ("Tesla V100-SXM2-16GB", "nvidia-tesla-v100-sxm2-16gb"),
        ("Tesla V100-SXM2-32GB", "nvidia-tesla-v100-sxm2-32gb"),
        ("Tesla V100-PCIE-32GB", "nvidia-tesla-v100-pcie-32gb"),
        ("Tesla P100-PCIE-16GB", "nvidia-tesla-p100-pcie-16gb"),
        ("Tesla T4", "nvidia-tesla-t4"),
        ("Tesla K80", "nvidia-tesla-k80"),
        ("NVIDIA L4", "nvidia-l4"),
        ("NVIDIA A10G", "nvidia-a10g"),
        ("NVIDIA GeForce RTX 3090", "nvidia-geforce-rtx-3090"),
        ("Quadro RTX 8000", "nvidia-quadro-rtx-8000"),
        # what users type, including the documented short aliases
        ("A100", "nvidia-a100-sxm4-40gb"),
        ("A100 80GB", "nvidia-a100-sxm4-80gb"),
        ("H100", "nvidia-h100-sxm5-80gb"),
        ("H100 SXM", "nvidia-h100-sxm5-80gb"),
        ("V100", "nvidia-tesla-v100-sxm2-16gb"),
        ("NVIDIA H200", "nvidia-h200-sxm"),
        ("B200", "nvidia-b200"),
        ("MI300X", "amd-instinct-mi300x"),
        ("AMD Instinct MI250X", "amd-instinct-mi250x"),
        ("TPU v4", "google-tpu-v4"),
        ("Google TPU v5p", "google-tpu-v5p"),
        ("Trillium", "google-tpu-v6e"),
        ("Gaudi 3", "intel-gaudi-3"),
        ("Trainium2", "aws-trainium2"),
        # GCP accelerator type names
        ("nvidia-tesla-a100", "nvidia-a100-sxm4-40gb"),
        ("nvidia-h100-80gb", "nvidia-h100-sxm5-80gb"),
        ("nvidia-tesla-t4", "nvidia-tesla-t4"),
        # ids match themselves
        ("intel-gaudi-3", "intel-gaudi-3"),
        # nvidia-smi's name for the AWS G7e GPU (instance-parts.yaml)
        (
            "NVIDIA RTX PRO 6000 Blackwell Server Edition",
            "nvidia-rtx-pro-6000-blackwell-server",
        ),
    ],
)
def test_real_world_names_resolve(catalog: list[dict[str, Any]], name: str, expected: str) -> None:
    assert match_hardware(name, catalog) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Intel(R) Xeon(R) CPU @ 2.20GHz",  # a VM hiding its model
        "AMD EPYC Processor",
        "AMD EPYC 7B13",  # a cloud-only part the catalog lacks
        "Intel(R) Xeon(R) Platinum 8488C",
        "A800",  # PCIe 40GB, PCIe 80GB and SXM exist: no short alias on purpose
        "NVIDIA L2",
        "NVIDIA A100-SXM4-96GB",
        "Xeon",
        "Intel",
        "GPU",
        "",
        "   ",
    ],
)
def test_unknown_or_ambiguous_names_resolve_to_none(
    catalog: list[dict[str, Any]], name: str
) -> None:
    assert match_hardware(name, catalog) is None


def test_category_filter(catalog: list[dict[str, Any]]) -> None:
    assert (
        match_hardware("NVIDIA H100 80GB HBM3", catalog, category="gpu") == "nvidia-h100-sxm5-80gb"
    )
    assert match_hardware("NVIDIA H100 80GB HBM3", catalog, category="cpu") is None
    assert match_hardware("TPU v4", catalog, category=("gpu", "tpu")) == "google-tpu-v4"


def test_snapshot_dict_is_accepted(catalog: list[dict[str, Any]]) -> None:
    assert (
        match_hardware("AMD EPYC 7763 64-Core Processor", {"hardware": catalog}) == "amd-epyc-7763"
    )


def test_a_key_naming_two_models_matches_neither() -> None:
    index = HardwareIndex(
        [
            {"id": "x-one", "name": "X One", "category": "gpu", "aliases": ["Shared"]},
            {"id": "x-two", "name": "X Two", "category": "gpu", "aliases": ["Shared"]},
        ]
    )
    assert index.match("Shared") is None
    assert index.match("X One") == "x-one"


def test_missing_vendor_is_accepted_only_when_one_vendor_fits() -> None:
    index = HardwareIndex(
        [
            {"id": "intel-foo-1", "name": "Intel Foo 1", "category": "cpu"},
            {"id": "amd-foo-1", "name": "AMD Foo 1", "category": "cpu"},
            {"id": "amd-bar-2", "name": "AMD Bar 2", "category": "cpu"},
        ]
    )
    assert index.match("Foo 1") is None
    assert index.match("Bar 2") == "amd-bar-2"


def test_candidates_strip_only_noise() -> None:
    forms = candidates("Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz")
    assert "intel xeon platinum 8380" in forms
    assert all("8380" in f for f in forms)


# -- one matcher: slices, systems, clashes, candidates ----------------------------------------
def _resolve(catalog: list[dict[str, Any]], name: str) -> NameMatch | Refusal:
    return HardwareIndex(catalog).resolve(name)


@pytest.mark.parametrize(
    ("name", "chip", "chips"),
    [
        # v2-v4 and v5p count TensorCores, two per chip; v5e (v5litepod) and v6e count chips
        # (Cloud TPU docs, cited in carbonfactors.hardware_names).
        ("v5p-128", "google-tpu-v5p", 64),
        ("TPU v5p-128", "google-tpu-v5p", 64),
        ("v4-32", "google-tpu-v4", 16),
        ("v3-8", "google-tpu-v3", 4),
        ("v5litepod-16", "google-tpu-v5e", 16),
        ("v5e-4", "google-tpu-v5e", 4),
        ("v6e-8", "google-tpu-v6e", 8),
    ],
)
def test_tpu_slice_names_are_a_chip_times_a_count(
    catalog: list[dict[str, Any]], name: str, chip: str, chips: int
) -> None:
    found = _resolve(catalog, name)
    assert isinstance(found, NameMatch)
    assert (found.id, found.multiplier, found.how) == (chip, chips, "slice")
    assert found.expansion is not None and found.expansion.startswith(f"{name} → {chips} × {chip}")
    # A slice is a count of chips, never "the" chip for the plain matcher.
    assert match_hardware(name, catalog) is None


def test_a_tensorcore_count_must_fill_whole_chips(catalog: list[dict[str, Any]]) -> None:
    found = _resolve(catalog, "v5p-127")
    assert isinstance(found, Refusal) and found.reason == "invalid"


@pytest.mark.parametrize(
    ("name", "chip"),
    [
        ("DGX A100", "nvidia-a100-sxm4-40gb"),
        ("DGX H100", "nvidia-h100-sxm5-80gb"),
        ("8x H100 SXM", "nvidia-h100-sxm5-80gb"),
        ("TPU v4 pod", "google-tpu-v4"),
        ("NVIDIA HGX H100", "nvidia-h100-sxm5-80gb"),
    ],
)
def test_system_names_never_resolve_to_a_chip(
    catalog: list[dict[str, Any]], name: str, chip: str
) -> None:
    found = _resolve(catalog, name)
    assert isinstance(found, Refusal), found
    assert found.reason == "system"
    assert chip in found.candidates
    assert looks_like_system(name)


def test_a_system_alias_on_a_chip_is_refused_too() -> None:
    # "GB200 NVL72" once was an alias of the single GB200 chip: the name wins over the alias.
    index = HardwareIndex(
        [{"id": "gb200", "name": "GB200", "category": "gpu", "aliases": ["GB200 NVL72"]}]
    )
    found = index.resolve("GB200 NVL72")
    assert isinstance(found, Refusal) and found.reason == "system"
    assert found.candidates == ("gb200",)
    server = HardwareIndex(
        [{"id": "nvl72", "name": "GB200 NVL72", "category": "server", "aliases": []}]
    )
    assert server.match("GB200 NVL72") == "nvl72"


def test_a_vendor_word_never_tells_two_models_of_that_vendor_apart() -> None:
    # "NVIDIA GB200" is the per-GPU record's id spelled out; "GB200" the superchip's alias.
    index = HardwareIndex(
        [
            {"id": "nvidia-gb200", "name": "NVIDIA GB200", "category": "gpu", "vendor": "NVIDIA"},
            {
                "id": "sc",
                "name": "GB200 Superchip",
                "category": "server",
                "vendor": "NVIDIA",
                "aliases": ["GB200"],
            },
            {"id": "intel-a100", "name": "Intel A100", "category": "gpu", "vendor": "Intel"},
            {
                "id": "nv-a100",
                "name": "NV A100",
                "category": "gpu",
                "vendor": "NVIDIA",
                "aliases": ["A100"],
            },
        ]
    )
    assert index.match("GB200") == "sc"
    found = index.resolve("NVIDIA GB200")
    assert isinstance(found, Refusal) and found.reason == "ambiguous"
    assert set(found.candidates) == {"nvidia-gb200", "sc"}
    assert index.match("nvidia-gb200") == "nvidia-gb200"  # the exact id still reaches it
    # Another vendor's word does not reach NVIDIA's plain "A100".
    assert index.match("Intel A100") == "intel-a100"


def test_a_clash_is_refused_with_every_model_it_could_mean() -> None:
    index = HardwareIndex(
        [
            {"id": "x-one", "name": "X One", "category": "gpu", "aliases": ["Shared"]},
            {"id": "x-two", "name": "X Two", "category": "gpu", "aliases": ["Shared"]},
        ]
    )
    found = index.resolve("shared")
    assert isinstance(found, Refusal) and found.reason == "ambiguous"
    assert set(found.candidates) == {"x-one", "x-two"}
    assert "shared" not in index.keys  # a clashing key denotes no model


def test_unknown_names_get_did_you_mean_candidates(catalog: list[dict[str, Any]]) -> None:
    found = _resolve(catalog, "NVIDIA A100-SXM4-96GB")
    assert isinstance(found, Refusal) and found.reason == "unknown"
    assert found.candidates and all("a100" in c for c in found.candidates[:3])
    nothing = _resolve(catalog, "zzzz")
    assert isinstance(nothing, Refusal) and nothing.candidates == ()


def test_search_lists_the_mainstream_v100_before_a_lookalike() -> None:
    records = [
        {
            "id": "iluvatar-bi-v100",
            "name": "Tianshu Zhixin Tiangai 100 (BI-V100)",
            "category": "gpu",
        },
        {
            "id": "nvidia-tesla-v100-pcie-16gb",
            "name": "NVIDIA Tesla V100 PCIe 16GB",
            "category": "gpu",
        },
        {
            "id": "aws:p3.2xlarge",
            "name": "p3.2xlarge",
            "category": "cloud_instance",
            "specs": {"accelerators": [{"model": "nvidia-tesla-v100-pcie-16gb", "count": 1}]},
        },
    ]
    factors = [{"subject": "iluvatar-bi-v100", "source": "one"}]
    hits = [h.id for h in HardwareIndex(records, factors).search.rank("V100")]
    # Both are word matches; the part a cloud instance contains is the mainstream one.
    assert hits[:2] == ["nvidia-tesla-v100-pcie-16gb", "iluvatar-bi-v100"]


def test_every_catalog_name_resolves_to_its_own_record(catalog: list[dict[str, Any]]) -> None:
    # Ids, names and aliases of the committed catalog name their record, except an alias
    # that reads like a system (HGX, NVL72) on a single chip, which the matcher refuses.
    index = HardwareIndex(catalog)
    for rec in catalog:
        for name in (rec["id"], rec["name"], *(rec.get("aliases") or ())):
            found = index.resolve(name)
            if isinstance(found, Refusal):
                assert found.reason == "system" and looks_like_system(name), (name, found)
            else:
                assert found.id == rec["id"], (name, found)


def test_no_system_name_is_an_alias_of_a_chip(catalog: list[dict[str, Any]]) -> None:
    chips = [r for r in catalog if r.get("category") in ("gpu", "tpu", "accelerator", "cpu")]
    system_aliases = [
        (r["id"], a) for r in chips for a in (r.get("aliases") or ()) if looks_like_system(a)
    ]
    assert system_aliases == []
