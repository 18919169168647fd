"""Rules generation 15 (audit 1796658609 a-D2): BELOW DIRECT carried past the last direct year.

Estonia 2023 was Ember's lifecycle 395.47 [287..395.47] with no warning, while Ember's
2019-2020 rows (509.86, 404.61) lay 35-40% below the EEA's direct 783 and 669, and the EEA
series ends in 2020. From generation 15 the high bound reaches the value x the smallest
direct/lifecycle ratio of the direct series' last two years x the fuel chain's least uplift,
with BELOW DIRECT (last direct year 2020). Screen ``below-direct-carry``. A generation-14
snapshot answers as before.
"""

from __future__ import annotations

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.corrected_rows import BELOW_DIRECT
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_derived_screens as screens

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("ember", 10), ("eea", 20), ("other", 30), ("ipcc", 50)]
]
ZONES = [
    {"id": "EX", "name": "Shaleland", "type": "country"},
    {"id": "NX", "name": "Nearland", "type": "country"},
]
TECH = [
    gi("tech:coal", 2014, 820.0, "ipcc"),
    gi("tech:coal", 2014, 760.0, "ipcc", basis="direct"),
]


def factors() -> list[dict[str, object]]:
    return [
        gi("EX", 2019, 509.86, "ember"),
        gi("EX", 2020, 404.61, "ember"),
        gi("EX", 2023, 395.47, "ember"),
        gi("EX", 2019, 783.0, "eea", basis="direct"),
        gi("EX", 2020, 669.0, "eea", basis="direct"),
        # NX: below direct in 2020 only (2019 within the margin): nothing carried
        gi("NX", 2019, 700.0, "ember"),
        gi("NX", 2020, 500.0, "ember"),
        gi("NX", 2023, 400.0, "ember"),
        gi("NX", 2019, 720.0, "eea", basis="direct"),
        gi("NX", 2020, 669.0, "eea", basis="direct"),
        *TECH,
    ]


def snap(rules: int = RULES) -> dict[str, object]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": factors()}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snap(rules), version="t")


def test_rules_is_generation_15() -> None:
    assert RULES >= 15


def test_gap_of_the_last_direct_years_is_carried() -> None:
    res = ds().resolve_grid("EX", 2023)
    # 395.47 x (783 / 509.86) x (820 / 760); 783 / 509.86 is the smaller of the two ratios
    assert (res.factor.value, res.factor.high) == (395.47, 655.28)
    line = next(w for w in res.warnings if "last direct year 2020" in w)
    assert line.startswith(BELOW_DIRECT) and "2019: 509.86 against 783" in line
    assert "centre is likely low" in line


def test_gap_in_one_year_only_is_not_carried() -> None:
    res = ds().resolve_grid("NX", 2023)
    assert res.factor.hi == 400.0
    assert not any("last direct year" in w for w in res.warnings)


def test_same_year_direct_still_rules() -> None:
    res = ds().resolve_grid("EX", 2020)
    assert not any("last direct year" in w for w in res.warnings)
    assert res.factor.high == round(669 * 820 / 760, 2)


def test_generation_14_snapshot_answers_as_before() -> None:
    res = ds(14).resolve_grid("EX", 2023)
    assert res.factor.hi == 395.47
    assert not any("last direct year" in w for w in res.warnings)


def test_screen_below_direct_carry_trips_without_the_rule() -> None:
    found = [f for f in screens.flags(snap(14)) if f.rule == screens.CARRY]
    # 2021-2022 answer with 2020's row (stale), 2023 with its own: all after the last direct year
    assert [f.reason.split(" resolves")[0] for f in found] == ["EX 2021", "EX 2022", "EX 2023"]
    assert found[-1].factor == "grid_intensity:EX:2023:ember"
    assert "to 2020, smallest ratio 1.5357" in found[-1].reason
    assert not [f for f in screens.flags(snap()) if f.rule == screens.CARRY]
