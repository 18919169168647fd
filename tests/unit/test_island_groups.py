"""Audit 1796655557 a-IS: island groups linked only to each other are cut off from their
country (``importers/_linked_groups``, marked by grid-zones), and the screens
``grid-linked-group`` and ``grid-scaled-above-ceiling`` catch what the old rule let through
(Tenerife 2017 scaled by mainland Spain's change; La Gomera 2022 1,138.88 g over its own
938 g that the lifecycle ceiling kept out). Data-only: no new rules generation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_island_screens as gis
from carbonfactors_pipeline.importers import _linked_groups as lg

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "electricitymaps-yearly", "priority": 20, "license": "ODbL-1.0"},
    {"id": "ipcc", "priority": 30, "license": "CC-BY-4.0"},
]
#: P linked abroad (P_Q); A linked to P; B and C linked only to each other.
PAIRS = ("P_Q", "P-A_P", "P-B_P-C")
PARENTS = {"P-A": "P", "P-B": "P", "P-C": "P"}


def zone(zid: str, **extra: Any) -> dict[str, Any]:
    kind = "subnational" if "-" in zid else "country"
    return {
        "id": zid,
        "name": zid,
        "type": kind,
        **({"parent": "P"} if "-" in zid else {}),
        **extra,
    }


def test_a_group_of_sub_zones_apart_from_the_parent_is_cut_off() -> None:
    assert set(lg.cut_off(PARENTS, (), PAIRS)) == {"P-B", "P-C"}
    # a group holding every linked sub-zone is the country's grid itself (Japan, the NEM)
    assert lg.cut_off({"P-B": "P", "P-C": "P"}, (), ("P-B_P-C",)) == {}
    # already marked (no interconnector at all, or fed from abroad): left to its own list
    assert set(lg.cut_off(PARENTS, ("P-B",), PAIRS)) == {"P-C"}
    # a group reaching another country is not this rule's (``_foreign_linked_grids``)
    assert lg.cut_off(PARENTS, (), ("P-A_P", "P-B_P-C", "P-C_Q")) == {}


def test_the_project_marks_exactly_the_four_canary_zones() -> None:
    marked = {}
    for path in sorted((ROOT / "factors/zones/subnational").glob("*.yaml")):
        for z in yaml.safe_load(path.read_text(encoding="utf-8"))["zones"]:
            if "linked only to" in str(z.get("isolated") or ""):
                marked[z["id"]] = z["isolated"]
    assert set(marked) == {"ES-CN-TE", "ES-CN-IG", "ES-CN-FV", "ES-CN-LZ"}
    assert "linked only to ES-CN-IG (ES-CN-IG_ES-CN-TE)" in marked["ES-CN-TE"]


def test_grid_linked_group_trips_on_an_unmarked_group() -> None:
    zones = [zone("P"), zone("Q"), zone("P-A"), zone("P-B"), zone("P-C")]
    flags = gis.group_flags({"zones": zones}, PAIRS)
    assert [(f.rule, f.factor) for f in flags] == [
        (gis.GROUP, "zone:P-B"),
        (gis.GROUP, "zone:P-C"),
    ]
    assert "linked only to P-C" in flags[0].reason
    marked = [z if z["id"] not in ("P-B", "P-C") else {**z, "isolated": "x"} for z in zones]
    assert gis.group_flags({"zones": marked}, PAIRS) == []


CEILING = "lifecycle-ceiling: 938 gCO2e/kWh is above the highest lifecycle intensity (910)"
ROWS = [
    gi("tech:coal", 2014, 820.0, "ipcc", low=740.0, high=910.0),
    gi("P", 2022, 217.0, "ember"),
    gi("P", 2023, 170.0, "ember"),
    gi("P-B", 2022, 938.0, "electricitymaps-yearly", excluded=CEILING),
    gi("P-B", 2023, 890.0, "electricitymaps-yearly"),
]


def snap(isolated: bool) -> dict[str, Any]:
    extra = {"isolated": "linked only to P-C"} if isolated else {}
    zones = [zone("P"), zone("P-B", **extra)]
    return {"rules": RULES, "sources": SOURCES, "zones": zones, "factors": ROWS}


def test_grid_scaled_above_ceiling_trips_on_a_scaled_value_over_a_screened_one() -> None:
    [flag] = gis.ceiling_flags(snap(isolated=False))
    assert flag.rule == gis.CEILING
    assert flag.factor == "grid_intensity:P-B:2023:electricitymaps-yearly"  # the row scaled
    assert "P-B 2022 is 1136.06" in flag.reason and "own 2022 value 938" in flag.reason
    # marked as cut off: refused, naming the value the ceiling kept out; nothing to flag
    assert gis.ceiling_flags(snap(isolated=True)) == []
    ds = Dataset.from_snapshot(snap(isolated=True), version="t")
    with pytest.raises(FactorNotFound, match="kept out of defaults: P-B 2022 938"):
        ds.resolve_grid("P-B", 2022)
    # the parent's direct figure does not stand for it either (Spain's 190 g for Tenerife)
    direct = snap(isolated=True)
    direct["factors"] = [*ROWS, gi("P", 2020, 190.0, "ember", basis="direct")]
    with pytest.raises(FactorNotFound, match="P-B .P-B. is an isolated grid"):
        Dataset.from_snapshot(direct, version="t").resolve_grid("P-B", 2022, "direct")
    open_ = {**direct, "zones": snap(isolated=False)["zones"]}
    assert (
        Dataset.from_snapshot(open_, version="t").resolve_grid("P-B", 2022, "direct").value == 190
    )


def test_a_coal_grid_whose_direct_rate_reaches_the_value_is_not_flagged() -> None:
    rows = [r for r in ROWS if r["subject"] not in ("P", "P-B") or r["year"] != 2022]
    rows += [gi("P", 2022, 180.0, "ember"), gi("P-B", 2016, 886.0, "ipcc", basis="direct")]
    s = {**snap(isolated=False), "factors": rows}
    assert gis.ceiling_flags(s) == []
    below = [*rows[:-1], gi("P-B", 2016, 500.0, "ipcc", basis="direct")]
    [flag] = gis.ceiling_flags({**s, "factors": below})
    assert "P-B 2022 is 942.35" in flag.reason and "lifecycle ceiling (910)" in flag.reason
