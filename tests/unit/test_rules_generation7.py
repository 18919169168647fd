"""Rules generation 7 (audit 1796611373 a-I1, a-C1).

a-I1: an isolated grid with its own values on both sides of the year asked is interpolated
(rule G3's gap step) instead of refused; its bounds reach its partial-year value, never the
wider area's. a-C1: an answer carried from another year names the year asked's value kept
out by the lifecycle ceiling, and its bounds reach it where the zone's direct rate shows a
grid near that ceiling. A generation-6 snapshot answers exactly as before."""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.resolve.grid_notes import SCREENED_OUT
from carbonfactors.snapshot import RULES

SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "emaps", "priority": 20, "license": "ODbL-1.0"},
]
ZONES = [
    {"id": "ES", "name": "Spain", "type": "country"},
    {
        "id": "ES-CN-LP",
        "name": "La Palma",
        "type": "subnational",
        "parent": "ES",
        "isolated": "no interconnector (test)",
    },
]
PART = "partial-year: 2910 hours of 8784"
FACTORS = [
    gi("ES", 2019, 240.0, "ember"),
    gi("ES", 2020, 200.0, "ember"),
    gi("ES", 2021, 190.0, "ember"),
    gi("ES-CN-LP", 2019, 828.09, "emaps"),
    gi("ES-CN-LP", 2020, 601.72, "emaps", excluded=PART),
    gi("ES-CN-LP", 2021, 832.0, "emaps"),
]


def ds(rules: int = RULES, factors: list[dict[str, Any]] | None = None) -> Dataset:
    snap: dict[str, Any] = {"rules": rules, "sources": SOURCES, "zones": ZONES}
    return Dataset.from_snapshot({**snap, "factors": list(factors or FACTORS)}, version="t")


def test_rules_is_generation_7() -> None:
    assert RULES >= 7


def test_an_isolated_gap_is_bridged_by_its_own_values() -> None:
    res = ds().resolve_grid("ES-CN-LP", 2020)
    assert (res.value, res.factor.year, res.factor.subject) == (830.05, 2020, "ES-CN-LP")
    assert (res.factor.low, res.factor.high) == (601.72, 832.0)  # never Spain's 200
    assert any(w.startswith("OWN SERIES") and "isolated grid" in w for w in res.warnings)
    assert not any(w.startswith("ESTIMATE") for w in res.warnings)  # its own values, not G1


def test_an_isolated_grid_outside_a_gap_is_still_refused_without_contradiction() -> None:
    with pytest.raises(FactorNotFound) as err:
        ds().resolve_grid("ES-CN-LP", 2018)
    assert "year=2019" in err.value.message
    two = [f for f in FACTORS if f["year"] != 2021 or f["subject"] == "ES"]
    two.append(gi("ES", 2024, 150.0, "ember"))
    with pytest.raises(FactorNotFound) as err:
        ds(factors=two).resolve_grid("ES-CN-LP", 2024)
    msg = err.value.message
    assert "isolated grid" in msg and "in or before 2024" not in msg and "year=2019" in msg


def test_generation_6_still_refuses_the_gap() -> None:
    with pytest.raises(FactorNotFound, match="isolated grid"):
        ds(6).resolve_grid("ES-CN-LP", 2020)


KY_ZONES = [
    {"id": "US", "name": "United States", "type": "country"},
    {"id": "US-KY", "name": "Kentucky", "type": "subnational", "parent": "US"},
]
CEILING = "lifecycle-ceiling: 988.27 gCO2e/kWh is above the highest lifecycle intensity"
KY = [
    gi("US", 2015, 504.9, "ember"),
    gi("US", 2018, 462.61, "ember"),
    gi("US-KY", 2015, 988.27, "est", excluded=CEILING),
    gi("US-KY", 2018, 905.49, "est"),
]
KY_DIRECT = gi("US-KY", 2016, 886.46, "egrid", basis="direct")


def ky(rules: int = RULES, direct: bool = True) -> Dataset:
    snap: dict[str, Any] = {
        "rules": rules,
        "sources": [*SOURCES, {"id": "est", "priority": 30}, {"id": "egrid", "priority": 40}],
        "zones": KY_ZONES,
        "factors": KY + ([KY_DIRECT] if direct else []),
    }
    return Dataset.from_snapshot(snap, version="t")


def test_a_carried_back_answer_names_and_reaches_a_ceiling_value_the_direct_rate_backs() -> None:
    res = ky().resolve_grid("US-KY", 2015)
    said = [w for w in res.warnings if w.startswith(SCREENED_OUT)]
    assert len(said) == 1 and "US-KY 2015 988.27 (est)" in said[0] and "reach it" in said[0]
    assert res.factor.high == 988.27


def test_without_a_direct_rate_near_it_the_ceiling_value_is_named_only() -> None:
    res = ky(direct=False).resolve_grid("US-KY", 2015)
    said = [w for w in res.warnings if w.startswith(SCREENED_OUT)]
    assert len(said) == 1 and "do not reach it" in said[0] and res.factor.high < 988.27


def test_generation_6_carries_back_without_naming() -> None:
    res = ky(6).resolve_grid("US-KY", 2015)
    assert not any(w.startswith(SCREENED_OUT) for w in res.warnings)
    assert res.factor.high < 988.27


def test_a_refusal_names_the_same_year_value_kept_out() -> None:
    snap: dict[str, Any] = {
        "sources": SOURCES,
        "zones": [{"id": "XK", "name": "Kosovo", "type": "country"}],
        "factors": [
            gi("XK", 2020, 1050.0, "ember", excluded=CEILING.replace("988.27", "1050")),
            gi("XK", 2021, 905.0, "emaps"),
        ],
    }
    for rules, named in ((RULES, True), (6, False)):
        with pytest.raises(FactorNotFound) as err:
            Dataset.from_snapshot({**snap, "rules": rules}, version="t").resolve_grid("XK", 2020)
        assert ("XK 2020 1050 (ember): lifecycle-ceiling" in err.value.message) is named


def test_the_gap_and_unnamed_screens_trip_on_generation_6_and_pass_on_7() -> None:
    from carbonfactors_pipeline import grid_gap_screens as ggs

    old, new = ds(6), ds()
    with pytest.raises(FactorNotFound) as err:
        old.resolve_grid("ES-CN-LP", 2020)
    flagged = ggs.lookup_flags(old, ["ES-CN-LP"], 2020, None, err.value.message)
    assert [f.rule for f in flagged] == [ggs.OWN_GAP]
    assert ggs.lookup_flags(new, ["ES-CN-LP"], 2020, new.resolve_grid("ES-CN-LP", 2020)) == []
    old, new = ky(6), ky()
    flagged = ggs.lookup_flags(old, ["US-KY"], 2015, old.resolve_grid("US-KY", 2015))
    assert [f.rule for f in flagged] == [ggs.UNNAMED]
    assert ggs.lookup_flags(new, ["US-KY"], 2015, new.resolve_grid("US-KY", 2015)) == []
