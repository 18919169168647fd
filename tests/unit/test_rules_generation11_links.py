"""Audit 1796636393 a-M1 and a-E1: a zone fed from outside its parent country never takes the
parent's value (``grid-parent-not-connected``), and a modelled Electricity Maps zone says
MODELLED with bounds (``modelled-zone-unbounded``; rules generation 11 relays the warning).
A generation-10 snapshot answers as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_link_screens as gls
from carbonfactors_pipeline.importers import _modelled_zones as mz

SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "electricitymaps-yearly", "priority": 20, "license": "ODbL-1.0"},
]
NOTE = f"{mz.MARK}no feed; bounds 100..200 reach the other figures on file for ZZ (GA 200)."


def snap(rules: int, zones: list[dict[str, Any]], factors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": zones, "factors": factors}


XX = [
    {"id": "XX", "name": "Parentland", "type": "country"},
    {"id": "XX-A", "name": "Peninsula", "type": "subnational", "parent": "XX"},
]
PARENT_ROWS = [gi("XX", 2017, 300.0, "ember")]


def test_parent_not_connected_trips_on_a_zone_fed_from_abroad() -> None:
    s = snap(RULES, XX, PARENT_ROWS)
    [flag] = gls.parent_flags(s, {"XX-A": ("YY",)}, ())
    assert flag.rule == gls.PARENT and "XX-A answered with XX's value (2017" in flag.reason
    # reviewed, or linked to a zone of its parent: not flagged
    assert gls.parent_flags(s, {"XX-A": ("YY",)}, ("XX-A",)) == []
    assert gls.parent_flags(s, {"XX-A": ("YY", "XX")}, ()) == []
    # marked as not fed by its parent: refused, so nothing stands in and nothing is flagged
    marked = [XX[0], {**XX[1], "isolated": "fed from YY since 2015"}]
    s2 = snap(RULES, marked, PARENT_ROWS)
    assert gls.parent_flags(s2, {"XX-A": ("YY",)}, ()) == []
    with pytest.raises(FactorNotFound, match="fed from YY since 2015"):
        Dataset.from_snapshot(s2, version="t").resolve_grid("XX-A", 2017)


def test_every_zone_linked_out_of_its_parent_is_decided() -> None:
    from carbonfactors_pipeline.importers import _foreign_linked_grids as fl

    assert set(fl.LINKS) == set(fl.NOT_FED_BY_PARENT) | set(fl.PARENT_STANDS)
    assert not set(fl.NOT_FED_BY_PARENT) & set(fl.PARENT_STANDS)
    assert fl.NOT_FED_BY_PARENT["UA-CR"][0] == 2015 and fl.LINKS["UA-CR"] == ("RU-1",)


ZZ = [{"id": "ZZ", "name": "Modelland", "type": "country"}]


def test_modelled_zone_unbounded_trips_and_the_mark_clears_it() -> None:
    bare = gi("ZZ", 2023, 100.0, "electricitymaps-yearly", method="EM yearly.")
    [flag] = gls.modelled_flags(snap(RULES, ZZ, [bare]), {"ZZ"})
    assert flag.rule == gls.MODELLED and "not marked MODELLED" in flag.reason
    lost = {**bare, "method": NOTE}
    assert "no bounds" in gls.modelled_flags(snap(RULES, ZZ, [lost]), {"ZZ"})[0].reason
    good = {**lost, "low": 100.0, "high": 200.0}
    assert gls.modelled_flags(snap(RULES, ZZ, [good]), {"ZZ"}) == []


def test_generation_11_says_modelled_and_10_answers_as_before() -> None:
    row = gi("ZZ", 2023, 100.0, "electricitymaps-yearly", method=NOTE, low=100.0, high=200.0)
    new = Dataset.from_snapshot(snap(RULES, ZZ, [row]), version="t").resolve_grid("ZZ", 2023)
    old = Dataset.from_snapshot(snap(10, ZZ, [row]), version="t").resolve_grid("ZZ", 2023)
    assert RULES >= 11
    [line] = [w for w in new.warnings if w.startswith("MODELLED")]
    assert "bounds 100..200" in line
    assert not any(w.startswith("MODELLED") for w in old.warnings)
    assert (old.value, old.factor.low, old.factor.high) == (new.value, 100.0, 200.0)


def test_the_importer_marks_and_bounds_a_modelled_zone(tmp_path: Path) -> None:
    src = tmp_path
    (src / "electricitymaps").mkdir()
    (src / "electricitymaps/zones_index.csv").write_text(
        "zone_key,zone_name,country_name,country,region,timezone,"
        "has_zone_emission_factors,has_fallback_mix\n"
        "CA-NT,Northwest Territories,Canada,CA,Americas,x,False,False\n"
    )
    (src / "green-algorithms/latest").mkdir(parents=True)
    (src / "green-algorithms/latest/CI_aggregated.csv").write_text(
        "units\nlocation,continentName,countryName,regionName,carbonIntensity,Type,source\n"
        "CA-NT,NA,Canada,Northwest Territories,200,Region,UNFCCC 2021\n"
    )
    (src / "eco2ai").mkdir()
    (src / "eco2ai/carbon_index_trimmed.csv").write_text(
        "country,region,alpha_2_code,alpha_3_code,numeric_code,emission_intensity_kg_per_mwh\n"
    )
    files = {"CA-NT.yaml": {"factors": [gi("CA-NT", 2023, 112.0, "electricitymaps-yearly")]}}
    assert mz.mark_modelled(files, src) == 1
    rec = files["CA-NT.yaml"]["factors"][0]
    assert (rec["low"], rec["high"]) == (112.0, 200.0) and mz.MARK in rec["method"]
    # the list is checked against the index on file
    (src / "electricitymaps/zones_index.csv").write_text(
        "zone_key,zone_name,country_name,country,region,timezone,"
        "has_zone_emission_factors,has_fallback_mix\nCA-NT,N,C,CA,A,x,True,False\n"
    )
    with pytest.raises(ValueError, match="CA-NT is listed as modelled"):
        mz.mark_modelled(files, src)
