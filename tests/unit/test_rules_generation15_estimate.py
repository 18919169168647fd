"""Rules generation 15 (audit 2026-12-07 seed 1796658609, class a-E1): rule G1b
(``resolve.drift.drifted_estimate``) and the ``grid-estimate-own-ratio`` screen.

Hawaii's numbers as on file: its rule-G1 estimate 705.24 (2018), 646.04 (2021) and 625.62
(2022), its own Electricity Maps values 834 (2021) and 822 (2022): 1.29x and 1.31x the
estimate, so release 2028.07 (generation 14) answered 2018 with a centre the project's own
series calls about 30% low. A generation-14 snapshot answers as before, and the screen
flags that answer; a state whose own series is like its estimate keeps the estimate.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.drift import DRIFT, ESTIMATE_GENERATION, G1_METHOD
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_estimate_screen

EST = "carbonfactors-derived"
SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "em", "priority": 20, "license": "CC-BY-4.0"},
    {"id": EST, "priority": 500, "license": "CC-BY-4.0"},
]
ZONES = [
    {"id": "US", "name": "United States", "type": "country"},
    {"id": "US-HI", "name": "Hawaii", "type": "subnational", "parent": "US"},
    {"id": "US-XX", "name": "Teststate", "type": "subnational", "parent": "US"},
]


def est(subject: str, year: int, value: float) -> dict[str, Any]:
    return gi(subject, year, value, EST, method=f"{G1_METHOD}, factors/README.md): test")


FACTORS = [
    gi("US", 2018, 462.61, "ember"),
    est("US-HI", 2018, 705.24),
    est("US-HI", 2021, 646.04),
    est("US-HI", 2022, 625.62),
    gi("US-HI", 2021, 834.0, "em"),
    gi("US-HI", 2022, 822.0, "em"),
    # Teststate: its own series 1.1x its estimate: the estimate stays the centre
    est("US-XX", 2018, 300.0),
    est("US-XX", 2021, 300.0),
    gi("US-XX", 2021, 330.0, "em"),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_15() -> None:
    assert RULES >= ESTIMATE_GENERATION == 15


def test_g1b_scales_the_estimate_by_the_first_common_years_ratio() -> None:
    res = ds().resolve_grid("US-HI", 2018)
    f = res.factor
    ratio = (834 / 646.04 + 822 / 625.62) / 2
    assert (f.subject, f.year, f.source) == ("US-HI", 2018, EST)
    # 705.24 x ratio = 918.52 lies above the state's own first value (834, 2021): the scaled
    # value is held between the two readings of the state, the scaled one stays the high bound
    assert round(705.24 * ratio, 2) == 918.52
    assert f.value == 834.0
    assert (f.low, f.high) == (705.24, 918.52)  # the plain estimate stays the low bound
    assert any(w.startswith(DRIFT) and "1.30" in w and "rule G1b" in w for w in res.warnings)


def test_g1b_leaves_the_own_series_years_and_a_state_like_its_estimate() -> None:
    assert ds().resolve_grid("US-HI", 2021).factor.value == 834.0
    f = ds().resolve_grid("US-XX", 2018).factor
    assert (f.value, f.source) == (300.0, EST)


def test_generation_14_snapshot_answers_as_before() -> None:
    res = ds(14).resolve_grid("US-HI", 2018)
    assert (res.factor.value, res.factor.id) == (705.24, "grid_intensity:US-HI:2018:" + EST)
    assert not any(w.startswith(DRIFT) for w in res.warnings)


def test_screen_flags_the_generation_14_answer_and_not_generation_15s() -> None:
    old = grid_estimate_screen.flags(snapshot(14))
    # 2018-2020 (before the own series) all answer the 2018 estimate
    assert {(g.rule, g.factor) for g in old} == {
        ("grid-estimate-own-ratio", "grid_intensity:US-HI:2018:" + EST)
    }
    assert len(old) == 3
    assert "US-HI 2018 resolves to US-HI's rule G1 estimate 705.24" in old[0].reason
    assert "1.30x" in old[0].reason
    assert grid_estimate_screen.flags(snapshot()) == []
