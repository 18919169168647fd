"""Rules generation 10, ``resolve.drift.served_ratio`` (w13 systematic pass over the grid
defaults): a far-back answer judged against the wider area's served series.

Sweden's numbers as on file: Ember 42.34 (2019), 38.71 (2020), 41.74 and 41.03 (2021-2022);
Electricity Maps' Sweden 27 and 26 and its SE3 24 and 25 (2021-2022). By Electricity Maps'
values for both, SE3 is 0.93x Sweden (like it), so generation 9 answered 2019 with Ember's
42.34 while 2020 (rule G3: SE3's 2021 scaled by Ember's change) answered 22.26, a step of
-47% with no change of the grid. Against the served series (Ember) SE3's first years are
0.59x, outside 0.8..1.25, so generation 10 centres 2019 on 42.34 x 0.59. A zone whose
season average between the year asked and its series is like the served value (Kansai's
2016 with its reactors off) keeps the plain value. A generation-9 snapshot answers as
before, and the ``grid-wider-drift`` screen flags that answer.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.drift import DRIFT
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_drift_screen

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("ember", 10), ("em", 20), ("export", 30)]
]
ZONES = [
    {"id": "SE", "name": "Sweden", "type": "country"},
    {"id": "SE-SE3", "name": "Sweden 3", "type": "subnational", "parent": "SE"},
    {"id": "JP", "name": "Japan", "type": "country"},
    {"id": "JP-KN", "name": "Kansai", "type": "subnational", "parent": "JP"},
]
PARTIAL = "partial-year: 2016: 3,522 of 8,784 hours, one season, not an annual average"
FACTORS = [
    gi("SE", 2019, 42.34, "ember"),
    gi("SE", 2020, 38.71, "ember"),
    gi("SE", 2021, 41.74, "ember"),
    gi("SE", 2022, 41.03, "ember"),
    gi("SE", 2021, 27.0, "em"),
    gi("SE", 2022, 26.0, "em"),
    gi("SE-SE3", 2021, 24.0, "em"),
    gi("SE-SE3", 2022, 25.0, "em"),
    # Kansai-like: 0.77x the served series in its first years, but its 2016 season
    # average (reactors off) is about Japan's, so Japan's value stands for 2015
    gi("JP", 2015, 578.05, "ember"),
    gi("JP", 2016, 560.0, "ember"),
    gi("JP", 2018, 520.0, "ember"),
    gi("JP", 2019, 500.0, "ember"),
    gi("JP", 2018, 450.0, "em"),
    gi("JP", 2019, 440.0, "em"),
    gi("JP-KN", 2018, 400.0, "em"),
    gi("JP-KN", 2019, 385.0, "em"),
    gi("JP-KN", 2016, 592.18, "export", suffix=":partial-year", excluded=PARTIAL),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_10() -> None:
    assert RULES >= 10


def test_far_back_year_joins_rule_g3s_year_at_the_served_level() -> None:
    d = ds()
    near = d.resolve_grid("SE-SE3", 2020).factor  # rule G3: 24 x 38.71 / 41.74
    assert near.value == 22.26
    res = d.resolve_grid("SE-SE3", 2019)
    f = res.factor
    ratio = (24 / 41.74 + 25 / 41.03) / 2
    assert (f.subject, f.source) == ("SE-SE3", "carbonfactors-derived")
    assert f.value == round(42.34 * ratio, 2) == 25.07
    assert abs(f.value / near.value - 1) < 0.25  # no producer step to 2020
    assert (f.low, f.high) == (24.0, 42.34)  # the plain value stays a bound
    assert any(w.startswith(DRIFT) and "served series" in w for w in res.warnings)


def test_a_season_like_the_served_value_keeps_the_plain_value() -> None:
    f = ds().resolve_grid("JP-KN", 2015).factor
    assert (f.subject, f.value) == ("JP", 578.05)


def test_generation_9_snapshot_answers_as_before() -> None:
    res = ds(9).resolve_grid("SE-SE3", 2019)
    assert (res.factor.subject, res.factor.value) == ("SE", 42.34)
    assert not any(w.startswith(DRIFT) for w in res.warnings)


def test_screen_flags_the_generation_9_answer_and_not_generation_10s() -> None:
    old = grid_drift_screen.flags(snapshot(9))
    assert [(g.rule, g.factor) for g in old] == [
        ("grid-wider-drift", "grid_intensity:SE:2019:ember")
    ]
    assert "SE-SE3 2019 resolves to 42.34, +69%" in old[0].reason
    assert grid_drift_screen.flags(snapshot()) == []
