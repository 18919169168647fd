"""Accelerators sized by their parts (audit 2026-12-06 class D): small fixtures, real code."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonfactors_pipeline.importers._accelerator_embodied import category_defaults
from carbonfactors_pipeline.importers._accelerator_sized import (
    act_node,
    dram_kg_per_gb,
    same_die_memory,
    same_die_node,
    sized,
)

PER_CM2 = {28: 1.0, 14: 1.5, 7: 2.0, 5: 2.5}


def _hw(hid: str, cat: str, area: float | None, node: float | None, mem: float | None) -> dict:
    specs = {
        k: v for k, v in (("die_area_mm2", area), ("process_nm", node), ("memory_gb", mem)) if v
    }
    return {"id": hid, "category": cat, "release_year": 2020, "specs": specs}


def _lca(hid: str, value: float, source: str = "hubblo-gpu-lca", rung: str = "product-lca") -> dict:
    return {
        "id": f"embodied:{hid}:2020:{source}:manufacturing",
        "subject": hid,
        "value": value,
        "rung": rung,
        "source": source,
        "year": 2020,
    }


def test_act_node_takes_the_nearest_table_tie_to_the_coarser() -> None:
    nodes = sorted(PER_CM2)
    assert act_node(12, nodes) == 14
    assert act_node(16, nodes) == 14
    assert act_node(6, nodes) == 7
    assert act_node(4, nodes) == 5
    assert act_node(90, nodes) == 28


def test_dram_row_is_read_in_kg_per_gb(tmp_path: Path) -> None:
    p = tmp_path / "dram.yaml"
    p.write_text('"ddr4_10nm"   : 65 g / GB\n"lpddr4" : 48 g / GB\n')
    assert dram_kg_per_gb(p) == pytest.approx(0.065)


def test_small_part_is_sized_by_its_die_not_the_hbm_median() -> None:
    hw = {
        "card-a": _hw("card-a", "gpu", 100, 7, 10),  # base 2 + 1 package-free = 2 + 1 = 3
        "card-b": _hw("card-b", "gpu", 200, 7, 0),  # base 4
        "card-c": _hw("card-c", "gpu", 100, 28, 0),  # base 1
        "tiny": _hw("tiny", "accelerator", 50, 12, None),  # 0.5 x 1.5 = 0.75
        "tiny-pro": _hw("tiny-pro", "accelerator", None, None, None),
        "nodie": _hw("nodie", "gpu", None, 7, 80),
        "owned": _hw("owned", "gpu", 300, 5, 0),
    }
    lcas = [_lca("card-a", 30.0), _lca("card-b", 20.0), _lca("card-c", 6.0)]
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, {"owned"})}
    # ratios: 30/3 = 10, 20/4 = 5, 6/1 = 6 -> k = 6, bounds x5..x10
    assert out["tiny"]["value"] == pytest.approx(4.5)
    assert (out["tiny"]["low"], out["tiny"]["high"]) == (pytest.approx(3.75), pytest.approx(7.5))
    assert out["tiny"]["rung"] == "component-model"
    assert out["tiny-pro"]["value"] == out["tiny"]["value"]  # variant inherits its family
    assert out["tiny-pro"]["inputs"]["family_model"] == "tiny"
    assert "nodie" not in out and "owned" not in out  # no die area; own value elsewhere
    assert "card-a" not in out  # has its own product LCA
    assert (
        "embodied:card-a:2020:hubblo-gpu-lca:manufacturing"
        in out["tiny"]["derived_from"]["factors"]
    )


def test_category_default_low_reaches_the_smallest_die_on_file() -> None:
    factors = [
        _lca("big-1", 160.0, "nvidia-hgx-h100-pcf"),
        _lca("big-2", 280.0, "nvidia-hgx-b200-pcf"),
        _lca("small", 3.0, "act-logic-gupta-2022", "lower-bound"),
    ]
    cats = {"big-1": "gpu", "big-2": "gpu", "small": "gpu"}
    (gpu, *_) = category_defaults(factors, cats, 1.5)
    assert gpu["value"] == 220.0
    assert gpu["low"] == 3.0  # not 160 / 1.5: a small card falling here must be inside
    assert gpu["high"] == 420.0
    assert "smallest compute-die-only lower bound" in gpu["method"]


def test_a_part_without_node_takes_the_node_of_its_same_die_sibling() -> None:
    """Audit 2026-12-06 seed 1796548636 class L: Epoch leaves the Tesla P40's node blank but
    gives its GP102 die (471 mm², 11.8 bn transistors), which the GTX 1080 Ti shares at 16 nm."""
    hw = {
        "card-a": _hw("card-a", "gpu", 100, 7, 10),
        "ti": _hw("ti", "gpu", 471, 16, 11),
        "p40": _hw("p40", "gpu", 471, None, 24),
        "other": _hw("other", "gpu", 471, None, 24),  # same area, another die
        "split": _hw("split", "gpu", 200, None, 0),  # siblings disagree on the node
        "s7": _hw("s7", "gpu", 200, 7, 0),
        "s5": _hw("s5", "gpu", 200, 5, 0),
    }
    for hid, bn in (("ti", 11.8), ("p40", 11.8), ("other", 12.0), ("split", 5.0)):
        hw[hid]["specs"]["transistors_billion"] = bn
    for hid in ("s7", "s5"):
        hw[hid]["specs"]["transistors_billion"] = 5.0
    assert same_die_node(hw) == {"p40": (16.0, "ti")}
    out = {f["subject"]: f for f in sized(hw, [_lca("card-a", 30.0)], PER_CM2, 0.0, 0.1, set())}
    # k = 30 / 3 = 10; die 4.71 cm² x 1.5 (14 nm table) + 24 GB x 0.1 = 9.465
    assert out["p40"]["value"] == pytest.approx(94.65)
    assert out["p40"]["inputs"]["process_nm_from"] == "ti"
    assert "same die" in out["p40"]["method"]
    # Not on a sibling's node: costed at their release year's nodes instead (audit
    # 1796585890 class D4), and say so.
    for hid in ("other", "split"):
        assert out[hid]["inputs"]["process_nm_from"].startswith("release-year peers")
        assert "class D4" in out[hid]["method"]


def test_a_part_on_a_calibration_cards_die_uses_that_cards_ratio() -> None:
    """The GTX 1080 Ti's LCA is 8.9x its ACT parts, the median over dies 5.9x: a Tesla P40
    (same GP102 die) is sized at the die's own ratio, the median stays its low bound."""
    hw = {
        "card-a": _hw("card-a", "gpu", 100, 7, 10),  # base 3, LCA 30: x10
        "card-b": _hw("card-b", "gpu", 200, 7, 0),  # base 4, LCA 20: x5
        "card-c": _hw("card-c", "gpu", 100, 28, 0),  # base 1, LCA 6: x6 (the median)
        "p40": _hw("p40", "gpu", 100, 7, 20),  # card-a's die: base 2 + 20 x 0.1 = 4
        "other": _hw("other", "gpu", 100, 7, 20),  # same area, another transistor count
    }
    for hid, bn in (
        ("card-a", 1.0),
        ("card-b", 2.0),
        ("card-c", 3.0),
        ("p40", 1.0),
        ("other", 4.0),
    ):
        hw[hid]["specs"]["transistors_billion"] = bn
    lcas = [_lca("card-a", 30.0), _lca("card-b", 20.0), _lca("card-c", 6.0)]
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    assert out["p40"]["value"] == pytest.approx(40.0)  # 10 x 4, card-a's ratio
    assert out["p40"]["inputs"]["k_same_die"] == 10
    assert "Same die as card-a" in out["p40"]["method"]
    # Audit 1796613359 M1: x10 is the largest ratio, so high is no longer the value (40) but
    # the value x the calibration's spread about its median (40 x 10/6).
    assert (out["p40"]["low"], out["p40"]["high"]) == (pytest.approx(20.0), pytest.approx(66.67))
    assert out["other"]["value"] == pytest.approx(24.0)  # the median k = 6
    assert "k_same_die" not in out["other"]["inputs"]


