"""electricitymaps-yearly: one file per zone key, countries and sub-national zones alike."""

from __future__ import annotations

from pathlib import Path

from _grid_fixtures import records, run, validate_with_zones

from carbonfactors_pipeline.validate import validate_tree


def test_values(tmp_path: Path) -> None:
    files = run("electricitymaps-yearly", tmp_path)
    assert sorted(Path(p).stem for p in files) == [
        "DK-DK1",
        "FR",
        "GB-NIR",
        "NO-NO1",
        "US-CAL-CISO",
    ]
    ciso = records(tmp_path / "grid/electricitymaps-yearly/US-CAL-CISO.yaml", "factors")
    assert sorted(ciso) == [
        "grid_intensity:US-CAL-CISO:2021:electricitymaps-yearly",
        "grid_intensity:US-CAL-CISO:2025:electricitymaps-yearly",
    ]
    f = ciso["grid_intensity:US-CAL-CISO:2025:electricitymaps-yearly"]
    assert (f["value"], f["basis"], f["source"], f["subject"]) == (
        201.0,
        "lifecycle",
        "electricitymaps-yearly",
        "US-CAL-CISO",
    )
    assert "consumption-based" in str(f["method"])
    # The file's newest year is preliminary upstream (co2.js SOURCE.md), said in its period.
    assert str(f["period"]).startswith("calendar 2025, preliminary")
    assert "period" not in ciso["grid_intensity:US-CAL-CISO:2021:electricitymaps-yearly"]


def test_output_validates_and_feeds_cross_check(tmp_path: Path) -> None:
    assert validate_with_zones(tmp_path, "ember-owid", "electricitymaps-yearly") == []
    # Same subject, year and basis from two sources: 2021 agrees (58 vs 58.5), 2022 does not.
    result = validate_tree(tmp_path / "tree")
    assert [(d["subject"], d["year"], d["basis"]) for d in result.disagreements] == [
        ("FR", 2022, "lifecycle")
    ]
    d = result.disagreements[0]
    assert (d["low"]["source"], d["high"]["source"]) == ("electricitymaps-yearly", "ember-owid")
