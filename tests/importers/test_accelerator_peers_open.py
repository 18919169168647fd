"""Issue 20 round 6 (accelerators): every cited memory reading in the bounds (M1), the
same-die rules through a blank transistor count (O1), memory-peer sizing (C1) and the open
analogue of the sized values (item 3), each with the validator screen that catches it."""

from __future__ import annotations

from typing import Any

import pytest
from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, calibration_cards
from _accelerator_fixtures import hw as _hw
from _accelerator_fixtures import lca as _lca

from carbonfactors_pipeline.accelerator_sizing_review import (
    memory_peer_problems,
    memory_reading_problems,
    open_analogue_problems,
    same_die_k_problems,
)
from carbonfactors_pipeline.importers._accelerator_die_blanks import same_die_transistors
from carbonfactors_pipeline.importers._accelerator_open import OPEN_SOURCE, open_variants
from carbonfactors_pipeline.importers._accelerator_sized import sized

_cards = calibration_cards
LCAS = CALIBRATION_LCAS


def test_the_low_bound_reaches_the_lower_memory_reading() -> None:
    """MTIA v2: 128 GB per chip (Meta via eeNews) or 64 (TechPowerUp: per board of two)."""
    hw = _cards() | {"mtia": _hw("mtia", 100, 5, 128, memory_gb_low=64)}
    out = {f["subject"]: f for f in sized(hw, LCAS, PER_CM2, 0.0, 0.1, set())}
    m = out["mtia"]
    # die 1 cm² x 2.5 = 2.5; value k 6 x (2.5 + 12.8) = 91.8; low x5 x (2.5 + 6.4) = 44.5
    assert m["value"] == pytest.approx(91.8)
    assert m["low"] == pytest.approx(44.5)
    assert m["inputs"]["memory_gb_low"] == 64
    assert "64 GB" in m["method"]
    assert not memory_reading_problems([m], list(hw.values()))
    # The screen trips on the value whose low ignored the reading (the old 6.4-less low).
    stale = m | {"low": 5 * (2.5 + 12.8)}
    (problem,) = memory_reading_problems([stale], list(hw.values()))
    assert "memory-reading-bounds" in problem[2]


def test_a_blank_transistor_count_takes_the_same_area_and_node_sibling() -> None:
    """A800 PCIe 80 GB / A800 SXM: Epoch gives GA100's area and node, no transistor count."""
    hw = _cards() | {
        "a800-80": _hw("a800-80", 100, 7, 20),  # card-a's area and node, count blank
        "a800-sxm": _hw("a800-sxm", 100, 7, None),  # and no memory either
        "other-vendor": _hw("other-vendor", 100, 7, 20) | {"vendor": "W"},
    }
    assert same_die_transistors(hw) == {"a800-80": (1.0, "card-a"), "a800-sxm": (1.0, "card-a")}
    out = {f["subject"]: f for f in sized(hw, LCAS, PER_CM2, 0.0, 0.1, set())}
    assert out["a800-80"]["inputs"]["k_same_die"] == 10  # card-a's ratio, not the median 6
    assert out["a800-80"]["value"] == pytest.approx(40.0)  # 10 x (2 + 20 x 0.1)
    assert out["a800-80"]["inputs"]["transistors_from"] == "card-a"
    # Not 0 GB: the higher median of its die's boards (card-a 10, a800-80 20), low at 10.
    assert out["a800-sxm"]["inputs"]["memory_gb"] == 20
    assert out["a800-sxm"]["low"] == pytest.approx(5 * (2 + 10 * 0.1))  # smallest k, 10 GB
    assert "k_same_die" not in out["other-vendor"]["inputs"]
    facts = list(out.values()) + LCAS
    assert not same_die_k_problems(facts, list(hw.values()))
    # The screen trips on a value sized at the median k on that die.
    median = out["a800-80"] | {"inputs": {"die_kgco2e": 2.0, "memory_gb": 20}}
    (problem,) = same_die_k_problems([median, *LCAS], list(hw.values()))
    assert problem[1] == median["id"] and "same-die-k" in problem[2]


