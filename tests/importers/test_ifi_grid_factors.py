"""ifi-grid-factors: operating margin per country, basis marginal, miscoded rows skipped."""

from __future__ import annotations

from pathlib import Path

from _grid_fixtures import records, run, validate_with_zones


def test_values(tmp_path: Path) -> None:
    files = run("ifi-grid-factors", tmp_path)
    # Azores (no code), Canary Islands (co2.js gives it Cayman's codes), Namibia (blank) skipped.
    assert sorted(Path(p).stem for p in files) == ["CY", "FR", "KY", "NO"]
    fr = records(tmp_path / "grid/ifi-harmonized-grid-factors/FR.yaml", "factors")
    f = fr["grid_intensity:FR:2021:ifi-harmonized-grid-factors"]
    assert (f["value"], f["basis"], f["year"]) == (158.0, "marginal", 2021)
    ky = records(tmp_path / "grid/ifi-harmonized-grid-factors/KY.yaml", "factors")
    assert ky["grid_intensity:KY:2021:ifi-harmonized-grid-factors"]["value"] == 753.0
    no = records(tmp_path / "grid/ifi-harmonized-grid-factors/NO.yaml", "factors")
    assert no["grid_intensity:NO:2021:ifi-harmonized-grid-factors"]["value"] == 0.0


def test_output_validates(tmp_path: Path) -> None:
    assert validate_with_zones(tmp_path, "ifi-grid-factors") == []
