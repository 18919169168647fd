"""Audit 1796606525 a-J1 and a-R1, on the pipeline side: a screened jump's level is screened
as one (the years after it within ``LEVEL_TOLERANCE``), a change inside both values' stated
ranges is no jump, a tiny grid's Ember value carries its rounding interval, and the
``grid-tiny-rounding`` and ``grid-screened-year`` screens list what slips through."""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors_pipeline import grid_derived_screens as gds
from carbonfactors_pipeline.importers.ember_owid import tiny_grid
from carbonfactors_pipeline.screens import Reasons, screen

JUMP = "year-on-year-jump"


def _reasons(keep: dict[tuple[str, str], str] | None = None) -> Reasons:
    return Reasons(keep or {}, {}, [], [], {})


def _sl() -> list[dict[str, Any]]:
    """Sierra Leone's shape: 222.22, then 50 for three years, 47.62, then 60 (no jump, not the level)."""
    vals = {2018: 222.22, 2019: 50.0, 2020: 50.0, 2021: 50.0, 2022: 47.62, 2023: 60.0}
    return [gi("SL", y, v, "ember") for y, v in vals.items()]


def test_the_years_continuing_a_screened_jump_are_screened_with_it() -> None:
    flags = {f.factor: f for f in screen(_sl(), _reasons())}
    ids = [f"grid_intensity:SL:{y}:ember" for y in (2019, 2020, 2021, 2022)]
    assert sorted(flags) == ids  # 2023 is a new level (not within 5% of 50), 2018 the old
    assert all(flags[i].rule == JUMP and flags[i].excluded for i in ids)
    assert "continues the level of 2019's 50" in flags[ids[1]].reason


def test_a_keep_note_on_the_first_year_keeps_the_whole_level() -> None:
    keep = {("grid_intensity:SL:2019:ember", JUMP): "documented change"}
    flags = screen(_sl(), _reasons(keep))
    assert [(f.factor, f.excluded) for f in flags] == [("grid_intensity:SL:2019:ember", None)]


def test_a_change_inside_both_rounding_intervals_is_no_jump() -> None:
    ck = [
        gi("CK", 2020, 500.0, "ember", low=333.33, high=714.29),
        gi("CK", 2021, 250.0, "ember", low=111.11, high=428.57),
    ]
    assert screen(ck, _reasons()) == []
    bare = [{k: v for k, v in f.items() if k not in ("low", "high")} for f in ck]
    assert [f.factor for f in screen(bare, _reasons())] == ["grid_intensity:CK:2021:ember"]


def test_a_tiny_grid_value_gets_its_rounding_interval_capped_at_the_ceiling() -> None:
    out = tiny_grid(500.0, 0.02, (910.0, "tech:coal"))
    assert (out["low"], out["high"]) == (200.0, 910.0)  # 0.005/0.025 .. min(0.015/0.015, 910)
    assert out["inputs"] == {"generation_twh": 0.02, "emissions_mt": 0.01}
    assert "ratio of rounded totals" in str(out["method"])
    out = tiny_grid(625.0, 0.08)  # Guinea-Bissau: 0.05 Mt over 0.08 TWh
    assert (out["low"], out["high"]) == (529.41, 733.33)


def test_the_tiny_rounding_screen_lists_a_tiny_value_without_bounds() -> None:
    fk = gi("FK", 2016, 500.0, "ember", inputs={"generation_twh": 0.02, "emissions_mt": 0.01})
    assert [f.rule for f in gds.tiny_unbounded([fk])] == [gds.TINY]
    assert gds.tiny_unbounded([{**fk, "low": 200.0, "high": 910.0}]) == []
    big = {**fk, "inputs": {"generation_twh": 0.5}}
    assert gds.tiny_unbounded([big]) == []


def _re(rules: int, excluded: str | None) -> Dataset:
    sources = [
        {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
        {"id": "emaps", "priority": 20, "license": "ODbL-1.0"},
    ]
    zones = [{"id": "RE", "name": "Réunion", "type": "country"}]
    extra = {"excluded": excluded} if excluded else {}
    factors = [
        gi("RE", 2023, 394.14, "ember"),
        gi("RE", 2024, 471.0, "emaps"),
        gi("RE", 2025, 208.0, "emaps", **extra),
    ]
    snap = {"rules": rules, "sources": sources, "zones": zones, "factors": factors}
    return Dataset.from_snapshot(snap, version="t")


def test_the_screened_year_screen_lists_a_stale_answer_missing_the_excluded_value() -> None:
    why = "year-on-year-jump: 208 after 471 (0.44x), with no note"
    old = _re(5, why)  # generation 5: the bounds miss 208, unsaid
    res = old.resolve_grid("RE", 2025)
    found = gds._screened_year(old, ["RE"], 2025, res)
    assert [f.rule for f in found] == [gds.SCREENED_YEAR]
    new = _re(6, why)  # generation 6 reaches and names it
    assert gds._screened_year(new, ["RE"], 2025, new.resolve_grid("RE", 2025)) == []
