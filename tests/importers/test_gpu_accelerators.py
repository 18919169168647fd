"""Importer ``accelerators`` on hand-written fixtures of every upstream file it reads."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "accelerators"


def _run(factors: Path) -> dict[str, bytes]:
    REGISTRY["accelerators"].run(UPSTREAM, factors)
    folder = factors / "hardware" / "accelerators"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    _run(factors)
    return factors


def _load(out: Path, name: str) -> dict[str, Any]:
    text = (out / "hardware" / "accelerators" / name).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def test_catalog_ids_aliases_and_specs(out: Path) -> None:
    nvidia = _load(out, "nvidia.yaml")
    hw = _by_id(nvidia["hardware"])
    h100 = hw["nvidia-h100-sxm5-80gb"]
    assert h100["release_year"] == 2022
    assert "H100" in h100["aliases"]
    assert h100["specs"] == {
        "memory_gb": 80,
        "memory_bandwidth_tbs": 3.35,
        "base_clock_ghz": 1.59,
        "die_area_mm2": 814,
        "process_nm": 5,
        "transistors_billion": 80,
        "fp16_tflops": 989,
        "form_factor": "SXM5",
        # The die code name (audit 1796630035 N1) cites the source naming it.
        "die_name": "GH100",
        # Every spec read from Epoch names it (the form factor is the catalog table's own).
        "sources": {
            **{
                k: "epoch-ml-hardware"
                for k in (
                    "memory_gb",
                    "memory_bandwidth_tbs",
                    "base_clock_ghz",
                    "die_area_mm2",
                    "process_nm",
                    "transistors_billion",
                    "fp16_tflops",
                )
            },
            "die_name": "techpowerup-nvidia-hopper-whitepaper-gh100",
        },
    }
    # The plain "NVIDIA A100" row is a duplicate: no entity, its name becomes an alias.
    assert "nvidia-a100" not in hw
    assert "NVIDIA A100" in hw["nvidia-a100-sxm4-40gb"]["aliases"]
    # GH100 (a die name) is skipped; the A100 PCIe 80GB comes from the extras table.
    assert all("GH100" not in r["name"] for r in nvidia["hardware"])
    assert "nvidia-a100-pcie-80gb" in hw
    others = _by_id(_load(out, "others.yaml")["hardware"])
    assert others["baidu-kunlun-ii"]["category"] == "accelerator"
    assert "release_year" not in others["huawei-ascend-910b-pro"]
    google = _by_id(_load(out, "google.yaml")["hardware"])
    assert google["google-tpu-v4"]["category"] == "tpu"


def test_power_factors(out: Path) -> None:
    epoch = _by_id(_load(out, "nvidia.yaml")["factors"])
    f = epoch["power:nvidia-h100-sxm5-80gb:2022:epoch-ml-hardware:tdp"]
    assert (f["value"], f["unit"], f["basis"]) == (700, "W", "tdp")
    assert "Listed performance figures are without sparsity." in f["method"]
    mlco2 = _by_id(_load(out, "mlco2-impact.yaml")["factors"])
    assert mlco2["power:nvidia-a100-pcie-40gb:2020:mlco2-impact:tdp"]["value"] == 250
    assert not any("v100" in i for i in mlco2)  # swapped V100 rows are not imported
    ga = _by_id(_load(out, "green-algorithms.yaml")["factors"])
    tpu = ga["power:google-tpu-v4:2021:green-algorithms:tdp"]
    assert tpu["value"] == 170 and "Conflicts with Epoch" in tpu["method"]
    # The A100 PCIe 80GB's release year comes from the extras table (NVIDIA product brief).
    assert "power:nvidia-a100-pcie-80gb:2021:green-algorithms:tdp" in ga
    ccf = _by_id(_load(out, "ccf-methodology.yaml")["factors"])
    assert ccf["power:nvidia-a100-sxm4-40gb:2020:ccf-methodology:idle"]["value"] == 46
    assert ccf["power:nvidia-a100-sxm4-40gb:2020:ccf-methodology:max"]["value"] == 407


def test_embodied_factors(out: Path) -> None:
    bz = _by_id(_load(out, "embodied-boavizta.yaml")["factors"])
    a100 = bz["embodied:nvidia-a100-sxm4-40gb:2020:boavizta-api:manufacturing"]
    inp = a100["inputs"]
    redo = (
        inp["casing_kg"] * inp["f_casing_kgco2e_per_kg"]
        + inp["heatsink_kg"] * inp["f_heatsink_kgco2e_per_kg"]
        + inp["pwb_cm2"] * inp["f_pwb_kgco2e_per_cm2"]
        + inp["gpu_die_effective_mm2"] * inp["f_gpu_die_kgco2e_per_mm2"]
        + inp["vram_effective_mm2"] * inp["f_vram_kgco2e_per_mm2"]
        + inp["mass_kg"] * inp["f_upstream_transport_kgco2e_per_kg"]
    )
    assert a100["value"] == pytest.approx(redo, abs=0.01)
    assert a100["value"] == pytest.approx(270.57, abs=0.01)
    act = _by_id(_load(out, "embodied-act.yaml")["factors"])
    h100 = act["embodied:nvidia-h100-sxm5-80gb:2022:act-logic-gupta-2022:manufacturing"]
    per_cm2 = (583 * 2.75 + (430 + 225) / 2 + 500) / 0.875 / 1000
    assert h100["value"] == pytest.approx(8.14 * per_cm2 + 0.15, abs=0.01)
    assert h100["low"] < h100["value"] < h100["high"]
    assert "embodied:google-tpu-v4i:2020:act-logic-gupta-2022:manufacturing" in act
    assert not any("google-tpu-v4:" in i for i in act)  # no die area in Epoch


def test_second_run_is_byte_identical_and_keeps_hand_files(out: Path) -> None:
    folder = out / "hardware" / "accelerators"
    hand = folder / "literature.yaml"
    hand.write_text("factors: []\n", encoding="utf-8")
    before = _run(out)
    assert _run(out) == before
    assert hand.exists()
    hand.unlink()


def test_output_validates(out: Path) -> None:
    result = validate_tree(out)
    assert result.ok, "\n".join(str(p) for p in result.problems)


def test_embodied_rungs_spreads_and_category_defaults(out: Path) -> None:
    every: dict[str, dict[str, Any]] = {}
    for name in ("act", "boavizta", "hubblo", "nvidia-pcf", "defaults"):
        every.update(_by_id(_load(out, f"embodied-{name}.yaml")["factors"]))
    assert all(f.get("rung") for f in every.values())
    # Hubblo: the component rows summed, end of life left out (every card must map to the
    # catalog, audit 1796563618 class L: tests/importers/test_accelerator_peers_open.py).
    hub = every["embodied:nvidia-a100-sxm4-40gb:2020:hubblo-gpu-lca:manufacturing"]
    assert hub["value"] == pytest.approx(0.881 + 4.8 + 0.0821 + 85.8 + 19.3 + 0.464, abs=0.01)
    assert hub["rung"] == "product-lca"
    # Issue 19: Boavizta's GPU model (AGPL code) is kept with its licence but bounds nothing,
    # and has no bounds of its own.
    boa = every["embodied:nvidia-a100-sxm4-40gb:2020:boavizta-api:manufacturing"]
    assert boa["rung"] == "component-model" and "low" not in boa and "high" not in boa
    assert not any("boavizta" in f["method"] for f in every.values() if f is not boa)
    # Rule S1, full methods: the Hubblo LCA (share-alike) against the component model at the
    # smallest and largest k of the product LCAs (here its own ratio and the H100 PCF's).
    act_a100 = every["embodied:nvidia-a100-sxm4-40gb:2020:act-logic-gupta-2022:manufacturing"]
    base = act_a100["value"] + 40 * 0.065  # ACT die + one package + ACT DRAM x 40 GB
    h100 = every["embodied:nvidia-h100-sxm5-80gb:2022:nvidia-hgx-h100-pcf:manufacturing"]
    act_h100 = every["embodied:nvidia-h100-sxm5-80gb:2022:act-logic-gupta-2022:manufacturing"]
    k_h100 = 164 / (act_h100["value"] + 80 * 0.065)
    assert hub["low"] == pytest.approx(hub["value"], abs=0.02)  # its own ratio is the lowest
    assert hub["high"] == pytest.approx(base * k_h100, rel=2e-3)
    assert "rule S1, full methods" in hub["method"]
    # the bound's inputs are recorded, so its licence is computed from them
    assert hub["derived_from"]["sources"] == [
        "act-gupta-2022",
        "act-logic-gupta-2022",
        "epoch-ml-hardware",
        "nvidia-hgx-h100-pcf",
    ]
    # Rule S1, open methods: the H100 PCF (open) against the B200 PCF scaled by HBM at the
    # B200 board's own memory intensity (HBM 49 % of 2,274 kg for 8 x 180 GB): no share-
    # alike input, so the value stays in the open bundle.
    pred = 2274 / 8 + (80 - 180) * (2274 * 0.49 / (8 * 180))
    assert h100["value"] == 164 and h100["rung"] == "product-lca"
    assert (h100["low"], h100["high"]) == (164, pytest.approx(pred, abs=0.01))
    assert h100["derived_from"] == {"sources": ["nvidia-hgx-b200-pcf"]}
    k = (pred / 164) ** 0.5  # rule S2's open ratio: the only part with two open methods
    # ACT's die-only figure is a lower bound and keeps its own range.
    act = act_h100
    assert act["rung"] == "lower-bound" and "rule S" not in act["method"]
    # Rule C1: the median of the per-model defaults that are neither share-alike (Hubblo)
    # nor AGPL (Boavizta's model): only the H100 PCF share is left, so the high is the
    # S2 ratio around it, and the low is the smallest compute-die lower bound of a gpu
    # (audit class D: a small card falling here must be inside the range).
    gpu = every["embodied:category:gpu:2022:carbonfactors-derived:manufacturing"]
    assert gpu["rung"] == "category-default" and gpu["subject"] == "category:gpu"
    # ... and (audit 1796574057 class C1) the parts sized on open inputs only, so the
    # default sits at the median of the category's catalogue, below the HBM baseboard share.
    pooled = [164, *gpu["inputs"]["sized_open"].values()]
    assert len(pooled) >= 3 and gpu["value"] == pytest.approx(statistics.median(pooled), abs=0.01)
    assert gpu["value"] < 164
    floor = every["embodied:nvidia-a100-pcie-40gb:2020:act-logic-gupta-2022:manufacturing"]
    assert floor["value"] < 164 / k and floor["value"] <= act["value"]
    # the smallest gpu die on file: one GM204 of an M60 board (an extra, 398 mm² at 28 nm,
    # below one GK210 of a K80 board, 561 mm²) is below the A100 PCIe's
    gk210 = every["embodied:nvidia-gk210:2014:act-logic-gupta-2022:manufacturing"]
    gm204 = every["embodied:nvidia-gm204:2015:act-logic-gupta-2022:manufacturing"]
    assert gm204["value"] < gk210["value"] < floor["value"]
    assert gpu["low"] == gm204["value"]
    # three or more models pooled: min..max of their values, no S2 widening
    assert gpu["high"] == max(pooled) and "s2_ratio" not in gpu["inputs"]
    assert gpu["inputs"]["factors"] == [h100["id"]]
    # the open-sized values enter by their own open inputs, never by a shipped sized id
    assert h100["id"] in gpu["derived_from"]["factors"]
    assert not any("accelerator-model" in f for f in gpu["derived_from"]["factors"])
    assert "hubblo-gpu-lca" not in gpu["derived_from"]["sources"]
    assert "hubblo" not in gpu["method"] and boa["id"] not in gpu["method"]
    assert {f["subject"] for f in every.values() if f["rung"] == "category-default"} == {
        "category:gpu",
        "category:tpu",
        "category:accelerator",
    }


def test_parts_without_credible_value_are_sized_by_die_and_memory(out: Path) -> None:
    """Audit 2026-12-06 class D: k x (ACT die + ACT DRAM x memory), k from the card LCAs."""
    sized = _by_id(_load(out, "embodied-sized.yaml")["factors"])
    by_subject = {f["subject"]: f for f in sized.values()}
    # Parts with their own product LCA are calibration, never sized.
    assert "nvidia-h100-sxm5-80gb" not in by_subject
    assert "nvidia-a100-sxm4-40gb" not in by_subject
    gaudi = by_subject["intel-gaudi-2"]
    assert (
        gaudi["rung"] == "component-model" and gaudi["source"] == "carbonfactors-accelerator-model"
    )
    # Calibration: A100 SXM4 (Hubblo) and H100 SXM (NVIDIA PCF) ratios; k is their median.
    a100 = 19.299 + 40 * 0.065
    h100 = 22.76 + 80 * 0.065
    hub = 0.881 + 4.8 + 0.0821 + 85.8 + 19.3 + 0.464
    ratios = sorted([hub / a100, 164 / h100])
    base = 19.299 + 96 * 0.065
    assert gaudi["value"] == pytest.approx(base * sum(ratios) / 2, rel=2e-3)
    assert gaudi["low"] == pytest.approx(base * ratios[0], rel=2e-3)
    assert gaudi["high"] == pytest.approx(base * ratios[1], rel=2e-3)
    # Share-alike calibration input recorded, so the computed licence keeps it out of the
    # open bundle.
    assert any("hubblo-gpu-lca" in i for i in gaudi["derived_from"]["factors"])
    # A TPU at 7 nm with 8 GB is sized far below an HBM card.
    assert by_subject["google-tpu-v4i"]["value"] < 60


def test_variants_inherit_their_family_tdp() -> None:
    from carbonfactors_pipeline.importers._accelerator_power import family_parent, family_power

    ids = {"huawei-ascend-910", "huawei-ascend-910a", "huawei-ascend-910b"}
    assert family_parent("huawei-ascend-910a-pro", ids) == "huawei-ascend-910a"
    assert family_parent("huawei-ascend-910b1-v1", ids) == "huawei-ascend-910b"
    assert family_parent("huawei-ascend-9100", ids) is None  # another model number
    assert family_parent("huawei-ascend-920", ids) is None
    tdp = [
        {
            "id": "power:huawei-ascend-910b:2022:epoch-ml-hardware:tdp",
            "kind": "power",
            "subject": "huawei-ascend-910b",
            "year": 2022,
            "value": 400,
            "unit": "W",
            "basis": "tdp",
            "source": "epoch-ml-hardware",
        }
    ]
    cats = {
        "huawei-ascend-910b": "accelerator",
        "huawei-ascend-910b2": "accelerator",
        "x-gpu": "gpu",
    }
    out = family_power(tdp, cats, {"huawei-ascend-910b"}, {"huawei-ascend-910b2": None})
    assert [(f["subject"], f["value"]) for f in out] == [("huawei-ascend-910b2", 400)]
    assert out[0]["inputs"]["factors"] == [tdp[0]["id"]]
    # a variant with a power factor of its own keeps it
    assert family_power(tdp, cats, {"huawei-ascend-910b", "huawei-ascend-910b2"}, {}) == []


def test_a_memory_size_the_name_states_fills_a_blank_memory_column() -> None:
    # Audit 2026-12-06 seed 1796563618 class M0: a blank memory column counted as 0 GB in the
    # sized embodied model although the part's name says 16 GB.
    from carbonfactors_pipeline.importers._accelerator_catalog import memory_in_name

    assert memory_in_name("NVIDIA Tesla P100 SXM2 16GB") == 16
    assert memory_in_name("NVIDIA A800 80 GB") == 80
    assert memory_in_name("NVIDIA Tesla P100 DGXS") is None
    assert memory_in_name("Card 16GB/32GB") is None  # two sizes: no guess


def test_the_validator_fails_a_bound_resting_on_agpl_code_unrecorded(out: Path) -> None:
    """Issue 19: the S1 bounds once took Boavizta API's GPU model (AGPL code) as a credible
    value, named in the method only, so the bounded LCA shipped with a licence its inputs
    do not give. Such a use now fails validation; recorded, the value ships in no bundle."""
    from carbonfactors_pipeline import licensing

    path = out / "hardware" / "accelerators" / "embodied-nvidia-pcf.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (f,) = [f for f in data["factors"] if f["subject"] == "nvidia-h100-sxm5-80gb"]
    f["high"] = 572.12
    f["method"] += " Range (rule S1): min..max of nvidia-hgx-h100-pcf 164; boavizta-api 572.12."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    bad = [str(p) for p in validate_tree(out).problems if "AGPL" in str(p)]
    assert len(bad) == 1 and "boavizta-api" in bad[0], bad
    assert "embodied-nvidia-pcf.yaml" in bad[0]
    f["derived_from"]["sources"].append("boavizta-api")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    res = validate_tree(out)
    assert not [p for p in res.problems if "AGPL" in str(p)]
    snapshot = dict(res.snapshot)
    for name in licensing.BUNDLES:
        assert f["id"] not in {g["id"] for g in licensing.bundle(snapshot, name)["factors"]}
