"""Issue 20 round 7 (w7-acc): packages of several compute dies, a cited "no off-chip memory",
and TPU values (with their host share) kept out of chips' bandwidth classes. Each rule is
checked on a small fixture, and the ``package-dies`` screen trips on the value it replaces."""

from __future__ import annotations

from _accelerator_fixtures import PER_CM2
from _accelerator_fixtures import hw as _hw
from _accelerator_fixtures import lca as _lca

from carbonfactors_pipeline.accelerator_class_review import package_dies_problems
from carbonfactors_pipeline.accelerator_sizing_review import memory_capacity_problems
from carbonfactors_pipeline.importers._accelerator_peers import bandwidth_memory
from carbonfactors_pipeline.importers._accelerator_sized import sized


def _cards() -> tuple[dict[str, dict], list[dict]]:
    hw = {
        "card-a": _hw("card-a", 200.0, 7.0, 16.0),
        "card-b": _hw("card-b", 400.0, 7.0, 32.0),
        "card-c": _hw("card-c", 800.0, 7.0, 64.0),
    }
    return hw, [_lca("card-a", 30.0), _lca("card-b", 60.0), _lca("card-c", 120.0)]


def _by_subject(hw: dict[str, dict], lcas: list[dict]) -> dict[str, dict]:
    return {f["subject"]: f for f in sized(hw, lcas, PER_CM2, 0.0, 0.1, set())}


def test_a_two_die_package_costs_each_die_and_its_low_bound_the_lower_reading() -> None:
    hw, lcas = _cards()
    hw["dual"] = _hw("dual", 300.0, 7.0, 64.0)
    one = _by_subject(hw, lcas)["dual"]  # sized as one die: the error of the class
    hw["dual"]["specs"] |= {
        "compute_dies": 2,
        "compute_dies_low": 1,
        "sources": {"compute_dies": "two-dies", "compute_dies_low": "one-die"},
    }
    f = _by_subject(hw, lcas)["dual"]
    k = f["inputs"]["k"]
    # die 3 cm² x 2.0 = 6 kg each, memory 64 GB x 0.1 = 6.4: one die 12.4, two 18.4.
    assert abs(one["value"] - k * 12.4) < 0.01
    assert abs(f["value"] - k * 18.4) < 0.01
    assert f["inputs"]["compute_dies"] == 2 and f["inputs"]["die_kgco2e"] == 12.0
    assert f["low"] == one["low"]  # the one-die reading
    assert f["high"] > one["high"]
    assert "2 compute dies in the package" in f["method"] and "one-die" in f["method"]
    assert {"two-dies", "one-die"} <= set(f["derived_from"]["sources"])
    hardware = list(hw.values())
    assert package_dies_problems([f], hardware) == []
    assert [r for _, r, _ in package_dies_problems([one], hardware)] == [one["id"]]


def test_package_dies_flags_a_multi_die_part_left_on_the_category_default() -> None:
    part = _hw("tpu-x", None, None, 192.0, compute_dies=2) | {"category": "tpu"}
    assert [(k, r) for k, r, _ in package_dies_problems([], [part])] == [("hardware", "tpu-x")]
    pcf = _lca("tpu-x", 500.0, "vendor-pcf")  # a footprint of the whole package covers both
    assert package_dies_problems([pcf | {"kind": "embodied"}], [part]) == []
    modelled = {
        "id": "embodied:tpu-x:2020:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "tpu-x",
        "rung": "component-model",
        "inputs": {"compute_dies": 2},
    }
    assert package_dies_problems([modelled], [part]) == []
    assert len(package_dies_problems([modelled | {"inputs": {}}], [part])) == 1


def test_a_cited_zero_memory_is_not_filled_from_bandwidth_peers() -> None:
    hw = {
        f"p{i}": _hw(f"p{i}", 500.0, 7.0, mem, memory_bandwidth_tbs=8.0 + i)
        for i, mem in enumerate((64.0, 96.0, 128.0))
    }
    hw["sram"] = _hw("sram", 645.0, 7.0, None, memory_bandwidth_tbs=10.0)
    assert bandwidth_memory(hw, "sram") is not None  # a gap: filled from its peers
    hw["sram"]["specs"]["memory_gb"] = 0  # cited: no off-chip memory at all
    assert bandwidth_memory(hw, "sram") is None
    f = {
        "id": "embodied:sram:2020:carbonfactors-accelerator-model:manufacturing",
        "kind": "embodied",
        "subject": "sram",
        "rung": "component-model",
        "inputs": {"memory_gb": 0},
    }
    assert memory_capacity_problems([f], list(hw.values())) == []
    del hw["sram"]["specs"]["memory_gb"]
    assert len(memory_capacity_problems([f], list(hw.values()))) == 1


def test_a_tpu_value_with_its_host_share_is_not_in_a_chips_bandwidth_class() -> None:
    hw, lcas = _cards()
    for hid, mem in (("card-a", 16.0), ("card-b", 32.0), ("card-c", 64.0)):
        hw[hid]["specs"]["memory_bandwidth_tbs"] = 2.0 + mem / 64
    hw["roadmap"] = {
        "id": "roadmap",
        "category": "accelerator",
        "vendor": "W",
        "specs": {"memory_bandwidth_tbs": 2.5},
    }
    hw["tpu-x"] = {
        "id": "tpu-x",
        "category": "tpu",
        "vendor": "G",
        "release_year": 2020,
        "specs": {"memory_bandwidth_tbs": 2.4, "memory_gb": 192},
    }
    tpu = _lca("tpu-x", 900.0, "tpu-lca") | {"rung": "published-estimate"}
    f = _by_subject(hw, [*lcas, tpu])["roadmap"]
    assert (f["value"], f["low"], f["high"]) == (60.0, 30.0, 120.0)
    assert "tpu-x" not in f["inputs"]["peers"]
