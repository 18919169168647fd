"""electricitymaps-2021-export: sub-national full years before the 2021-2025 series, nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _grid_fixtures import UPSTREAM, records, run, validate_with_zones

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.importers import _em_archive_keys as keys
from carbonfactors_pipeline.importers import _em_archive_step as step

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


def _with_rows(tmp_path: Path, export: str, current: str) -> Path:
    upstream = tmp_path / "up"
    shutil.copytree(UPSTREAM, upstream)
    with (upstream / "mlco2-impact/2021-10-27yearly_averages.csv").open("a") as fh:
        fh.write(export)
    with (upstream / "co2js/electricitymaps_yearly_2021_2025.csv").open("a") as fh:
        fh.write(current)
    return upstream


def test_retired_key_mapped_by_the_cited_table(tmp_path: Path) -> None:
    """a-K1: US-NY is New York ISO's zone before US-NY-NYIS (no current key ends in -NY)."""
    up = _with_rows(
        tmp_path,
        "US-NY,2019,United States of America,New York,222.39854913025695,8760\n",
        "US-NY-NYIS,New York ISO,USA,2021,266,29,54\n",
    )
    REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    ny = records(tmp_path / "tree/grid/electricitymaps-2021-export/US-NY-NYIS.yaml", "factors")
    [f] = ny.values()
    assert (f["subject"], f["year"], f["value"]) == ("US-NY-NYIS", 2019, 222.4)
    assert "zone key in the export: US-NY" in str(f["method"])


def test_dropped_key_that_looks_current_stops_the_import(tmp_path: Path) -> None:
    """The screen: an unmapped, unreviewed export key extending to a current key is named."""
    up = _with_rows(
        tmp_path,
        "US-ZZ,2019,United States of America,Somewhere,300.0,8760\n",
        "US-ZZ-ZZIS,Somewhere ISO,USA,2021,266,29,54\n",
    )
    with pytest.raises(ValueError, match="US-ZZ .*could be US-ZZ-ZZIS"):
        REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    assert keys.check_dropped([("US-NY", "New York")], {"US-NY-NYIS": "New York ISO"}) == []
    assert keys.check_dropped([("US-XX", "New York")], {"US-NY-NYIS": "New York"}) == [
        "US-XX (New York) dropped, but it could be US-NY-NYIS"
    ]


def test_older_method_centred_on_the_later_one(tmp_path: Path) -> None:
    """a-M1: Tenerife 2019 460 (old method) while the overlap year 2021 is 512.82 there and
    746 in the later series: centre 460 x 746/512.82, low 460, high 746."""
    up = _with_rows(
        tmp_path,
        "ES-CN-TE,2019,Spain,Tenerife,459.70621189199807,8739\n"
        "ES-CN-TE,2021,Spain,Tenerife,512.82,6553\n",
        "ES-CN-TE,Tenerife,Spain,2021,746,21,21\n",
    )
    REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    te = records(tmp_path / "tree/grid/electricitymaps-2021-export/ES-CN-TE.yaml", "factors")
    f = te["grid_intensity:ES-CN-TE:2019:electricitymaps-2021-export"]
    assert (f["value"], f["low"], f["high"]) == (668.74, 459.71, 746.0)
    assert "a-M1" in str(f["method"])


def test_unscaled_step_is_listed() -> None:
    """The screen: an export value kept as centre while the later method is x1.45 higher."""
    files = {"ES-CN-TE.yaml": {"factors": [{"id": "x", "subject": "ES-CN-TE", "value": 459.71}]}}
    [line] = step.unscaled(files, {"ES-CN-TE": (1.4547, "2021: 746 against 512.82")})
    assert "459.71 kept" in line
    assert step.unscaled(files, {"ES-CN-TE": (1.1, "2021")}) == []


def test_half_a_year_or_more_is_the_years_value(tmp_path: Path) -> None:
    """a-P1: Kyushu 2017, 501.11 on 4,559 hours, is filed as 2017's value (part year),
    centred on the later methodology (x 309/379.89), bounded by the export's own value and
    the later series' first; 2020 on 2,912 hours stays a partial year (bounds only)."""
    up = _with_rows(
        tmp_path,
        "JP-KY,2017,Japan,Kyūshū,501.10995,4559\n"
        "JP-KY,2020,Japan,Kyūshū,507.67,2912\n"
        "JP-KY,2021,Japan,Kyūshū,379.89,6304\n",
        "JP-KY,Kyūshū,Japan,2021,309,21,55\n",
    )
    REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    ky = records(tmp_path / "tree/grid/electricitymaps-2021-export/JP-KY.yaml", "factors")
    f = ky["grid_intensity:JP-KY:2017:electricitymaps-2021-export:part-year"]
    assert (f["value"], f["low"], f["high"]) == (407.6, 309.0, 501.11)
    assert f["period"] == "part year: 4,559 of 8,760 hours with data (at least half a year)"
    assert "a-P1" in str(f["method"]) and "never a default" not in str(f["method"])
    g = ky["grid_intensity:JP-KY:2020:electricitymaps-2021-export:partial-year"]
    assert g["period"].startswith("partial year") and "low" not in g


