"""Rules generation 10, ``resolve.method_reach``, and the importers' bounds of the older
export and of state estimates (w13 systematic pass; audit 1796630035 a-O4, a-O6).

PJM's numbers as on file: the export's 2019 383.11 (full year) and its 2021 390.26 (6,553
hours) against the later series' 439 (2021): 1.1249x, not rescaled (within 25%), so no
bounds and, a year from the switch at -13%, no METHOD STEP. California ISO 2020: the line
251.17 (2019, export) .. 278 (2021) gives 264.58, its own January-April 2020 average 297.77
(kept out of defaults, ``partial-year``) left outside. Alaska's estimate 2020 381.8, 2021
392.97, against its own 513 (2021). A generation-9 snapshot answers as before, and the
``grid-method-bounds`` screen flags what the importers and the rule leave.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.grid_notes import METHOD_STEP
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_method_screen
from carbonfactors_pipeline.importers import _em_archive_step as step
from carbonfactors_pipeline.importers.us_state_estimates import own_bounds

EXPORT, LATER, DERIVED = (
    "electricitymaps-2021-export",
    "electricitymaps-yearly",
    "carbonfactors-derived",
)
SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("ember", 10), (LATER, 20), (EXPORT, 30), (DERIVED, 40)]
]
ZONES = [
    {"id": "US", "name": "United States", "type": "country"},
    {"id": "US-PJM", "name": "PJM", "type": "subnational", "parent": "US"},
    {"id": "US-CISO", "name": "CAISO", "type": "subnational", "parent": "US"},
    {"id": "US-AK", "name": "Alaska", "type": "subnational", "parent": "US"},
]
PARTIAL = "partial-year: partial year: 2,928 of 8,760 hours with data: one season"
ESTIMATE = "ESTIMATE (rule G1): Ember's US x the state's eGRID ratio."


def factors(bounded: bool) -> list[dict[str, Any]]:
    """The fixture's rows; ``bounded``: as the importers write them now."""
    pjm = gi("US-PJM", 2019, 383.11, EXPORT, method="export.")
    ak = gi("US-AK", 2020, 381.8, DERIVED, method=ESTIMATE, accounting="production")
    if bounded:
        step.bound(pjm, (439 / 390.26, "2021: 439 against 390.26 on 6,553 hours"), 439.0)
        own_bounds([ak, {"year": 2021, "value": 392.97, "method": ""}], (2021, 513.0))
    return [
        gi("US", 2019, 270.0, "ember"),
        gi("US", 2020, 260.0, "ember"),
        gi("US", 2021, 265.0, "ember"),
        pjm,
        gi("US-PJM", 2021, 439.0, LATER),
        gi("US-CISO", 2019, 251.17, EXPORT, low=251.17, high=278.0),
        gi(
            "US-CISO",
            2020,
            297.77,
            EXPORT,
            suffix=":partial-year",
            excluded=PARTIAL,
            period="partial year: 2,928 of 8,760 hours with data",
        ),
        gi("US-CISO", 2021, 278.0, LATER),
        ak,
        gi("US-AK", 2021, 392.97, DERIVED, method=ESTIMATE, accounting="production"),
        gi("US-AK", 2021, 513.0, LATER),
    ]


def snapshot(rules: int = RULES, bounded: bool = True) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": factors(bounded)}


def ds(rules: int = RULES, bounded: bool = True) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules, bounded), version="t")


def test_export_value_is_bounded_by_the_later_method_reading() -> None:
    f = {"value": 383.11, "method": "export."}
    step.bound(f, (439 / 390.26, "2021: 439 against 390.26 on 6,553 hours"), 439.0)
    assert (f["low"], f["high"]) == (383.11, 439.0)  # 383.11 x 1.1249 = 430.96 inside
    f = {"value": 58.59, "method": "export."}
    step.bound(f, (29 / 30.0, "2021: 29 against 30 on 6,553 hours"), 29.0)
    assert (f["low"], f["high"]) == (29.0, 58.59)  # North Norway: its later series reached
    assert "56.64" in f["method"]  # the reading on the later methodology, named


def test_estimate_is_bounded_by_the_states_own_series() -> None:
    rows = [
        {"year": 2020, "value": 381.8, "method": ""},
        {"year": 2021, "value": 392.97, "method": ""},
    ]
    own_bounds(rows, (2021, 513.0))
    assert (rows[0]["low"], rows[0]["high"]) == (381.8, 498.42)
    assert "low" not in rows[1]  # the year of the own series is not an estimate's to bound


def test_generation_10_says_the_older_method_and_reaches_same_year_parts() -> None:
    d = ds()
    res = d.resolve_grid("US-PJM", 2019)
    assert (res.factor.value, res.factor.low, res.factor.high) == (383.11, 383.11, 439.0)
    assert any(w.startswith(METHOD_STEP) and "+15%" in w for w in res.warnings)
    f = d.resolve_grid("US-CISO", 2020).factor
    assert f.value == 264.58 and f.high == 297.77
    ak = ds(14).resolve_grid("US-AK", 2020).factor
    assert (ak.value, ak.low, ak.high) == (381.8, 381.8, 498.42)
    # generation 15 (rule G1b, audit 1796658609 a-E1): the own series' ratio to the estimate
    # (513 / 392.97) centres it, the plain estimate the low bound
    ak = d.resolve_grid("US-AK", 2020).factor
    assert (ak.value, ak.low, ak.high) == (498.42, 381.8, 498.42)


def test_generation_9_snapshot_answers_as_before() -> None:
    d = ds(9)
    assert not any(w.startswith(METHOD_STEP) for w in d.resolve_grid("US-PJM", 2019).warnings)
    assert d.resolve_grid("US-CISO", 2020).factor.high == 278.0


def test_screen_flags_each_class_and_not_the_fixed_data() -> None:
    old = grid_method_screen.flags(snapshot(9, bounded=False))
    found = {(g.factor, g.reason.split(" is ")[0]) for g in old}
    assert found == {
        ("grid_intensity:US-PJM:2019:electricitymaps-2021-export", "US-PJM 2019"),
        ("grid_intensity:US-CISO:2020:carbonfactors-derived:interpolated", "US-CISO 2020"),
        ("grid_intensity:US-AK:2020:carbonfactors-derived", "US-AK 2020"),
    }
    assert grid_method_screen.flags(snapshot()) == []
