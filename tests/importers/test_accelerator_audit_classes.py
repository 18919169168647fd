"""Issue 20, audit 1796585890: the accelerator classes found doubtful (V1, siblings, C2,
D4, I1, D3), each fixed at its rule and with a screen that trips on a small fixture."""

from __future__ import annotations

from typing import Any

from _accelerator_fixtures import PER_CM2
from _accelerator_fixtures import hw as _hw
from _accelerator_fixtures import lca as _lca

from carbonfactors_pipeline.accelerator_class_review import (
    bandwidth_class_problems,
    die_unused_problems,
    family_memory_problems,
    same_silicon_problems,
    tiles_centre_problems,
    tiles_problems,
    zero_idle_problems,
)
from carbonfactors_pipeline.importers._accelerator_idle import class_idle
from carbonfactors_pipeline.importers._accelerator_sized import sized


def _cards() -> tuple[dict[str, dict], list[dict]]:
    hw = {
        "card-a": _hw("card-a", 200.0, 7.0, 16.0),
        "card-b": _hw("card-b", 400.0, 7.0, 32.0),
        "card-c": _hw("card-c", 800.0, 7.0, 64.0),
    }
    return hw, [_lca("card-a", 30.0), _lca("card-b", 60.0), _lca("card-c", 120.0)]


def test_v1_a_variant_keeps_its_own_memory_on_the_familys_die() -> None:
    hw, lcas = _cards()
    hw["fam"] = _hw("fam", 600.0, 7.0, 32.0)
    hw["fam3"] = _hw("fam3", None, 7.0, 64.0)  # its own row: 64 GB
    hw["fam4"] = _hw("fam4", None, 7.0, 32.0)  # same memory as the family
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    fam, v3, v4 = out["fam"], out["fam3"], out["fam4"]
    die = fam["inputs"]["die_kgco2e"]
    k = fam["value"] / (die + 32 * 0.1)
    assert v3["value"] == round(k * (die + 64 * 0.1), 2)
    assert v3["value"] > fam["value"] and v3["high"] > fam["high"] and v3["low"] > fam["low"]
    assert v3["inputs"]["memory_gb"] == 64.0 and v3["inputs"]["family_memory_gb"] == 32.0
    assert "own memory (64 GB" in v3["method"]
    assert v4["value"] == fam["value"]
    assert family_memory_problems(list(out.values()), list(hw.values())) == []
    # The screen trips on the old rule: the family value whole, on the family's 32 GB.
    stale = fam | {"subject": "fam3", "inputs": fam["inputs"] | {"family_model": "fam"}}
    stale["source"] = "carbonfactors-accelerator-model"
    stale["kind"] = "embodied"
    got = family_memory_problems([stale], list(hw.values()))
    assert len(got) == 1 and "64" in got[0][2]


def test_siblings_a_part_takes_its_same_silicon_siblings_value_at_its_own_memory() -> None:
    hw, lcas = _cards()
    oam = {"form_factor": "OAM", "fp16_tflops": 1300.0}
    hw["big"] = _hw("big", 600.0, 7.0, 192.0, **oam)  # die on file: sized
    hw["bulk"] = _hw("bulk", None, 7.0, 256.0, **oam)  # same FP16, no die
    hw["other"] = _hw("other", None, 7.0, 256.0, form_factor="SXM", fp16_tflops=1300.0)
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    big, nxt = out["big"], out["bulk"]
    k = nxt["inputs"]["k"]
    assert nxt["value"] == round(big["value"] + k * 64 * 0.1, 2)
    assert nxt["inputs"]["same_silicon_as"] == "big" and nxt["rung"] == "component-model"
    assert "other" not in out or "same_silicon_as" not in out["other"]["inputs"]
    factors, hardware = list(out.values()), list(hw.values())
    assert same_silicon_problems(factors, hardware) == []
    # The screen trips when the part is left without the sibling's value.
    left = [f for f in factors if f["subject"] != "bulk"]
    got = same_silicon_problems(left, hardware)
    assert [(k, h) for k, h, _ in got] == [("hardware", "bulk")]


