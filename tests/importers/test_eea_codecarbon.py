"""eea-codecarbon: EEA country series via CodeCarbon, ISO3 -> ISO2, basis direct, 1990+."""

from __future__ import annotations

from pathlib import Path

from _cloud_pue_helpers import FIXTURES, problems, records, run_twice

UPSTREAM = FIXTURES / "eea_codecarbon"
OUT = Path("grid/eea-codecarbon")


def test_values(tmp_path: Path) -> None:
    files = run_twice("eea-codecarbon", UPSTREAM, tmp_path)
    # EU-27 has no code and is not imported.
    assert sorted(files) == [str(OUT / f"{z}.yaml") for z in ("AT", "FR", "GR")]
    at = records(tmp_path / OUT / "AT.yaml", "factors")
    # 1989 is before the validator's first year and is dropped.
    assert sorted(at) == [
        "grid_intensity:AT:2000:eea-co2-intensity-electricity",
        "grid_intensity:AT:2001:eea-co2-intensity-electricity",
    ]
    f = at["grid_intensity:AT:2000:eea-co2-intensity-electricity"]
    assert (f["value"], f["unit"], f["basis"], f["year"], f["source"]) == (
        158,
        "gCO2e/kWh",
        "direct",
        2000,
        "eea-co2-intensity-electricity",
    )
    fr = records(tmp_path / OUT / "FR.yaml", "factors")
    assert fr["grid_intensity:FR:2020:eea-co2-intensity-electricity"]["value"] == 55.5
    # Greece 2020 is an empty cell: no factor, no interpolation.
    assert list(records(tmp_path / OUT / "GR.yaml", "factors")) == [
        "grid_intensity:GR:2019:eea-co2-intensity-electricity"
    ]
    assert files[str(OUT / "FR.yaml")].startswith(b"# Written by importer 'eea-codecarbon'")


def test_output_validates(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    run_twice("eea-codecarbon", UPSTREAM, root)
    assert problems(root, zones=["AT", "FR", "GR"]) == []
