"""Rules generation 12, rule P2 (``resolve.served_area``) and screen ``served-area-unbounded``.

Vermont as on file: its grid zone ISO New England is served (286 g in 2023, Electricity Maps)
while Vermont's own figure (the rule G1 estimate on eGRID's state rate) is 22.39 g. Until
generation 12 the answer carried neither bounds nor a warning; from 12 the bounds reach the
state's figure and SERVED AREA names the gap. A generation-11 snapshot answers as before, and
the screen flags that answer.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.served_area import SERVED_AREA
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import served_area_screen

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("em", 10), ("carbonfactors-derived", 90)]
]
ZONES = [
    {"id": "US", "name": "United States", "type": "country"},
    {"id": "US-NE-ISNE", "name": "ISO New England", "type": "subnational", "parent": "US"},
    {
        "id": "US-VT",
        "name": "Vermont",
        "type": "subnational",
        "parent": "US",
        "grid_zone": "US-NE-ISNE",
    },
    {
        "id": "US-MA",
        "name": "Massachusetts",
        "type": "subnational",
        "parent": "US",
        "grid_zone": "US-NE-ISNE",
    },
]
FACTORS = [
    gi("US", 2023, 384.0, "em"),
    gi("US-NE-ISNE", 2023, 286.0, "em"),
    gi("US-VT", 2023, 22.39, "carbonfactors-derived"),
    gi("US-MA", 2023, 300.0, "carbonfactors-derived"),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def test_rules_is_generation_12() -> None:
    assert RULES >= 12


def test_served_answer_reaches_the_areas_own_figure() -> None:
    res = Dataset.from_snapshot(snapshot(), version="t").resolve_grid("US-VT", 2023)
    f = res.factor
    assert (f.subject, f.value, f.low, f.high) == ("US-NE-ISNE", 286.0, 22.39, 286.0)
    (line,) = [w for w in res.warnings if w.startswith(SERVED_AREA)]
    assert "22.39" in line and "-92%" in line


def test_small_gap_widens_bounds_and_says_why_without_the_served_area_warning() -> None:
    res = Dataset.from_snapshot(snapshot(), version="t").resolve_grid("US-MA", 2023)
    assert (res.factor.low, res.factor.high) == (286.0, 300.0)
    assert not [w for w in res.warnings if w.startswith(SERVED_AREA)]
    assert "bounds 286..300: they reach US-MA's own figure for 2023 (300" in res.warnings[-1]


def test_generation_11_answers_as_before_and_the_screen_flags_it() -> None:
    old = snapshot(rules=11)
    res = Dataset.from_snapshot(old, version="t").resolve_grid("US-VT", 2023)
    assert (res.factor.value, res.factor.low, res.factor.high) == (286.0, None, None)
    assert not [w for w in res.warnings if w.startswith(SERVED_AREA)]
    (flag,) = served_area_screen.flags(old)
    assert flag.rule == served_area_screen.RULE and "US-VT 2023" in flag.reason
    assert served_area_screen.flags(snapshot()) == []