def test_c2_a_part_known_by_bandwidth_only_takes_its_bandwidth_peers_values() -> None:
    hw, lcas = _cards()
    for hid, mem in (("card-a", 16.0), ("card-b", 32.0), ("card-c", 64.0)):
        hw[hid]["specs"]["memory_bandwidth_tbs"] = 2.0 + mem / 64
    hw["roadmap"] = {
        "id": "roadmap",
        "category": "accelerator",
        "vendor": "W",
        "specs": {"memory_bandwidth_tbs": 2.5},
    }
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    f = out["roadmap"]
    assert (f["value"], f["low"], f["high"]) == (60.0, 30.0, 120.0)  # the three LCAs
    assert f["rung"] == "category-default" and f["year"] == 2020
    assert f["inputs"]["peers"] == ["card-a", "card-b", "card-c"]
    power = {
        "id": "power:roadmap:2020:carbonfactors-derived:tdp",
        "kind": "power",
        "subject": "roadmap",
        "method": "BANDWIDTH CLASS ...",
    }
    factors, hardware = [*out.values(), power], list(hw.values())
    assert bandwidth_class_problems(factors, hardware) == []
    left = [g for g in factors if g is not f]
    assert [h for _, h, _ in bandwidth_class_problems(left, hardware)] == ["roadmap"]


def test_d4_a_die_without_node_is_costed_at_its_release_years_nodes() -> None:
    hw, lcas = _cards()
    hw["card-c"]["specs"]["process_nm"] = 5.0
    hw["card-a"]["specs"]["process_nm"] = 14.0
    hw["navi"] = _hw("navi", 500.0, None, 24.0, transistors_billion=57.7)
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    f = out["navi"]
    assert f["inputs"]["process_nm"] == 7.0  # median of 14, 7, 5
    assert f["inputs"]["process_nm_range"] == [5.0, 7.0, 14.0]
    assert f["rung"] == "component-model" and "class D4" in f["method"]
    k = f["inputs"]["k"]
    at7 = k * (500 / 100 * 2.0 + 24 * 0.1)
    assert f["value"] == round(at7, 2)
    assert f["high"] >= round(f["inputs"]["k_high"] * (500 / 100 * 2.5 + 24 * 0.1), 2)
    assert f["low"] <= round(f["inputs"]["k_low"] * (500 / 100 * 1.5 + 24 * 0.1), 2)
    hardware = list(hw.values())
    assert die_unused_problems(list(out.values()), hardware) == []
    stale = f | {"method": "MEMORY PEERS (audit 1796574057 class C1): ..."}
    assert len(die_unused_problems([stale], hardware)) == 1


def _power(hid: str, source: str, basis: str, value: float, **more: Any) -> dict:
    return {
        "id": f"power:{hid}:2020:{source}:{basis}",
        "kind": "power",
        "subject": hid,
        "year": 2020,
        "value": value,
        "unit": "W",
        "basis": basis,
        "source": source,
    } | more


