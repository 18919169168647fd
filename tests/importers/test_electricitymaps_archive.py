"""electricitymaps-2021-export: sub-national full years before the 2021-2025 series, nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

from _grid_fixtures import UPSTREAM, records, run, validate_with_zones

from carbonfactors_pipeline.importers import REGISTRY

FILE = "grid/electricitymaps-2021-export/US-CAL-CISO.yaml"


def test_only_subnational_full_years_before_the_series(tmp_path: Path) -> None:
    files = run("electricitymaps-2021-export", tmp_path)
    # FR is a country; US-CA is a retired key; NO-NO1's value is NaN; GB-NIR has 7,999 hours
    # (a partial year: filed as such, never a default).
    assert sorted(Path(p).name for p in files) == ["GB-NIR.yaml", "US-CAL-CISO.yaml"]
    ciso = records(tmp_path / FILE, "factors")
    # 2020 is a partial year (2,900 h), filed with its hours; 2021 is the first year of the
    # 2021-2025 series; 2017 comes from the retired key US-CISO (same EIA code), which cannot
    # replace 2019.
    assert sorted(ciso) == [
        "grid_intensity:US-CAL-CISO:2017:electricitymaps-2021-export",
        "grid_intensity:US-CAL-CISO:2018:electricitymaps-2021-export",
        "grid_intensity:US-CAL-CISO:2019:electricitymaps-2021-export",
        "grid_intensity:US-CAL-CISO:2020:electricitymaps-2021-export:partial-year",
    ]
    part = ciso["grid_intensity:US-CAL-CISO:2020:electricitymaps-2021-export:partial-year"]
    assert part["period"] == "partial year: 2,900 of 8,760 hours with data"
    assert "never a default" in str(part["method"])
    assert "Methodology step" in str(part["method"])
    assert ciso["grid_intensity:US-CAL-CISO:2019:electricitymaps-2021-export"]["value"] == 241.3
    old = ciso["grid_intensity:US-CAL-CISO:2017:electricitymaps-2021-export"]
    assert old["value"] == 260.5 and "zone key in the export: US-CISO" in str(old["method"])
    f = ciso["grid_intensity:US-CAL-CISO:2018:electricitymaps-2021-export"]
    assert (f["value"], f["basis"], f["accounting"], f["source"]) == (
        249.87,
        "lifecycle",
        "consumption",
        "electricitymaps-2021-export",
    )
    assert "8700 hours" in str(f["method"]) and "2021 onwards" in str(f["method"])


def test_australian_keys_renamed(tmp_path: Path) -> None:
    upstream = tmp_path / "up"
    shutil.copytree(UPSTREAM, upstream)
    with (upstream / "co2js/electricitymaps_yearly_2021_2025.csv").open("a") as fh:
        fh.write("AU-NSW,New South Wales,Australia,2021,690,20,20\n")
    REGISTRY["electricitymaps-2021-export"].run(upstream, tmp_path / "tree")
    nsw = records(tmp_path / "tree/grid/electricitymaps-2021-export/AU-NSW.yaml", "factors")
    [f] = nsw.values()
    assert (f["subject"], f["year"], f["value"]) == ("AU-NSW", 2019, 724.69)
    assert "zone key in the export: AUS-NSW" in str(f["method"])


def test_output_validates(tmp_path: Path) -> None:
    assert (
        validate_with_zones(tmp_path, "electricitymaps-yearly", "electricitymaps-2021-export") == []
    )
