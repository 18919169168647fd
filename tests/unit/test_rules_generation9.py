"""Rules generation 9 (audit 2026-12-07 seed 1796621837, class a-W1): rule G3c
(``resolve.drift.drifted_centre``) and the ``grid-wider-drift`` screen.

Tucson Electric Power's numbers as on file: its own 2019 (the export, rescaled) 694.86 and
2021-2025 651/615/535/504/485 (Electricity Maps), the US 504.9 (2015) and 439.45 (2019) by
Ember and 444/434/420/409/414 (2021-2025) by Electricity Maps. The median ratio over all
years (1.35) lies inside rule G3b's band, so release 2028.01 answered 2015 with the US mean;
its first years' ratio (2021-2022, one producer's method: 1.44) does not. A generation-8
snapshot answers as before, and the screen flags that answer.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.drift import DRIFT, NEAR_HIGH, NEAR_LOW
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_drift_screen

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("ember", 10), ("em", 20), ("export", 30)]
]
ZONES = [
    {"id": "US", "name": "United States", "type": "country"},
    {"id": "US-SW-TEPC", "name": "Tucson Electric Power", "type": "subnational", "parent": "US"},
    {"id": "XX", "name": "Testland", "type": "country"},
    {"id": "XX-A", "name": "Testland A", "type": "subnational", "parent": "XX"},
]
FACTORS = [
    gi("US", 2015, 504.9, "ember"),
    gi("US", 2019, 439.45, "ember"),
    *(gi("US", 2021 + i, v, "em") for i, v in enumerate([444, 434, 420, 409, 414])),
    gi("US-SW-TEPC", 2019, 694.86, "export"),
    *(gi("US-SW-TEPC", 2021 + i, v, "em") for i, v in enumerate([651, 615, 535, 504, 485])),
    # Testland A: 1.1x its wider area in its first years: like it, the plain value stays
    gi("XX", 2015, 400.0, "ember"),
    *(gi("XX", y, 300.0, "em") for y in range(2021, 2024)),
    *(gi("XX-A", y, 330.0, "em") for y in range(2021, 2024)),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_9() -> None:
    assert RULES >= 9
    assert (NEAR_LOW, NEAR_HIGH) == (0.8, 1.25)


def test_g3c_centres_on_the_wider_value_times_the_first_years_ratio() -> None:
    res = ds().resolve_grid("US-SW-TEPC", 2015)
    f = res.factor
    ratio = (651 / 444 + 615 / 434) / 2
    assert (f.subject, f.year, f.source) == ("US-SW-TEPC", 2015, "carbonfactors-derived")
    assert f.value == round(504.9 * ratio, 2) == 727.88
    # bounds keep the wider area's plain value and reach the zone's first two own values
    assert (f.low, f.high) == (504.9, 727.88)
    assert any(w.startswith(DRIFT) and "1.44" in w for w in res.warnings)
    assert res.fallback is not None and "rule G3c" in res.fallback


def test_g3c_leaves_a_zone_like_its_wider_area_in_its_first_years() -> None:
    f = ds().resolve_grid("XX-A", 2015).factor
    assert (f.subject, f.value) == ("XX", 400.0)


def test_generation_8_snapshot_answers_as_before() -> None:
    res = ds(8).resolve_grid("US-SW-TEPC", 2015)
    f = res.factor
    assert (f.subject, f.value, f.source) == ("US", 504.9, "ember")
    assert not any(w.startswith(DRIFT) for w in res.warnings)


def test_screen_flags_the_generation_8_answer_and_not_generation_9s() -> None:
    old = grid_drift_screen.flags(snapshot(8))
    # 2015-2017 (beyond REACH of 2019) all answer the US's 2015 value
    assert {(g.rule, g.factor) for g in old} == {
        ("grid-wider-drift", "grid_intensity:US:2015:ember")
    }
    assert len(old) == 3
    assert "US-SW-TEPC 2015 resolves to 504.9, -31%" in old[0].reason
    assert grid_drift_screen.flags(snapshot()) == []
