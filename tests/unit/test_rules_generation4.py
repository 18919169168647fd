"""Rules generation 4 (audit 2026-12-06 seed 1796585890, class B2): rule G3b
(``resolve.own_years.far_own_value``) and the ``grid-wider-far`` screen.

Small in-memory snapshots, each built to trip one case; the same snapshot cut with
generation 3 (``rules: 3``) is answered exactly as before.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.own_years import FAR_HIGH, FAR_LOW
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_screens

SOURCES = [{"id": s, "priority": p, "license": "CC-BY-4.0"} for s, p in [("ember", 10), ("em", 20)]]


ZONES = [
    {"id": "CA", "name": "Canada", "type": "country"},
    {"id": "CA-QC", "name": "Quebec", "type": "subnational", "parent": "CA"},
    {
        "id": "aws:ca-central-1",
        "name": "Montreal",
        "type": "cloud_region",
        "parent": "CA",
        "provider": "aws",
        "grid_zone": "CA-QC",
    },
    {"id": "SE", "name": "Sweden", "type": "country"},
    {"id": "SE-SE3", "name": "South Central Sweden", "type": "subnational", "parent": "SE"},
    {"id": "XX", "name": "Testland", "type": "country"},
    {"id": "XX-A", "name": "Testland A", "type": "subnational", "parent": "XX"},
]
FACTORS = [
    # Quebec: Canada's Ember series (the default) at 165; Electricity Maps has Canada at 141
    # and Quebec at 28 from 2021 (same-source ratio 0.20, the audit's CA-QC/CA).
    *(gi("CA", y, 165.0, "ember") for y in range(2015, 2026)),
    *(gi("CA", y, 141.0, "em") for y in range(2021, 2026)),
    *(gi("CA-QC", y, 28.0, "em") for y in range(2021, 2026)),
    # a partial year (never a default) below them: the bounds reach it
    {
        **gi("CA-QC", 2019, 20.0, "em"),
        "id": "grid_intensity:CA-QC:2019:em:partial-year",
        "period": "partial year: 4,000 of 8,760 hours with data",
        "excluded": "partial-year: one season, not an annual average",
    },
    # SE3: 0.55x Ember's Sweden but 0.92x Sweden by Electricity Maps' one method: like it.
    *(gi("SE", y, 42.0, "ember") for y in range(2015, 2026)),
    *(gi("SE", y, 25.0, "em") for y in range(2021, 2026)),
    *(gi("SE-SE3", y, 23.0, "em") for y in range(2021, 2026)),
    # Testland: no year both have, so rule G3b cannot judge and the screen catches it.
    *(gi("XX", y, 165.0, "ember") for y in range(2015, 2020)),
    gi("XX-A", 2021, 28.0, "em"),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_4() -> None:
    assert RULES >= 4
    assert (round(FAR_LOW, 2), FAR_HIGH) == (0.67, 1.5)


def test_g5_a_zone_unlike_its_wider_area_carries_its_own_first_value_back() -> None:
    # #12: CA-QC 2015 was Canada's value with bounds reaching Quebec's own.
    res = ds().resolve_grid("CA-QC", 2015)
    f = res.factor
    assert (f.subject, f.year, f.value, f.low, f.high, f.source) == (
        "CA-QC",
        2021,
        28.0,
        20.0,
        165.0,
        "em",
    )
    assert f.id == "grid_intensity:CA-QC:2021:em"  # the zone's own factor, not derived
    assert res.fallback and "carried back (rule G3b)" in res.fallback
    own = [c for c in res.caveats if c.startswith("OWN SERIES")]
    assert len(own) == 1 and "0.20x those of the wider area CA" in own[0]
    assert any(
        c.startswith("STALE: the value is CA-QC's own for 2021, 6 years after") for c in res.caveats
    )
    # A cloud region through its grid zone answers the same (#12: aws:ca-central-1 2018).
    region = ds().resolve_grid("aws:ca-central-1", 2018)
    assert (region.factor.subject, region.value) == ("CA-QC", 28.0)


def test_generation_3_answers_exactly_as_before() -> None:
    old = ds(3).resolve_grid("CA-QC", 2015)
    f = old.factor
    assert (f.subject, f.value, f.low, f.high) == ("CA", 165.0, 20.0, 165.0)
    assert not any("rule G3b" in c for c in old.caveats)
    assert ds(3).resolve_grid("aws:ca-central-1", 2018).factor.subject == "CA"


def test_g5_keeps_the_wider_area_for_a_zone_like_it_by_one_method() -> None:
    # #11: SE-SE3 is 0.92x Sweden by Electricity Maps' own values: rule G3b keeps Sweden's
    # value (generation 4 to 9) ...
    res = ds(9).resolve_grid("SE-SE3", 2018)
    assert (res.factor.subject, res.value, res.factor.low) == ("SE", 42.0, 23.0)
    # ... and from generation 10 (``drift.served_ratio``) the served (Ember) level, 0.55x,
    # centres it, joining rule G3's 2020 (23) instead of stepping from 42
    now = ds().resolve_grid("SE-SE3", 2018)
    assert (now.factor.subject, now.value, now.factor.low, now.factor.high) == (
        "SE-SE3",
        23.0,
        23.0,
        42.0,
    )
    # within REACH rule G3 still applies (scaled by Ember's Sweden: 23 x 42 / 42)
    near = ds().resolve_grid("CA-QC", 2020)
    assert (near.factor.source, near.value) == ("carbonfactors-derived", 28.0)


def test_screen_grid_wider_far_flags_what_g5_cannot_judge() -> None:
    flags = [f for f in grid_screens.flags(snapshot()) if f.rule == grid_screens.WIDER_FAR]
    assert [(f.factor, f.problem) for f in flags] == [
        (f"grid_intensity:XX:{y}:ember", True) for y in range(2015, 2020)
    ]
    assert "XX-A 2015 resolves to 165 (XX), 5.89x XX-A's own first value (2021: 28)" in (
        flags[0].reason
    )
    # Generation 3 would leave Quebec on Canada's value: the screen trips on it too.
    old = {f.factor for f in grid_screens.flags(snapshot(3)) if f.rule == grid_screens.WIDER_FAR}
    assert "grid_intensity:CA:2015:ember" in old