def test_a_part_with_a_node_but_no_die_is_bracketed_by_its_nodes_dies() -> None:
    """#33/#37 (7 nm, 32 GB, no die area published): the dies sized at its node bound it."""
    hw = {
        "card-a": _hw("card-a", "gpu", 100, 7, 10),
        "card-b": _hw("card-b", "gpu", 200, 7, 0),
        "card-c": _hw("card-c", "gpu", 100, 28, 0),
        "p1": _hw("p1", "gpu", 100, 7, 0),
        "p2": _hw("p2", "gpu", 300, 7, 0),
        "p3": _hw("p3", "gpu", 500, 6, 0),  # ACT's 7 nm row too
        "nodie": _hw("nodie", "gpu", None, 7, 10),
        "nonode": _hw("nonode", "accelerator", None, None, 144),
    }
    lcas = [_lca("card-a", 30.0), _lca("card-b", 20.0), _lca("card-c", 6.0)]
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    f = out["nodie"]
    # k = 6 (x5..x10); dies 100 / 300 / 500 at 2.0 kg/cm²; memory 10 GB x 0.1 = 1 kg
    assert f["value"] == pytest.approx(6 * (3 * 2.0 + 1))
    assert (f["low"], f["high"]) == (pytest.approx(5 * (2.0 + 1)), pytest.approx(10 * (10 + 1)))
    assert f["rung"] == "category-default" and f["inputs"]["peer_die_mm2"] == [100, 300, 500]
    assert "no source on file gives this part's die area" in f["method"]
    assert "nonode" not in out  # no node either: the category default stays
    # fewer than three dies at the node: no bracket
    del hw["p3"]
    assert "nodie" not in {g["subject"] for g in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}


