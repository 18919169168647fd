"""Rules generation 18, audit 1796682238 a-C1 (``resolve.part_year_anchor``): a zone whose
own series opens on a part year (ZZ 2018, 255 on 6,473 hours) followed by a full year more
than 20% away (2019, 312 on 8,701 hours) is carried back and scaled from the full year, the
part year kept as a bound and named (US-ID 2015 was Idaho Power's 2018 part year, 325.35,
against its full 2019's 392.05). A generation-17 snapshot answers as before; the screen
``grid-part-year-anchor`` trips on it.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.part_year_anchor import PART_ANCHOR
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_gap_screens as ggs

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"} for s, p in [("ember", 10), ("export", 20)]
]
ZONES = [
    {"id": "XX", "name": "Wider", "type": "country"},
    {"id": "ZZ", "name": "Zone", "type": "subnational", "parent": "XX"},
]
PART = "part year: 6,473 of 8,760 hours with data (at least half a year)"


def factors(full: float = 312.0, full_period: str | None = None) -> list[dict[str, Any]]:
    extra = {} if full_period is None else {"period": full_period}
    return [
        *(gi("XX", y, 100.0, "ember") for y in range(2014, 2022)),
        gi("ZZ", 2018, 255.0, "export", suffix=":part-year", period=PART),
        gi("ZZ", 2019, full, "export", **extra),
        gi("ZZ", 2020, 300.0, "export"),
    ]


def ds(rules: int = RULES, **kw: Any) -> Dataset:
    snap = {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": factors(**kw)}
    return Dataset.from_snapshot(snap, version="t")


def test_carry_back_is_anchored_on_the_first_full_year() -> None:
    res = ds().resolve_grid("ZZ", 2015)
    assert res.factor.value == 312.0
    assert res.factor.lo <= 100.0 and res.factor.hi >= 312.0
    line = next(w for w in res.warnings if w.startswith(PART_ANCHOR))
    assert "2018 (255" in line and "6,473 of 8,760 hours" in line and "2019 (312" in line
    assert ggs.lookup_flags(ds(), ["ZZ"], 2015, res) == []


def test_reach_year_is_scaled_from_the_first_full_year() -> None:
    res = ds().resolve_grid("ZZ", 2017)
    assert res.factor.value == 312.0 and res.factor.id.endswith(":scaled")
    assert res.factor.lo <= 255.0 and res.factor.hi >= 312.0
    assert any(w.startswith(PART_ANCHOR) for w in res.warnings)
    # the part year still answers its own year (rule a-P1)
    assert ds().resolve_grid("ZZ", 2018).factor.value == 255.0


def test_near_or_part_next_year_keeps_the_part_year_anchor() -> None:
    assert ds(full=290.0).resolve_grid("ZZ", 2015).factor.value == 255.0  # 14% away
    other = ds(full_period="part year: 5,000 of 8,760 hours with data (at least half a year)")
    assert other.resolve_grid("ZZ", 2015).factor.value == 255.0


def test_generation_17_answers_as_before_and_the_screen_trips() -> None:
    old = ds(17)
    for year in (2015, 2017):
        res = old.resolve_grid("ZZ", year)
        assert res.factor.value == 255.0
        assert not any(w.startswith(PART_ANCHOR) for w in res.warnings)
        flagged = ggs.lookup_flags(old, ["ZZ"], year, res)
        assert [f.rule for f in flagged] == [ggs.PART_ANCHOR]
        assert "6,473 of 8,760 hours" in flagged[0].reason and "312" in flagged[0].reason
