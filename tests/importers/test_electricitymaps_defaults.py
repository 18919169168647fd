"""electricitymaps-defaults: per-technology factors, IPCC values cited to the IPCC, ranges guarded."""

from __future__ import annotations

from pathlib import Path

from _grid_fixtures import records, run, validate_with_zones

FILE = "grid/technologies/electricitymaps-defaults.yaml"


def test_technologies_and_factors(tmp_path: Path) -> None:
    run("electricitymaps-defaults", tmp_path)
    techs = records(tmp_path / FILE, "technologies")
    assert sorted(techs) == ["tech:coal", "tech:hydro", "tech:oil", "tech:solar", "tech:wind"]
    fs = records(tmp_path / FILE, "factors")
    # Storage rows and 'unknown' are not technologies.
    assert not [i for i in fs if "battery" in i or "unknown" in i]
    coal = fs["grid_intensity:tech:coal:2014:ipcc-ar5-wg3-annex3:lifecycle"]
    assert (coal["value"], coal["low"], coal["high"]) == (820.0, 740.0, 910.0)
    assert fs["grid_intensity:tech:coal:2014:ipcc-ar5-wg3-annex3:direct"]["value"] == 760.0
    # Oil direct is Electricity Maps' own blend: cited to Electricity Maps, year of newest input.
    oil = fs["grid_intensity:tech:oil:2021:electricitymaps-defaults:direct"]
    assert oil["value"] == 406.0 and "EIA 2020/BEIS 2021" in str(oil["method"])
    # Wind 12 is not the onshore median (11): the IPCC onshore range must not be attached.
    wind = fs["grid_intensity:tech:wind:2014:ipcc-ar5-wg3-annex3:lifecycle"]
    assert "low" not in wind and "high" not in wind
    # Hydro's IPCC maximum (2200) exceeds the validator bound: no range.
    assert "high" not in fs["grid_intensity:tech:hydro:2014:ipcc-ar5-wg3-annex3:lifecycle"]


def test_output_validates(tmp_path: Path) -> None:
    assert validate_with_zones(tmp_path, "electricitymaps-defaults") == []