def test_part_year_follows_the_zones_full_years_scaling(tmp_path: Path) -> None:
    """a-P1: where the zone has full-year export values left unscaled (ratio within 25%),
    its part year is not rescaled either (MISO 2018 between its own 2017 and 2019)."""
    up = _with_rows(
        tmp_path,
        "US-MIDW-MISO,2017,USA,MISO,545.0,8760\n"
        "US-MIDW-MISO,2018,USA,MISO,531.84,4410\n"
        "US-MIDW-MISO,2021,USA,MISO,477.15,6553\n",
        "US-MIDW-MISO,MISO,USA,2021,561,20,20\n",
    )
    REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    miso = records(tmp_path / "tree/grid/electricitymaps-2021-export/US-MIDW-MISO.yaml", "factors")
    f = miso["grid_intensity:US-MIDW-MISO:2018:electricitymaps-2021-export:part-year"]
    # audit 1796642882 a-O6: bounded as its full years are, up to the reading on the later
    # methodology, 531.84 x 561 / 477.15 = 625.30
    assert (f["value"], f["low"], f["high"]) == (531.84, 531.84, 625.3)
    assert "Not rescaled" in str(f["method"]) and "625.3" in str(f["method"])


def test_longer_retired_record_wins_a_part_year(tmp_path: Path) -> None:
    """a-K2: US-NE-ISNE 2018 on 4,411 hours (318.13) against the retired US-NEISO, the same
    ISO New England grid, on 7,080 (260.40): the longer record is filed, the other bounds it;
    between two full years today's key stays, the other a bound."""
    up = _with_rows(
        tmp_path,
        "US-NE-ISNE,2018,USA,Iso New England Inc.,318.1288005709828,4411\n"
        "US-NEISO,2018,USA,New England,260.3977646746338,7080\n"
        "US-NE-ISNE,2019,USA,Iso New England Inc.,294.1019178675047,8760\n"
        "US-NEISO,2019,USA,New England,200.0,8738\n",
        "US-NE-ISNE,ISO New England,USA,2021,272,20,20\n",
    )
    REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    ne = records(tmp_path / "tree/grid/electricitymaps-2021-export/US-NE-ISNE.yaml", "factors")
    f = ne["grid_intensity:US-NE-ISNE:2018:electricitymaps-2021-export:part-year"]
    assert (f["value"], f["low"], f["high"]) == (260.4, 260.4, 318.13)
    assert "7,080 of 8,760" in f["period"] and "US-NE-ISNE: 318.13 on 4,411 hours" in f["method"]
    g = ne["grid_intensity:US-NE-ISNE:2019:electricitymaps-2021-export"]
    assert (g["value"], g["low"]) == (294.1, 200.0) and "a-K2" in g["method"]
    assert keys.choose([(1.0, 8700, "US-A"), (2.0, 8760, "US-B")], "US-A", 8000)[0][2] == "US-A"
    assert keys.choose([(1.0, 5000, "US-A"), (2.0, 5001, "US-B")], "US-A", 8000)[0][2] == "US-B"


def test_renamed_key_gives_the_overlap_ratio(tmp_path: Path) -> None:
    """a-O8 (audit 1796685321): the export's 2021 row under a renamed key (AUS-XX for AU-XX)
    is the zone's overlap row, so a 40% methodology step there is rescaled (it was missed
    while only today's key counted: the 2019 value stayed 100 with no ratio)."""
    up = _with_rows(
        tmp_path,
        "AUS-XX,2019,Australia,Somewhere,100.0,8760\nAUS-XX,2021,Australia,Somewhere,100.0,6553\n",
        "AU-XX,Somewhere,Australia,2021,140,20,20\n",
    )
    REGISTRY["electricitymaps-2021-export"].run(up, tmp_path / "tree")
    xx = records(tmp_path / "tree/grid/electricitymaps-2021-export/AU-XX.yaml", "factors")
    f = xx["grid_intensity:AU-XX:2019:electricitymaps-2021-export"]
    assert (f["value"], f["low"], f["high"]) == (140.0, 100.0, 140.0)


def test_overlap_row_prefers_todays_key_then_hours() -> None:
    """As ``choose``: today's key's 2021 row before a renamed one's, else the longer row."""
    today, renamed = (140.0, 4000, "AU-XX"), (100.0, 6553, "AUS-XX")
    assert keys.overlap(renamed, today, "AU-XX") == today
    assert keys.overlap(today, renamed, "AU-XX") == today
    assert keys.overlap(None, renamed, "AU-XX") == renamed
    assert keys.overlap((1.0, 3000, "US-A"), (2.0, 5000, "US-B"), "US-C") == (2.0, 5000, "US-B")
