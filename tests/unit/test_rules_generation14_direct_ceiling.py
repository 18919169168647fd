"""Rules generation 14: rule G4d (``resolve.direct_ceiling``, audit 1796655557 a-O7) and the
origin-named wording of carried row bounds (``resolve.corrected_rows``, a-O4), with screen
``direct-above-lifecycle``.

A small snapshot built like US-CAL-CISO's case: a country with eGRID's direct 452.886 for
2016 only, an authority with lifecycle rows (278 in 2021) and no direct figure, and the IPCC
coal and gas pairs that give the least the fuel chain adds (820 / 760). A state with its own
direct figure above its lifecycle row is not touched (a disagreement between sources). A
generation-13 snapshot answers as before and the screen flags it.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.records import Factor
from carbonfactors.resolve.corrected_rows import CORRECTED_ROW, ROW_BOUNDS, bounds_origin
from carbonfactors.resolve.direct_ceiling import DIRECT_CEILING
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import direct_ceiling_screen

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("em", 10), ("egrid", 20), ("ipcc", 30), ("ember", 40)]
]
ZONES = [
    {"id": "US", "name": "United States", "type": "country"},
    {"id": "US-CISO", "name": "CAISO", "type": "subnational", "parent": "US"},
    {"id": "US-COAL", "name": "Coal state", "type": "subnational", "parent": "US"},
    {"id": "BR", "name": "Brazil", "type": "country"},
    {"id": "BR-S", "name": "South Brazil", "type": "subnational", "parent": "BR"},
]
REACH = (
    "Electricity Maps export. Not rescaled (the overlap ratio is within 25%), so bounded (w13 "
    "systematic pass): the bounds 105.81..170 reach the reading on the later methodology."
)
FACTORS = [
    gi("US", 2016, 452.886, "egrid", basis="direct"),
    gi("US", 2020, 411.73, "ember"),
    gi("US", 2021, 423.78, "ember"),
    gi("US-CISO", 2019, 251.17, "em"),
    gi("US-CISO", 2021, 278.0, "em"),
    gi("US-COAL", 2021, 600.0, "em"),
    gi("US-COAL", 2016, 800.0, "egrid", basis="direct"),
    *(
        gi(f"tech:{t}", 2014, v, "ipcc", basis=b, suffix=f":{b}")
        for t, b, v in [
            ("coal", "lifecycle", 820.0),
            ("coal", "direct", 760.0),
            ("gas", "lifecycle", 490.0),
            ("gas", "direct", 370.0),
        ]
    ),
    gi("BR", 2015, 188.64, "ember"),
    gi("BR-S", 2018, 106.35, "em", low=105.81, high=170.0, method=REACH),
]
K = 820 / 760


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_14() -> None:
    assert RULES >= 14


def test_a_wider_areas_direct_value_is_held_to_the_zones_lifecycle_ceiling() -> None:
    res = ds().resolve_grid("US-CISO", 2021, basis="direct")
    f = res.factor
    top = round(278 / K, 2)
    assert (f.subject, f.year, f.value, f.low, f.high) == ("US-CISO", 2021, top, 0.0, top)
    assert f.id == "grid_intensity:US-CISO:2021:carbonfactors-derived:direct-ceiling"
    (line,) = [w for w in res.warnings if w.startswith(DIRECT_CEILING)]
    assert "US's 452.886" in line and "(278, grid_intensity:US-CISO:2021:em)" in line


def test_a_year_between_own_rows_uses_the_zones_own_series_carried_to_it() -> None:
    # 2020 has no row: rule G3's line between 2019 and 2021 sets the ceiling.
    f = ds().resolve_grid("US-CISO", 2020, basis="direct").factor
    assert f.value == pytest.approx(round((251.17 + 278) / 2 / K, 2), abs=0.01)


def test_own_direct_figure_and_lifecycle_answers_are_not_touched() -> None:
    own = ds().resolve_grid("US-COAL", 2021, basis="direct").factor
    assert (own.subject, own.value, own.high) == ("US-COAL", 800.0, None)
    life = ds().resolve_grid("US-CISO", 2021).factor
    assert (life.value, life.basis) == (278.0, "lifecycle")
    # no own lifecycle value for the year: the wider area's value stands, unheld
    assert ds().resolve_grid("US-CISO", 2017, basis="direct").value == 452.886


def test_generation_13_answers_as_before_and_the_screen_flags_it() -> None:
    res = ds(13).resolve_grid("US-CISO", 2021, basis="direct")
    assert (res.factor.subject, res.value) == ("US", 452.886)
    assert not [w for w in res.warnings if w.startswith(DIRECT_CEILING)]
    found = direct_ceiling_screen.flags(snapshot(13))
    assert {f.rule for f in found} == {direct_ceiling_screen.RULE}
    assert [f.reason.split()[:2] for f in found] == [
        ["US-CISO", "2019"],
        ["US-CISO", "2020"],
        ["US-CISO", "2021"],
    ]
    assert direct_ceiling_screen.flags(snapshot()) == []


def test_carried_bounds_are_named_by_their_origin_not_as_a_correction() -> None:
    # a-O4: BR-S 2015 (BR's 188.64 standing in) rests on BR-S 2018, whose bounds are the
    # w13 methodology reach; no correction touched it.
    lines = ds().resolve_grid("BR-S", 2015).warnings
    (line,) = [w for w in lines if w.startswith((ROW_BOUNDS, CORRECTED_ROW))]
    assert line.startswith(f"{ROW_BOUNDS}: BR-S 2015 (BR's 188.64)")
    assert "the methodology reach" in line and "published range" not in line
    old = ds(13).resolve_grid("BR-S", 2015).warnings
    (was,) = [w for w in old if w.startswith((ROW_BOUNDS, CORRECTED_ROW))]
    assert was.startswith(CORRECTED_ROW) and "a published range" in was


def test_bounds_origin_keeps_corrections_and_names_the_rest() -> None:
    snap = ds()
    row = snap.index.series("grid_intensity", "BR-S", "lifecycle")
    assert row is not None
    assert bounds_origin(row.winners[2018]).startswith("the methodology reach")
    fixed = {**FACTORS[-1], "method": "x. Corrected in factors/corrections.yaml: KNOWN (t); y"}
    other = {**FACTORS[-1], "method": "no mark"}
    assert bounds_origin(Factor.from_record(fixed)) == (
        "a correction (factors/corrections.yaml: KNOWN (t))"
    )
    assert "no correction touched it" in bounds_origin(Factor.from_record(other))