def test_i1_a_chip_without_idle_gets_the_ccf_class_ratio_with_bounds() -> None:
    factors = [
        _power("g1", "ccf-methodology", "idle", 10.0),
        _power("g1", "ccf-methodology", "max", 100.0),
        _power("g2", "ccf-methodology", "idle", 20.0),
        _power("g2", "ccf-methodology", "max", 160.0),
        _power("g3", "ccf-methodology", "idle", 30.0),
        _power("g3", "ccf-methodology", "max", 250.0),
        _power("asic", "carbonfactors-derived", "tdp", 200.0, low=20.0, high=400.0),
        _power("known", "epoch-ml-hardware", "tdp", 300.0),
    ]
    out = {f["subject"]: f for f in class_idle(factors, {"asic", "known", "g1"}, {"known"})}
    assert set(out) == {"asic"}  # g1 has CCF's idle; known has a hand-written one
    f = out["asic"]
    assert (f["value"], f["low"], f["high"]) == (24.0, 2.0, 50.0)  # 0.12 x; 0.1 x 20; 0.125 x 400
    assert f["basis"] == "idle" and "CLASS IDLE" in f["method"]
    floor = {
        "id": "power:aws:inf9:2026:x:min",
        "kind": "power",
        "basis": "min",
        "inputs": {"accelerators": [{"model": "asic", "count": 1, "factor": None}]},
    }
    assert [r for _, r, _ in zero_idle_problems([floor])] == ["power:aws:inf9:2026:x:min"]
    floor["inputs"]["accelerators"][0]["factor"] = f["id"]
    assert zero_idle_problems([floor]) == []


def test_d3_a_multi_tile_package_costs_its_stacked_tiles_in_the_high_bound() -> None:
    hw, lcas = _cards()
    hw["pvc"] = _hw("pvc", 1000.0, 14.0, 96.0)
    plain = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}["pvc"]
    hw["pvc"]["specs"] |= {
        "tiles_beyond_die_mm2": 1000.0,
        "tiles_beyond_die_nm": 5.0,
        "tiles_stacked": True,
    }
    hw["pvc"]["specs"]["sources"] = {"tiles_beyond_die_mm2": "isscc"}
    out = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}
    f = out["pvc"]
    # T1 (audit 1796682238): half the tiles in the value, none in low, all in high.
    k = f["inputs"]["k"]
    assert abs(f["value"] - (plain["value"] + k * 0.5 * 1000 / 100 * 2.5)) < 0.02
    assert f["low"] == plain["low"]
    k_hi = f["inputs"]["k_high"]
    assert abs(f["high"] - (plain["high"] + k_hi * 1000 / 100 * 2.5)) < 0.02
    assert f["method"].startswith("TILES") and "isscc" in f["derived_from"]["sources"]
    hardware = list(hw.values())
    assert tiles_problems([f], hardware) == []
    assert len(tiles_problems([plain], hardware)) == 1


def test_t1_tiles_outside_centre_screen_trips_on_a_die_only_value_and_a_bare_sibling() -> None:
    hw, lcas = _cards()
    hw["pvc"] = _hw("pvc", 1000.0, 14.0, 96.0, transistors_billion=100.0)
    plain = {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}["pvc"]
    hw["pvc"]["specs"] |= {
        "tiles_beyond_die_mm2": 500.0,
        "tiles_beyond_die_nm": 5.0,
        "tiles_stacked": True,
    }
    f = {x["subject"]: x for x in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}["pvc"]
    hardware = list(hw.values())
    assert tiles_centre_problems([f], hardware) == []
    # The old rule: tiles in the high bound only, the value die-only.
    old = f | {"value": plain["value"], "inputs": f["inputs"] | {"tiles_centre_kgco2e": 0}}
    assert [r for _, r, _ in tiles_centre_problems([old], hardware)] == [f["id"]]
    # A same-die sibling without the tile fields (the Max 1100 case) trips it too.
    hw["pvc1"] = _hw("pvc1", 1000.0, 14.0, 48.0, transistors_billion=100.0)
    got = tiles_centre_problems([f], list(hw.values()))
    assert [r for _, r, _ in got] == ["pvc1"]
    # ... and sized with a package share: half the base dies and tiles, high the package.
    hw["pvc1"]["specs"] |= {
        "tiles_beyond_die_mm2": 500.0,
        "tiles_beyond_die_nm": 5.0,
        "tiles_stacked": True,
        "package_share": 0.5,
    }
    assert tiles_centre_problems([f], list(hw.values())) == []
    one = {x["subject"]: x for x in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}["pvc1"]
    assert one["value"] < f["value"] and one["low"] < one["value"] < one["high"]
    assert "0.5 of the package" in one["method"]
