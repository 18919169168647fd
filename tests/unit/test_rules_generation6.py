"""Rules generation 6 (audit 1796606525 a-J1, a-R1): a stale grid answer names the year
asked's screened-out values and its bounds reach the plausible ones (an unexplained jump, a
reviewer's exclusion), not those beyond every technology's range; a year beyond the data
names the later screened-out values instead of saying no value is on file. The same
snapshot cut with generation 5 is answered exactly as before."""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.grid_notes import SCREENED_OUT
from carbonfactors.snapshot import RULES

SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "emaps", "priority": 20, "license": "ODbL-1.0"},
]
ZONES = [
    {"id": "RE", "name": "Réunion", "type": "country"},
    {"id": "FK", "name": "Falkland Islands", "type": "country"},
]
JUMP = "year-on-year-jump: 208 gCO2e/kWh after 471 in 2024 (0.44×), with no note"
CEILING = "lifecycle-ceiling: 1000 gCO2e/kWh is above the highest lifecycle intensity"
FACTORS = [
    gi("RE", 2023, 394.14, "ember"),
    gi("RE", 2023, 497.0, "emaps"),
    gi("RE", 2024, 471.0, "emaps"),
    gi("RE", 2025, 208.0, "emaps", excluded=JUMP),
    gi("FK", 2016, 500.0, "ember", low=200.0, high=910.0),
    gi("FK", 2019, 1000.0, "ember", excluded=CEILING),
]


def ds(rules: int = RULES) -> Dataset:
    snap: dict[str, Any] = {"rules": rules, "sources": SOURCES, "zones": ZONES}
    return Dataset.from_snapshot({**snap, "factors": list(FACTORS)}, version="t")


def test_rules_is_generation_6() -> None:
    assert RULES >= 6


def test_a_stale_answer_reaches_and_names_an_excluded_jump_of_the_year_asked() -> None:
    res = ds().resolve_grid("RE", 2025)
    assert (res.value, res.factor.year) == (394.14, 2023)
    assert (res.factor.low, res.factor.high) == (208.0, 497.0)
    said = [w for w in res.warnings if w.startswith(SCREENED_OUT)]
    assert len(said) == 1 and "RE 2025 208 (emaps)" in said[0] and JUMP in said[0]


def test_beyond_the_data_names_the_later_screened_value() -> None:
    res = ds().resolve_grid("RE", 2026)
    beyond = [w for w in res.warnings if w.startswith("YEAR BEYOND DATA")]
    assert beyond and "no value a default may use for 2026" not in beyond[0]  # none later
    res = ds().resolve_grid("RE", 2025)
    beyond = [w for w in res.warnings if w.startswith("YEAR BEYOND DATA")]
    assert beyond == [
        "YEAR BEYOND DATA: no value a default may use for 2025 or any later year (the newest "
        "is 2024; on file but screened out: RE 2025 208 (emaps)); the 2023 value is not a "
        "forecast for 2025"
    ]


def test_a_value_beyond_every_technology_is_named_not_reached() -> None:
    res = ds().resolve_grid("FK", 2019)
    assert (res.value, res.factor.low, res.factor.high) == (500.0, 200.0, 910.0)
    said = [w for w in res.warnings if w.startswith(SCREENED_OUT)]
    assert len(said) == 1 and "FK 2019 1000" in said[0] and "do not reach it" in said[0]


def test_generation_5_answers_exactly_as_before() -> None:
    old, new = ds(5).resolve_grid("RE", 2025), ds().resolve_grid("RE", 2025)
    assert (old.factor.low, old.factor.high) == (394.14, 497.0)
    assert not any(SCREENED_OUT in w for w in old.warnings)
    assert any(
        "YEAR BEYOND DATA: no value for 2025 or any later year (the newest is 2024)" in w
        for w in old.warnings
    )
    assert old.factor.value == new.factor.value and old.fallback == new.fallback
