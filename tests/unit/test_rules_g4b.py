"""Rule G4b (audit 2026-12-06 seed 1796594162, class G4b; rules generation 5): a corrected
row's bounds and note carry into the answers derived from it, a lifecycle answer reaches a
direct figure above it (``resolve.corrected_rows``), and the screens ``grid-derived-bounds``
and ``grid-below-direct`` (``carbonfactors_pipeline.grid_derived_screens``).

A small in-memory snapshot built like AU-VIC's case: a country whose own series covers every
year and a state whose Electricity Maps rows (2018, 2019, 2021) carry a correction's high
bound of 1,060 g. The same snapshot cut with generation 4 is answered exactly as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.corrected_rows import BELOW_DIRECT, CORRECTED_ROW, correction_note
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_derived_screens as screens

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("ember", 10), ("em", 20), ("gov", 30)]
]
ZONES = [
    {"id": "XX", "name": "Testland", "type": "country"},
    {"id": "XX-V", "name": "Brown-coal state", "type": "subnational", "parent": "XX"},
    {
        "id": "aws:xx-1",
        "name": "Testland City",
        "type": "cloud_region",
        "parent": "XX",
        "provider": "aws",
        "grid_zone": "XX-V",
    },
    {"id": "YY", "name": "Directland", "type": "country"},
]
NOTE = (
    "Electricity Maps yearly average. Corrected in factors/corrections.yaml: KNOWN UPSTREAM "
    "ERROR (test): brown coal priced as hard coal; the value is kept and the high bound "
    "reaches the government's factor. (evidence: gov; upstream value {v})."
)
XX = {2015: 730.0, 2016: 714.0, 2017: 718.0, 2018: 688.0, 2019: 670.0, 2020: 642.0, 2021: 606.0}


def _corrected(year: int, value: float) -> dict[str, Any]:
    return gi("XX-V", year, value, "em", high=1060.0, method=NOTE.format(v=value))


FACTORS = [
    *(gi("XX", y, v, "ember") for y, v in XX.items()),
    _corrected(2018, 675.0),
    _corrected(2019, 665.0),
    _corrected(2021, 586.0),
    # Directland: the lifecycle value 400 below a direct (combustion) figure of 500.
    gi("YY", 2020, 400.0, "ember"),
    gi("YY", 2020, 500.0, "gov", basis="direct"),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def _bounds(zone: str, year: int, rules: int = RULES) -> tuple[str, float, float, float]:
    f = ds(rules).resolve_grid(zone, year).factor
    return (f.subject, f.value, f.lo, f.hi)


def test_rules_is_generation_5() -> None:
    assert RULES >= 5


def test_rule_g3_scaled_value_carries_the_corrected_bound_scaled() -> None:
    # #18: AU-VIC 2017 was 703.93 [674.85..718.08] from 2018's row (high 1,060).
    res = ds().resolve_grid("XX-V", 2017)
    f = res.factor
    assert f.id.endswith(":scaled")
    assert (f.value, f.low) == (round(675 * 718 / 688, 2), 675.0)
    assert f.high == pytest.approx(1060 * 718 / 688, abs=0.01)
    lines = [c for c in res.caveats if c.startswith(CORRECTED_ROW)]
    assert len(lines) == 1
    assert "grid_intensity:XX-V:2018:em" in lines[0]
    assert "KNOWN UPSTREAM ERROR (test): brown coal priced as hard coal" in lines[0]


def test_rule_g3_gap_and_wider_area_answers_carry_the_corrected_bound() -> None:
    # 2020: the line between 2019 and 2021 (both high 1,060); 2015: the country standing in.
    assert _bounds("XX-V", 2020)[2:] == (586.0, 1060.0)
    assert _bounds("XX-V", 2015) == ("XX", 730.0, 665.0, 1060.0)
    res = ds().resolve_grid("XX-V", 2015)
    assert any(c.startswith(f"{CORRECTED_ROW}: XX-V 2015 (XX's 730)") for c in res.caveats)
    # A cloud region through its grid zone answers the same.
    assert _bounds("aws:xx-1", 2017) == _bounds("XX-V", 2017)
    assert _bounds("aws:xx-1", 2016)[3] == 1060.0


def test_generation_4_answers_exactly_as_before() -> None:
    assert _bounds("XX-V", 2017, 4) == ("XX-V", round(675 * 718 / 688, 2), 675.0, 718.0)
    assert _bounds("XX-V", 2020, 4) == ("XX-V", 625.5, 586.0, 665.0)
    assert _bounds("XX-V", 2015, 4) == ("XX", 730.0, 665.0, 730.0)
    assert _bounds("YY", 2020, 4) == ("YY", 400.0, 400.0, 400.0)
    for zone, year in (("XX-V", 2017), ("XX-V", 2015), ("YY", 2020)):
        lines = ds(4).resolve_grid(zone, year).caveats
        assert not any(c.startswith((CORRECTED_ROW, BELOW_DIRECT)) for c in lines)


def test_lifecycle_answer_reaches_a_direct_figure_above_it() -> None:
    res = ds().resolve_grid("YY", 2020)
    assert (res.value, res.factor.low, res.factor.high) == (400.0, None, 500.0)
    assert any(c.startswith(f"{BELOW_DIRECT}: YY's lifecycle value 400") for c in res.caveats)
    # a direct answer is not touched
    assert ds().resolve_grid("YY", 2020, basis="direct").factor.high is None


def test_a_cloud_regions_own_direct_filing_is_not_compared() -> None:
    """CCF files a wider area's direct average under a cloud region (eGRID's WECC mean, 322 g,
    under ``aws:us-west-2``): it says nothing of the region's grid zone, so it must not widen the
    region's bounds; the grid zone's own direct figure still does."""
    zones = [
        {"id": "ZZ", "name": "Hydroland", "type": "country"},
        {
            "id": "aws:zz-1",
            "name": "Hydroland",
            "type": "cloud_region",
            "parent": "ZZ",
            "provider": "aws",
            "grid_zone": "ZZ",
        },
    ]
    region_filing = gi("aws:zz-1", 2020, 322.0, "gov", basis="direct")
    factors = [gi("ZZ", 2020, 100.0, "ember"), region_filing]
    snap = {"rules": RULES, "sources": SOURCES, "zones": zones, "factors": factors}
    res = Dataset.from_snapshot(snap, version="t").resolve_grid("aws:zz-1", 2020)
    assert (res.value, res.factor.high) == (100.0, None)
    assert not any(c.startswith(BELOW_DIRECT) for c in res.caveats)
    snap["factors"] = [*factors, gi("ZZ", 2020, 150.0, "gov", basis="direct")]
    res = Dataset.from_snapshot(snap, version="t").resolve_grid("aws:zz-1", 2020)
    assert (res.value, res.factor.high) == (100.0, 150.0)


def test_correction_note_reads_the_reason_first_clause() -> None:
    f = ds().resolve_grid("XX-V", 2018).factor
    assert correction_note(f) == "KNOWN UPSTREAM ERROR (test): brown coal priced as hard coal"
    assert correction_note(ds().resolve_grid("XX", 2018).factor) is None


def test_screen_grid_derived_bounds_trips_on_a_generation_4_snapshot() -> None:
    old = [f for f in screens.flags(snapshot(4)) if f.rule == screens.DERIVED_BOUNDS]
    found = {(f.reason.split(" resolves")[0], f.problem) for f in old}
    for zone in ("XX-V", "aws:xx-1"):
        assert {(f"{zone} {y}", True) for y in (2015, 2016, 2017, 2020)} <= found
    assert any("whose stored bounds [675..1060]" in f.reason for f in old)
    assert not [f for f in screens.flags(snapshot()) if f.rule == screens.DERIVED_BOUNDS]


def test_screen_grid_below_direct_lists_for_review() -> None:
    flags = [f for f in screens.flags(snapshot()) if f.rule == screens.BELOW]
    # 2021 is answered with 2020's value (stale), the direct figure a year away
    assert [(f.factor, f.problem) for f in flags] == [("grid_intensity:YY:2020:ember", False)] * 2
    assert "YY 2020 resolves to the lifecycle value 400 (YY 2020), 20% below" in flags[0].reason