def test_a_dual_gpu_board_counts_both_dies() -> None:
    """The K80 / M60 board: Epoch's die area is one GPU's; the board carries two."""
    hw = {
        "card-a": _hw("card-a", "gpu", 100, 7, 10),
        "card-b": _hw("card-b", "gpu", 200, 7, 0),
        "card-c": _hw("card-c", "gpu", 100, 28, 0),
        "half": _hw("half", "gpu", 300, 28, 12),
        "board": _hw("board", "gpu", 300, 28, 24),
    }
    hw["board"]["specs"]["gpus_per_board"] = 2
    lcas = [_lca("card-a", 30.0), _lca("card-b", 20.0), _lca("card-c", 6.0)]
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    # k = 6: half = 6 x (3 x 1.0 + 1.2); board = 6 x (2 x 3 x 1.0 + 2.4)
    assert out["half"]["value"] == pytest.approx(6 * 4.2)
    assert out["board"]["value"] == pytest.approx(6 * 8.4)
    assert out["board"]["inputs"]["gpus_per_board"] == 2
    assert "x 2 GPUs on the board" in out["board"]["method"]


def test_a_part_without_memory_takes_its_same_die_siblings_memory() -> None:
    """Audit 2026-12-06 seed 1796563618 #37, class M0: Epoch leaves the Tesla P100 DGXS's
    memory blank; the P100 PCIe boards on the same GP100 die carry 12 and 16 GB, so it is
    sized at 16 GB (the higher median of the sizes) with bounds at 12..16, never at 0 GB."""
    hw = {
        "card-a": _hw("card-a", "gpu", 100, 7, 10),
        "pcie12": _hw("pcie12", "gpu", 610, 14, 12),
        "pcie16": _hw("pcie16", "gpu", 610, 14, 16),
        "dgxs": _hw("dgxs", "gpu", 610, 14, None),
        "alone": _hw("alone", "gpu", 300, 14, None),  # no sibling: left at 0 GB
        "rival": _hw("rival", "gpu", 610, 14, None),  # same area, another vendor
    }
    for h in hw.values():
        h["vendor"] = "NVIDIA"
        h["specs"]["transistors_billion"] = 15.3
    hw["rival"]["vendor"] = "Other"
    assert same_die_memory(hw) == {"dgxs": (16.0, 12.0, 16.0, "pcie12 12 GB, pcie16 16 GB")}
    out = {f["subject"]: f for f in sized(hw, [_lca("card-a", 30.0)], PER_CM2, 0.0, 0.1, set())}
    # k = 30 / 3 = 10 (the only LCA: bounds x10..x10); die 6.1 cm2 x 1.5 = 9.15
    dgxs = out["dgxs"]
    assert dgxs["value"] == pytest.approx(10 * (9.15 + 16 * 0.1))
    assert (dgxs["low"], dgxs["high"]) == (
        pytest.approx(10 * (9.15 + 12 * 0.1)),
        pytest.approx(10 * (9.15 + 16 * 0.1)),
    )
    assert dgxs["inputs"]["memory_gb"] == 16
    assert "pcie16" in dgxs["inputs"]["memory_gb_from"]
    assert out["alone"]["inputs"]["memory_gb"] == 0


def test_category_default_centres_on_the_open_sized_catalogue() -> None:
    """Audit 1796574057 class C1: two HBM baseboard shares alone made the GPU default
    (median 220 here); the open-sized parts of the category move it to their median, and it
    records their open inputs, never the ids of the shipped sized values."""
    factors = [
        _lca("big-1", 160.0, "nvidia-hgx-h100-pcf"),
        _lca("big-2", 280.0, "nvidia-hgx-b200-pcf"),
    ]
    cats = {"big-1": "gpu", "big-2": "gpu", "s1": "gpu", "s2": "gpu", "s3": "gpu"}
    sized_open = [
        {
            "id": f"embodied:{s}:2020:carbonfactors-accelerator-model:manufacturing",
            "subject": s,
            "value": v,
            "rung": "component-model",
            "source": "carbonfactors-accelerator-model",
            "year": 2020,
            "derived_from": {
                "factors": ["embodied:big-1:2020:nvidia-hgx-h100-pcf:manufacturing"],
                "sources": ["act-gupta-2022", "epoch-ml-hardware"],
            },
        }
        for s, v in (("s1", 50.0), ("s2", 60.0), ("s3", 70.0))
    ]
    (gpu, *_) = category_defaults(factors, cats, 1.5, sized_open=sized_open)
    assert gpu["value"] == 70.0  # median of 50, 60, 70, 160, 280
    assert (gpu["low"], gpu["high"]) == (50.0, 280.0)  # five models: no S2 widening
    assert gpu["year"] == 2020
    assert not any("accelerator-model" in f for f in gpu["derived_from"]["factors"])
    assert not any("accelerator-model" in f for f in gpu["inputs"]["factors"])
    assert gpu["inputs"]["sized_open"] == {"s1": 50.0, "s2": 60.0, "s3": 70.0}
    assert set(gpu["derived_from"]["sources"]) == {"act-gupta-2022", "epoch-ml-hardware"}
