"""Rules generation 12 (audit 1796642882 a-I1, a-P2): an isolated zone that is its parent's
bulk takes the parent's value; a part-year export value's bounds reach the zone's later
series; the two screens that catch what is left.

Fixture from the Faroes as on file: FO-MI 542/561/528 (2021-2023, Electricity Maps) against
FO's 543/566/523 from the same producer, Ember's FO 395.35 (2021) and 394.74 (2019); FO-SI
463/626/500, up to 12% off FO, stays refused. Shikoku 2018: 550.48 on 4,569 hours, no 2021
export row, the later series opens at 617.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.resolve.grid_notes import METHOD_STEP
from carbonfactors.resolve.method_reach import _RATIO
from carbonfactors.resolve.parent_twin import PARENT_TWIN
from carbonfactors.resolve.row_notes import PART_YEAR_NOTE
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_part_twin_screens as screens
from carbonfactors_pipeline.importers.electricitymaps_archive import _part_year

EXPORT, LATER, EMBER = "electricitymaps-2021-export", "electricitymaps-yearly", "ember"
SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [(EMBER, 10), (LATER, 20), (EXPORT, 30)]
]
ISO = "no interconnector with any other zone"
ZONES = [
    {"id": "FO", "name": "Faroe Islands", "type": "country"},
    {"id": "FO-MI", "name": "Main Islands", "type": "subnational", "parent": "FO", "isolated": ISO},
    {"id": "FO-SI", "name": "South Island", "type": "subnational", "parent": "FO", "isolated": ISO},
    {"id": "JP", "name": "Japan", "type": "country"},
    {"id": "JP-SK", "name": "Shikoku", "type": "subnational", "parent": "JP"},
]
PART = "part year: 4,569 of 8,760 hours with data (at least half a year)"


def shikoku(fixed: bool) -> dict[str, Any]:
    """JP-SK 2018 as the importer writes it (``fixed``) or as release 2028.04 had it."""
    base = gi("JP-SK", 2018, 550.48, EXPORT, suffix=":part-year", period=PART, method="export.")
    if not fixed:
        return {**base, "low": 465.8, "high": 550.48}
    row = {"base": base, "value": 550.48, "hours": 4569, "key": "JP-SK"}
    return _part_year(row, None, 2021, False, 617.0)


def snapshot(rules: int = RULES, fixed: bool = True) -> dict[str, Any]:
    rows = [gi("FO", 2019, 394.74, EMBER), gi("FO", 2021, 395.35, EMBER)]
    for y, fo, mi, si in [(2021, 543, 542, 463), (2022, 566, 561, 626), (2023, 523, 528, 500)]:
        rows += [gi("FO", y, fo, LATER), gi("FO-MI", y, mi, LATER), gi("FO-SI", y, si, LATER)]
    rows += [gi("JP", 2018, 541.47, EMBER), shikoku(fixed)]
    rows += [gi("JP-SK", y, v, LATER) for y, v in [(2021, 617.0), (2022, 612.0)]]
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": rows}


def ds(rules: int = RULES, fixed: bool = True) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules, fixed), version="t")


def test_twin_takes_its_parents_value_with_the_producer_gap_said() -> None:
    res = ds().resolve_grid("FO-MI", 2019)
    f = res.factor
    assert (f.value, f.lo, f.hi) == (394.74, 394.74, 561)  # its first two own years
    line = next(w for w in res.warnings if w.startswith(PARENT_TWIN))
    assert "2021 542 against 543" in line and "+37%" in line
    with pytest.raises(FactorNotFound):  # up to 12% off FO: not a twin
        ds().resolve_grid("FO-SI", 2019)


def test_generation_11_snapshot_still_refuses() -> None:
    with pytest.raises(FactorNotFound, match="isolated grid"):
        ds(11).resolve_grid("FO-MI", 2019)


def test_part_year_bounds_reach_the_later_series_and_say_so() -> None:
    row = shikoku(True)
    assert (row["low"], row["high"]) == (550.48, 617.0)
    res = ds().resolve_grid("JP-SK", 2018)
    line = next(w for w in res.warnings if w.startswith(PART_YEAR_NOTE))
    assert "reach the later series' first value 617" in line
    assert "other evidence on file" not in line
    old = next(w for w in ds(11).resolve_grid("JP-SK", 2018).warnings if PART_YEAR_NOTE in w)
    assert old.endswith("its bounds reach the other evidence on file")


def test_part_year_with_an_overlap_ratio_is_bounded_by_its_reading() -> None:
    base = gi("US-CAL-TIDC", 2018, 358.79, EXPORT, method="export.")
    row = {"base": base, "value": 358.79, "hours": 4393, "key": "US-CAL-TIDC"}
    ratio = (389 / 347.72, "2021: 389 against 347.72 on 6,319 hours", 389.0)
    f = _part_year(row, ratio, 2021, True, 389.0)
    assert (f["value"], f["low"], f["high"]) == (358.79, 358.79, 401.38)  # 358.79 x 389 / 347.72
    assert "no usable overlap-year ratio" not in f["method"]
    # stated as the engine's same-year ratio reads it (METHOD STEP, generation 11)
    m = _RATIO.search(f["method"])
    assert m is not None and m.group(1) == "1.1187" and m.group(5) == "6,319"


def test_method_step_says_no_reading_where_none_exists() -> None:
    def step_line(rules: int) -> str:
        res = ds(rules).resolve_grid("JP-SK", 2018)
        return next(w for w in res.warnings if w.startswith(METHOD_STEP))

    assert "gives no reading on the later methodology" in step_line(RULES)
    assert "the value's method gives the reading" in step_line(11)


def test_screens_flag_the_release_and_not_the_fix() -> None:
    old = screens.flags(snapshot(11, fixed=False))
    assert {g.rule for g in old} == {screens.REACH_RULE, screens.TWIN_RULE}
    assert {g.factor for g in old} == {
        "grid_intensity:JP-SK:2018:electricitymaps-2021-export:part-year",
        "grid_intensity:FO:2019:ember",
    }
    assert screens.flags(snapshot()) == []
