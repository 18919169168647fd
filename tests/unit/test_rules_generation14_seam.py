"""Rules generation 14 (audit 2026-12-07 seed 1796655557, class a-SM): beyond rule G3's
reach, rule G3b carries back the REACH year's scaled answer (``resolve.seam``), and the
``grid-series-seam`` screen lists a step against the wider area at the seam.

A small in-memory snapshot shaped like Mallorca's (own 2019 513, Spain 2017/2018/2019
329/291/247); the same snapshot cut with generation 13 is answered exactly as before.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_seam_screen

SOURCES = [{"id": s, "priority": p, "license": "CC-BY-4.0"} for s, p in [("ember", 10), ("em", 20)]]
ZONES = [
    {"id": "P", "name": "Parent", "type": "country"},
    {"id": "P-M", "name": "Island M", "type": "subnational", "parent": "P"},
    {"id": "Q", "name": "Other parent", "type": "country"},
    {"id": "Q-M", "name": "Island N", "type": "subnational", "parent": "Q"},
]
# P stays at least as far above its 2019 level as in 2018 back to 2015; Q comes back
# nearer its 2019 level in 2016 (270: Spain's 2016 dip), so the carry stops there.
P = {2015: 328.0, 2016: 300.0, 2017: 329.0, 2018: 291.0, 2019: 247.0, 2020: 199.0, 2021: 190.0}
Q = {2015: 330.0, 2016: 270.0, 2017: 329.0, 2018: 291.0, 2019: 247.0, 2020: 199.0, 2021: 190.0}
FACTORS = [
    *(gi("P", y, v, "ember") for y, v in P.items()),
    *(gi("Q", y, v, "ember") for y, v in Q.items()),
    # the islands: about 2x their parent (outside rule G3b's band), own series from 2019
    *(gi(z, y, v, "em") for z in ("P-M", "Q-M") for y, v in [(2019, 513.0), (2020, 421.0)]),
    *(gi(z, 2021, 440.0, "em") for z in ("P-M", "Q-M")),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_rules_is_generation_14() -> None:
    assert RULES >= 14


def test_the_years_beyond_reach_join_the_reach_year() -> None:
    # #15: 2017 was 513 (2019's value) while 2018 was 513 x 291 / 247 = 604.38
    reach = ds().resolve_grid("P-M", 2018)
    assert (reach.factor.source, reach.value) == ("carbonfactors-derived", 604.38)
    for year in (2015, 2016, 2017):
        res = ds().resolve_grid("P-M", year)
        f = res.factor
        assert (f.value, f.year, f.id) == (
            604.38,
            2018,
            "grid_intensity:P-M:2018:carbonfactors-derived:scaled",
        )
        # bounds reach both readings: the first own value carried flat and the REACH year's
        assert f.low is not None and f.high is not None
        assert f.low <= 513.0 <= 604.38 <= f.high
        assert f.low == P[year]  # and the wider area's value
        own = [c for c in res.caveats if c.startswith("OWN SERIES")]
        assert len(own) == 1 and "generation 14" in own[0] and "513" in own[0]
        assert any(c.startswith("STALE: the value is P-M's answer for 2018") for c in res.caveats)


def test_the_carry_stops_where_the_wider_area_crosses_back() -> None:
    # Q 2016 (270) lies nearer Q 2019 (247) than Q 2018 (291) does: carrying 2018's scaled
    # answer would overstate Q's change, so the first own value stays there and earlier
    # (no zigzag 2015 604 / 2016 513 / 2017 604, though Q 2015 is far again)
    got = {y: ds().resolve_grid("Q-M", y).value for y in range(2015, 2019)}
    assert got == {2015: 513.0, 2016: 513.0, 2017: 604.38, 2018: 604.38}
    low, high = (
        ds().resolve_grid("Q-M", 2016).factor.low,
        ds().resolve_grid("Q-M", 2016).factor.high,
    )
    assert low == 270.0 and high == 604.38  # reaching the REACH year's answer too


def test_generation_13_answers_exactly_as_before() -> None:
    old = ds(13)
    for year in (2015, 2016, 2017):
        f = old.resolve_grid("P-M", year).factor
        assert (f.id, f.value, f.low, f.high) == (
            "grid_intensity:P-M:2019:em",
            513.0,
            P[year],
            513.0,
        )
    assert old.resolve_grid("P-M", 2018).value == 604.38
    assert not any("generation 14" in c for c in old.resolve_grid("P-M", 2017).caveats)


def test_screen_grid_series_seam_trips_on_the_old_seam_only() -> None:
    old = grid_seam_screen.flags(snapshot(13))
    assert [(f.rule, f.factor) for f in old] == [
        ("grid-series-seam", "grid_intensity:P-M:2019:em"),
        ("grid-series-seam", "grid_intensity:Q-M:2019:em"),
    ]
    assert "P-M 2017 resolves to 513 (rule G3b) and 2018 to 604.38 (rule G3), a step of +17.8%" in (
        old[0].reason
    )
    assert "P 329 → 291" in old[0].reason
    # generation 14: 2017 joins 2018 for both; Q-M's remaining step (2016 513 → 2017 604.38)
    # follows Q's rise (270 → 329) and is not at the seam
    assert grid_seam_screen.flags(snapshot()) == []


def test_screen_leaves_a_step_with_the_wider_area_alone() -> None:
    # the wider area rising into the REACH year: rule G3's step up follows it (not listed)
    rising = {**P, 2017: 250.0, 2016: 249.0, 2015: 248.0}
    snap = snapshot(13)
    snap["factors"] = [f for f in snap["factors"] if f["subject"] != "P"] + [
        gi("P", y, v, "ember") for y, v in rising.items()
    ]
    assert [f.factor for f in grid_seam_screen.flags(snap)] == ["grid_intensity:Q-M:2019:em"]
