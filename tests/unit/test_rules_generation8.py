"""Rules generation 8 (audit 1796613359 a-P1): a zone's own part-year average (at least half
a year) is the year's value, and the answer says PART YEAR; the screen
``grid-part-year-kept`` lists an answer that carries another year back over such an average
kept out as a partial year. A generation-7 snapshot answers as before."""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.snapshot import RULES

SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "emaps", "priority": 20, "license": "ODbL-1.0"},
    {"id": "export", "priority": 30, "license": "ODbL-1.0"},
]
ZONES = [
    {"id": "JP", "name": "Japan", "type": "country"},
    {"id": "JP-KY", "name": "Kyushu", "type": "subnational", "parent": "JP"},
]
BASE = [
    gi("JP", 2017, 558.03, "ember"),
    gi("JP", 2021, 500.0, "ember"),
    gi("JP", 2022, 620.0, "ember"),
    gi("JP-KY", 2021, 309.0, "emaps"),
    gi("JP-KY", 2022, 394.0, "emaps"),
]
HOURS = "4,559 of 8,760 hours with data"
#: Before the fix: the 2017 average kept out as a partial year (bounds only).
KEPT = gi(
    "JP-KY",
    2017,
    501.11,
    "export",
    suffix=":partial-year",
    period=f"partial year: {HOURS}",
    excluded=f"partial-year: partial year: {HOURS}: one season, not an annual average",
)
#: After: filed as the year's value, centred on the later methodology.
PART = gi(
    "JP-KY",
    2017,
    407.6,
    "export",
    suffix=":part-year",
    low=309.0,
    high=501.11,
    period=f"part year: {HOURS} (at least half a year)",
)


def ds(rules: int, row: dict[str, Any]) -> Dataset:
    snap = {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": [*BASE, row]}
    return Dataset.from_snapshot(snap, version="t")


def test_rules_is_generation_8() -> None:
    assert RULES >= 8


def test_part_year_is_the_centre_and_says_its_hours() -> None:
    res = ds(RULES, PART).resolve_grid("JP-KY", 2017)
    assert (res.value, res.factor.year, res.factor.subject) == (407.6, 2017, "JP-KY")
    assert res.factor.low is not None and res.factor.low <= 309.0
    assert res.factor.high == 501.11  # the export's own (older-method) value
    [line] = [w for w in res.warnings if w.startswith("PART YEAR")]
    assert "4,559 of 8,760 hours" in line
    assert not any(w.startswith("STALE") for w in res.warnings)


def test_generation_7_answers_as_before() -> None:
    for row in (KEPT, PART):
        old, new = (
            ds(7, row).resolve_grid("JP-KY", 2017),
            ds(RULES, row).resolve_grid("JP-KY", 2017),
        )
        assert (old.value, old.factor.low, old.factor.high) == (
            new.value,
            new.factor.low,
            new.factor.high,
        )
        assert not any(w.startswith("PART YEAR") for w in old.warnings)
    # the old data: 2021's 309 carried back (rule G3b), the partial year a bound only
    old = ds(7, KEPT).resolve_grid("JP-KY", 2017)
    assert (old.value, old.factor.year) == (309.0, 2021)
    assert ds(RULES, KEPT).resolve_grid("JP-KY", 2017).warnings == old.warnings


def test_the_screen_trips_on_a_half_year_kept_out() -> None:
    from carbonfactors_pipeline import grid_gap_screens as ggs

    old = ds(RULES, KEPT)
    flagged = ggs.lookup_flags(old, ["JP-KY"], 2017, old.resolve_grid("JP-KY", 2017))
    assert [f.rule for f in flagged] == [ggs.PART_KEPT]
    assert "4,559 hours" in flagged[0].reason
    new = ds(RULES, PART)
    assert ggs.lookup_flags(new, ["JP-KY"], 2017, new.resolve_grid("JP-KY", 2017)) == []
    # under half a year stays a bound: not flagged
    short = {**KEPT, "period": "partial year: 2,912 of 8,760 hours with data"}
    short["excluded"] = "partial-year: partial year: 2,912 of 8,760 hours with data: one season"
    few = ds(RULES, short)
    assert ggs.lookup_flags(few, ["JP-KY"], 2017, few.resolve_grid("JP-KY", 2017)) == []
