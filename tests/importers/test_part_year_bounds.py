"""Part-year export rows never carry zero-width bounds (w15 sub-national pass).

AU-NSW 2017 was filed 725.99 [725.99..725.99] (a season's average on 5,887 hours) because
the importer bounded a part year only by an overlap ratio the zone did not have; the later
series opens at 652. Now the bounds reach the later series' first value, and a row with no
other figure carries no bounds. Screen ``grid-zero-width-bounds`` trips on the old row.
"""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline import bounds_note_screen
from carbonfactors_pipeline.importers.electricitymaps_archive import _part_year


def _row() -> dict[str, Any]:
    base = {
        "id": "x",
        "kind": "grid_intensity",
        "subject": "AU-NSW",
        "year": 2017,
        "value": 725.99,
        "unit": "gCO2e/kWh",
        "basis": "lifecycle",
        "source": "electricitymaps-2021-export",
    }
    return {"base": base, "value": 725.99, "hours": 5887, "key": "AUS-NSW"}


def test_part_year_without_overlap_ratio_reaches_the_later_series() -> None:
    f = _part_year(_row(), None, 2017, False, 652.0)
    assert (f["value"], f["low"], f["high"]) == (725.99, 652.0, 725.99)
    assert "Part-year bounds reach: the later series' first value 652" in f["method"]
    assert bounds_note_screen.zero_width_flags([f]) == []


def test_part_year_with_no_other_figure_carries_no_bounds() -> None:
    f = _part_year(_row(), None, 2017, False, None)
    assert "low" not in f and "high" not in f


def test_zero_width_screen_trips_on_the_old_row() -> None:
    old = {**_part_year(_row(), None, 2017, False, 652.0), "low": 725.99, "high": 725.99}
    (flag,) = bounds_note_screen.zero_width_flags([old])
    assert flag.rule == bounds_note_screen.ZERO
    hw = {"id": "h", "kind": "power", "value": 5.0, "low": 5.0, "high": 5.0}
    assert bounds_note_screen.zero_width_flags([hw]) == []
