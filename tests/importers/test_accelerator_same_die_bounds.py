"""Audit 1796674267 class TB (#36 Ascend 910A Pro): a same-die or family link carried the
die but not the package's extra tiles (the Ascend 910's I/O die, HBM and dummy dies, in its
high bound), so the same silicon got a narrower high bound. The catalog now copies
``tiles_beyond_die_*`` with the die fields, the family value names them, and the screen
``accel-same-die-bounds`` flags linked values equal in value but not in bounds whose
silicon inputs differ."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from _accelerator_fixtures import CALIBRATION_LCAS, PER_CM2, sibling_catalog

from carbonfactors_pipeline.accelerator_sibling_review import (
    BOUNDS_RULE,
    same_die_bounds_problems,
)
from carbonfactors_pipeline.importers import _accelerator_catalog as catalog
from carbonfactors_pipeline.importers import _accelerator_tiles as tiles_module
from carbonfactors_pipeline.importers._accelerator_sized import sized

OLD_FIELDS = ("die_area_mm2", "transistors_billion", "process_nm", "die_name")


def _tiled_catalog() -> dict[str, dict[str, Any]]:
    """A sized ``x-910`` with 500 mm² of extra tiles at 7 nm, a same-die ``x-910a`` with
    none of its die fields, and a family variant ``x-910a-pro`` (id prefixed by x-910a)."""
    hw = sibling_catalog("x-910", "x-910a", "OAM")
    hw["x-910"]["specs"] |= {"tiles_beyond_die_mm2": 500, "tiles_beyond_die_nm": 7}
    hw["x-910"]["specs"]["sources"] = {"tiles_beyond_die_mm2": "src-tiles"}
    hw["x-910a"]["specs"]["memory_gb"] = 10  # the sibling's memory: equal values
    hw["x-910a-pro"] = copy.deepcopy(hw["x-910a"]) | {"id": "x-910a-pro"}
    del hw["x-910a-pro"]["specs"]["memory_gb"]
    return hw


def _link_and_size(
    hw: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch, fields: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    cat = catalog.Catalog()
    cat.hardware = copy.deepcopy(hw)
    monkeypatch.setattr(catalog, "DIE_NAMES", {})
    monkeypatch.setattr(catalog, "SAME_DIE_AS", {"x-910a": ("x-910", "src-link")})
    monkeypatch.setattr(catalog, "SAME_DIE_FIELDS", fields)
    catalog._same_die(cat)
    return {
        f["subject"]: f for f in sized(cat.hardware, CALIBRATION_LCAS, PER_CM2, 0.0, 0.1, set())
    }


def test_a_link_without_the_tiles_trips_the_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before T1 (audit 1796682238) the tiles sat in the high bound only, so the same die
    # gave equal values and unequal bounds: that is the case this screen is for.
    monkeypatch.setattr(tiles_module, "TILE_CENTRE_SHARE", 0.0)
    before = _link_and_size(_tiled_catalog(), monkeypatch, OLD_FIELDS)
    sib, part, pro = before["x-910"], before["x-910a"], before["x-910a-pro"]
    assert part["value"] == sib["value"] and part["high"] < sib["high"]
    got = same_die_bounds_problems(list(before.values()))
    assert sorted(r for _, r, _ in got) == sorted([part["id"], pro["id"]])
    assert "tiles_beyond_die_kgco2e" in got[0][2] and BOUNDS_RULE in got[0][2]
    # A keep note silences it.
    keep = {(part["id"], BOUNDS_RULE): "why", (pro["id"], BOUNDS_RULE): "why"}
    assert same_die_bounds_problems(list(before.values()), keep) == []


def test_the_link_carries_the_tiles_and_the_family_names_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    after = _link_and_size(_tiled_catalog(), monkeypatch, catalog.SAME_DIE_FIELDS)
    sib, part, pro = after["x-910"], after["x-910a"], after["x-910a-pro"]
    assert (part["value"], part["low"], part["high"]) == (sib["value"], sib["low"], sib["high"])
    assert (pro["value"], pro["low"], pro["high"]) == (sib["value"], sib["low"], sib["high"])
    assert "500 mm² more silicon" in part["method"] and "src-tiles" in part["method"]
    assert "tiles_beyond_die_mm2" in pro["inputs"]["family_fields"]
    assert same_die_bounds_problems(list(after.values())) == []


def test_bounds_that_differ_by_memory_only_pass() -> None:
    base = {"kind": "embodied", "source": "m", "value": 10.0, "low": 8.0}
    sib = base | {"id": "a", "subject": "s", "high": 20.0, "inputs": {"die_kgco2e": 1.0}}
    part = base | {
        "id": "b",
        "subject": "p",
        "high": 15.0,
        "inputs": {"die_kgco2e": 1.0, "same_die_as": "s", "memory_gb": 8},
    }
    assert same_die_bounds_problems([sib, part]) == []
    tiled = sib | {"inputs": {"die_kgco2e": 1.0, "tiles_beyond_die_kgco2e": 3.0}}
    assert [r for _, r, _ in same_die_bounds_problems([tiled, part])] == ["b"]


def test_a_hand_written_part_s_memory_is_not_credited_to_epoch() -> None:
    # Audit 1796674267 PN (#38): the RTX PRO 6000 Server's 96 GB is a hand-written row with
    # no spec source, while its MEMORY PEERS note said "(96 GB, Epoch)".
    from carbonfactors_pipeline.importers._accelerator_peers import HAND_WRITTEN, memory_words

    hand = {"memory_gb": 96, HAND_WRITTEN: "instance-parts.yaml"}
    assert memory_words(96, None, hand) == (
        "memory (96 GB, hand-written row in instance-parts.yaml, no spec source on file)"
    )
    assert memory_words(96, None, {"memory_gb": 96}) == "memory (96 GB, Epoch)"
    cited = hand | {"sources": {"memory_gb": "src-x"}}
    assert memory_words(96, None, cited) == "memory (96 GB, src-x)"
