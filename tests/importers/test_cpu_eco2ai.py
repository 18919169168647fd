"""Audit 1796642882 class TD and observations O3-O5 on the CPU catalog's fixture tables.

TD: CodeCarbon's "6th Gen FX-8800P APU" (15 W) never met eco2ai's "AMD FX-8800P" (35 W, the
part's configurable top), so the value had no bounds and the disagreement went unseen.
O3: the Xeon Platinum 8260M took TechPowerUp's 2018 (via an AGPL file) over ARK's Q2'19 for
its siblings. O4: eco2ai's date under the undecorated name went unread. O5: a Phenom II X6,
whose Thuban die is cited on file, sat on the desktop segment's central value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _cpu_fixtures import imported_cpus

from carbonfactors_pipeline.cpu_twin_screens import named_die_unused, tdp_second_reading
from carbonfactors_pipeline.importers._cpu_dates import sibling_year
from carbonfactors_pipeline.importers._cpu_eco2ai import undecorated

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "cpus"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    return imported_cpus(tmp_path_factory.mktemp("eco2ai") / "factors")


def test_undecorated_drops_amds_decorations_only() -> None:
    assert undecorated("amd-6th-gen-fx-8800p-apu") == "amd-fx-8800p"
    assert undecorated("amd-phenom-ii-x6-1100t-be") == "amd-phenom-ii-x6-1100t"
    assert undecorated("amd-e2-3800-with-radeon-hd-8280") == "amd-e2-3800"
    assert undecorated("amd-athlon-64-x2-be-2400") == "amd-athlon-64-x2-be-2400"
    assert undecorated("intel-core-i7-640m") == "intel-core-i7-640m"


def test_the_undecorated_reading_bounds_the_value(tree: tuple[dict, dict]) -> None:
    _, fs = tree
    f = fs["power:amd-6th-gen-fx-8800p-apu:2026:codecarbon-cpu-power:tdp"]
    assert (f["value"], f["low"], f["high"]) == (15, 15, 35)
    assert f["inputs"] == {"eco2ai_tdp_w": 35, "eco2ai_name": "AMD FX-8800P"}
    assert "SECOND READING" in f["method"] and "'AMD FX-8800P' 35 W" in f["method"]
    # O4: eco2ai's date under the undecorated name is read (and judged by the family rule)
    assert "2015-08-01, row 'AMD FX-8800P'" in f["method"]
    # a reading that agrees adds nothing
    g = fs["power:amd-phenom-ii-x6-1100t-be:2026:codecarbon-cpu-power:tdp"]
    assert "low" not in g and "SECOND READING" not in g["method"]
    assert "row 'AMD Phenom II X6 1100T'" in g["method"]


def test_the_screen_trips_on_a_second_reading_outside_the_bounds() -> None:
    f = {
        "id": "power:amd-x:2026:codecarbon-cpu-power:tdp",
        "kind": "power",
        "basis": "tdp",
        "subject": "amd-x",
        "value": 15,
        "inputs": {"eco2ai_tdp_w": 35, "eco2ai_name": "AMD X"},
    }
    [(fid, reason)] = tdp_second_reading([f])
    assert fid == f["id"] and "cpu-tdp-second-reading" in reason and "35 W" in reason
    assert tdp_second_reading([{**f, "low": 15, "high": 35}]) == []


def test_a_sibling_launch_date_goes_before_the_relayed_one(tree: tuple[dict, dict]) -> None:
    hw, fs = tree
    assert hw["intel-xeon-platinum-8260m"]["release_year"] == 2019
    f = fs["power:intel-xeon-platinum-8260m:2019:codecarbon-cpu-power:tdp"]
    assert "intel-xeon-platinum-8260l" in f["method"] and "O3" in f["method"]
    years = {"intel-xeon-gold-6238": 2019, "intel-core-i9-13900": 2023}
    assert sibling_year("intel-xeon-gold-6238r", years)[0] is None  # R: a 2020 refresh
    assert sibling_year("intel-core-i9-13900k", years)[0] is None  # client lines: not one launch
    assert sibling_year("intel-xeon-gold-6238m", years)[0] == 2019


def test_a_part_with_its_own_cited_die_is_sized_on_it(tree: tuple[dict, dict]) -> None:
    hw, fs = tree
    f = fs["embodied:amd-phenom-ii-x6-1100t-be:2026:carbonfactors-derived:manufacturing"]
    assert f["value"] == pytest.approx(16.923) and "xbitlabs-thuban-2010" in f["method"]
    assert fs["embodied:intel-atom-z520:2026:carbonfactors-derived:manufacturing"]["value"] == (
        pytest.approx(10.6)
    )
    assert named_die_unused(list(hw.values()), list(fs.values())) == []
    [(hid, reason)] = named_die_unused([hw["amd-phenom-ii-x6-1100t-be"]], [])
    assert hid == "amd-phenom-ii-x6-1100t-be" and "cpu-named-die-unused" in reason