def test_memory_peers_tell_a_gddr_card_from_an_hbm_module() -> None:
    """Parts with memory only: sized on the dies of parts with a memory within 2x."""
    hw = _cards() | {
        "s1": _hw("s1", 100, 14, 16),  # die 1.5
        "s2": _hw("s2", 200, 14, 24),  # die 3
        "s3": _hw("s3", 300, 14, 32),  # die 4.5
        "b1": _hw("b1", 600, 5, 96),  # die 15
        "b2": _hw("b2", 800, 5, 128),  # die 20
        "b3": _hw("b3", 900, 5, 192),  # die 22.5
        "card24": _hw("card24", None, None, 24),
        "hbm192": _hw("hbm192", None, None, 192),
        "nothing": _hw("nothing", None, None, None),
    }
    out = {f["subject"]: f for f in sized(hw, LCAS, PER_CM2, 0.0, 0.1, set())}
    small, big = out["card24"], out["hbm192"]
    assert small["inputs"]["peers"] == ["s1", "s2", "s3"]
    assert small["value"] == pytest.approx(6 * (3 + 2.4))  # median die 3 + 24 GB
    assert small["low"] == pytest.approx(5 * (1.5 + 2.4))
    assert small["high"] == pytest.approx(10 * (4.5 + 2.4))
    assert big["value"] > 3 * small["value"]
    assert small["rung"] == "category-default" and "MEMORY PEERS" in small["method"]
    assert "nothing" not in out
    assert not memory_peer_problems(list(out.values()), list(hw.values()))
    # The screen trips when a part with memory and peers has no value of its own.
    left = [f for f in out.values() if f["subject"] != "card24"]
    (problem,) = memory_peer_problems(left, list(hw.values()))
    assert problem[1] == "card24" and "memory-peers-missing" in problem[2]


def test_open_variants_are_rekeyed_and_widened_by_s2() -> None:
    hw = _cards() | {"p": _hw("p", 100, 14, 10), "p-pro": _hw("p-pro", None, None, None)}
    # One open card (card-b, x5): k_low = k_high, so the bounds come from rule S2.
    opened = sized(hw, [_lca("card-b", 20.0, "nvidia-pcf")], PER_CM2, 0.0, 0.1, set())
    got = {f["subject"]: f for f in open_variants(opened, 1.25, ["s2-src"])}
    p = got["p"]
    assert p["source"] == OPEN_SOURCE and f":{OPEN_SOURCE}:" in p["id"]
    assert p["value"] == pytest.approx(5 * 2.5)
    assert (p["low"], p["high"]) == (pytest.approx(10.0), pytest.approx(15.62, abs=0.01))
    assert "s2-src" in p["derived_from"]["sources"]
    assert "OPEN ANALOGUE" in p["method"]
    assert not any(":carbonfactors-accelerator-model:" in x for x in p["derived_from"]["factors"])
    full = sized(hw, LCAS, PER_CM2, 0.0, 0.1, set())
    assert not open_analogue_problems(full + list(got.values()))
    (problem, *_) = open_analogue_problems(full)
    assert "open-analogue-missing" in problem[2]


def test_an_unmapped_hubblo_card_is_an_importer_error(tmp_path: Any) -> None:
    """Audit 1796563618 class L: an LCA on file that no catalog entry takes narrows k."""
    from carbonfactors_pipeline.importers._accelerator_embodied import hubblo

    rows = ["graphics_card,component,manufacturing_GWP"]
    rows += ["NVIDIA TITAN RTX,casing,5.5", "Average,casing,1.0"]
    path = tmp_path / "gpus_impact_factors.csv"
    path.write_text("\n".join(rows) + "\n")
    (titan,) = hubblo(path, {"nvidia-titan-rtx": None})
    assert titan["year"] == 2026 and "undated" in titan["method"]  # no release year on file
    path.write_text("\n".join([*rows, "NVIDIA RTX 9999,casing,1.0"]) + "\n")
    with pytest.raises(ValueError, match="RTX 9999"):
        hubblo(path, {})
