"""Rules generation 16 (audit 2026-12-07 seed 1796660847, class a-A1): rule G4's bounds in
years the balancing authorities serving a split state have no measured value, and the
``grid-estimate-spread`` screen's check of them.

Arizona's numbers as in the audit: the state's rule-G1 estimate for 2017 is 437.91; the
project's own 2017 answers for its authorities are AZPS 362.92, SRP 308.24 and TEPC 676.15,
none of them measured (here: each authority's 2018 value carried back one year by rule G3,
the US value flat, so the carried answers equal the audit's). Release 2028.08 (generation
15) answered 2017 with the bare 437.91; generation 16 reaches the authorities' answers, and
a cloud region whose mapping evidence names AZPS and SRP reaches only those two.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.own_years import SPREAD
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_screens

EST = "carbonfactors-derived"
SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "em", "priority": 20, "license": "CC-BY-4.0"},
    {"id": EST, "priority": 500, "license": "CC-BY-4.0"},
]
AUTHORITIES = {"US-SW-AZPS": 362.92, "US-SW-SRP": 308.24, "US-SW-TEPC": 676.15}
ZONES: list[dict[str, Any]] = [
    {"id": "US", "name": "United States", "type": "country"},
    *({"id": z, "name": z, "type": "subnational", "parent": "US"} for z in AUTHORITIES),
    {
        "id": "US-AZ",
        "name": "Arizona",
        "type": "subnational",
        "parent": "US",
        "serving_zones": list(AUTHORITIES),
    },
    {
        "id": "oci:us-phoenix-1",
        "name": "Phoenix",
        "type": "cloud_region",
        "parent": "US-AZ",
        "grid_zone": "US-AZ",
        "serving_zones": ["US-SW-AZPS", "US-SW-SRP"],
    },
]


def est(subject: str, year: int, value: float) -> dict[str, Any]:
    return gi(subject, year, value, EST, method="ESTIMATE (rule G1): test")


FACTORS = [
    gi("US", 2017, 469.02, "ember"),
    gi("US", 2018, 469.02, "ember"),
    est("US-AZ", 2017, 437.91),
    est("US-AZ", 2018, 431.93),
    *(gi(z, 2018, v, "em") for z, v in AUTHORITIES.items()),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_16() -> None:
    assert RULES >= 16


def test_the_authorities_own_answers_bound_the_estimate_without_a_measured_value() -> None:
    d = ds()
    # the fixture's authorities answer 2017 with their carried values (rule G3), not measured
    for z, v in AUTHORITIES.items():
        a = d.resolve_grid(z, 2017).factor
        assert (a.subject, a.source, a.value) == (z, EST, v)
    res = d.resolve_grid("US-AZ", 2017)
    f = res.factor
    assert (f.value, f.low, f.high) == (437.91, 308.24, 676.15)
    line = next(w for w in res.warnings if w.startswith(SPREAD))
    assert "have no measured value for 2017" in line
    assert "US-SW-AZPS 362.92 (derived: scaled)" in line and "not measured" in line


def test_a_region_reaches_the_authorities_its_mapping_names() -> None:
    f = ds().resolve_grid("oci:us-phoenix-1", 2017).factor
    # AZPS and SRP, not Tucson (676.15): the estimate stays the high bound
    assert (f.value, f.low, f.high) == (437.91, 308.24, 437.91)


def test_a_measured_year_is_bounded_as_before() -> None:
    f = ds().resolve_grid("US-AZ", 2018).factor
    assert (f.low, f.high) == (308.24, 676.15)


def test_generation_15_snapshot_answers_as_before() -> None:
    res = ds(15).resolve_grid("US-AZ", 2017)
    assert (res.factor.value, res.factor.low, res.factor.high) == (437.91, None, None)
    assert not any(w.startswith(SPREAD) for w in res.warnings)
    # a region used the whole state's authorities in a measured year
    f = ds(15).resolve_grid("oci:us-phoenix-1", 2018).factor
    assert (f.low, f.high) == (308.24, 676.15)


def test_screen_flags_the_generation_15_answer_and_not_generation_16s() -> None:
    old = grid_screens.flags(snapshot(15))
    spread = [g for g in old if g.rule == grid_screens.ESTIMATE_SPREAD and g.problem]
    # the state and the region, both answered with the bare 2017 estimate (the region's
    # 2018, inside its bounds but above AZPS and SRP, is listed for review only)
    assert [g.factor for g in spread] == ["grid_intensity:US-AZ:2017:" + EST] * 2
    reasons = [g.reason for g in spread]
    assert any("US-AZ 2017 is the estimate 437.91 [437.91..437.91]" in r for r in reasons)
    assert any("answer 308.24..676.15" in r for r in reasons)
    assert any("answer 308.24..362.92" in r for r in reasons)  # the region's two
    new = grid_screens.flags(snapshot())
    assert [g for g in new if g.rule == grid_screens.ESTIMATE_SPREAD and g.problem] == []
