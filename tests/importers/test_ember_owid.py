"""ember-owid: ISO3 -> ISO2 country series, gaps left as gaps, aggregates dropped but World."""

from __future__ import annotations

from pathlib import Path

from _grid_fixtures import records, run, validate_with_zones


def test_values_and_gaps(tmp_path: Path) -> None:
    files = run("ember-owid", tmp_path)
    assert sorted(files) == [
        f"grid/ember-owid/{z}.yaml" for z in ("FR", "KY", "NA", "NO", "WORLD", "XK")
    ]
    fr = records(tmp_path / "grid/ember-owid/FR.yaml", "factors")
    # 2017 is missing upstream and stays missing: no interpolation.
    assert sorted(fr) == [
        "grid_intensity:FR:2015:ember-owid",
        "grid_intensity:FR:2016:ember-owid",
        "grid_intensity:FR:2018:ember-owid",
        "grid_intensity:FR:2021:ember-owid",
        "grid_intensity:FR:2022:ember-owid",
    ]
    f = fr["grid_intensity:FR:2015:ember-owid"]
    assert (f["value"], f["unit"], f["basis"], f["source"], f["year"]) == (
        59.149334,
        "gCO2e/kWh",
        "lifecycle",
        "ember-owid",
        2015,
    )
    # Norway 2016 is an empty cell upstream.
    assert sorted(records(tmp_path / "grid/ember-owid/NO.yaml", "factors")) == [
        "grid_intensity:NO:2015:ember-owid"
    ]
    assert (
        records(tmp_path / "grid/ember-owid/XK.yaml", "factors")[
            "grid_intensity:XK:2015:ember-owid"
        ]["value"]
        == 945.007
    )


def test_crosswalk_fixes_upstream_codes(tmp_path: Path) -> None:
    run("ember-owid", tmp_path)
    # Eco2AI lost Namibia's NA (pandas NaN); co2.js fills it. co2.js's CY for Cayman is refused.
    assert (tmp_path / "grid/ember-owid/NA.yaml").exists()
    assert (tmp_path / "grid/ember-owid/KY.yaml").exists()
    assert not (tmp_path / "grid/ember-owid/CY.yaml").exists()


def test_output_validates(tmp_path: Path) -> None:
    assert validate_with_zones(tmp_path, "ember-owid") == []
