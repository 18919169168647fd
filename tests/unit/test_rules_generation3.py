"""Rules generation 3 (audit 2026-12-06 seed 1796574057, issue 20 remainder): rules P2 and P3
(``resolve.site_figures``), the grid notes (``resolve.grid_notes``), the refusal naming a
value of another basis, and the screens that list them.

Small in-memory snapshots, each built to trip one rule; the same snapshot cut with
generation 2 (``rules: 2``) is answered exactly as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi
from _pue_records import pue_record

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_screens
from carbonfactors_pipeline.screens import Reasons, screen

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [
        ("ember", 10),
        ("em", 20),
        ("em-2021", 30),
        ("op", 50),
        ("ifi", 90),
        ("uptime", 100),
        ("electricitymaps-yearly", 20),
        ("electricitymaps-2021-export", 30),
    ]
]


def pue(subject: str, year: int, value: float, scope: str, **extra: Any) -> dict[str, Any]:
    return pue_record(subject, year, value, source="op", scope=scope, basis="measured", **extra)


ZONES = [
    {"id": "GI", "name": "Gibraltar", "type": "country"},
    {"id": "SX", "name": "Sint Maarten", "type": "country"},
    {"id": "JP", "name": "Japan", "type": "country"},
    {"id": "JP-SK", "name": "Shikoku", "type": "subnational", "parent": "JP"},
    {"id": "ES", "name": "Spain", "type": "country"},
    {"id": "ES-IB-ME", "name": "Menorca", "type": "subnational", "parent": "ES"},
    {"id": "FI", "name": "Finland", "type": "country"},
    {
        "id": "gcp:europe-north1",
        "name": "Finland",
        "type": "cloud_region",
        "parent": "FI",
        "provider": "gcp",
        "grid_zone": "FI",
        "operator": "google:hamina",
    },
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "google", "name": "Google", "type": "operator"},
    {"id": "google:hamina", "name": "Hamina", "type": "campus", "parent": "google"},
    {"id": "ms", "name": "Microsoft", "type": "operator"},
    {"id": "ms:texas", "name": "Texas", "type": "campus", "parent": "ms"},
]
FACTORS = [
    # Gibraltar: Ember to 2024; Electricity Maps 2025 far below (stale reach).
    gi("GI", 2023, 600.0, "ember"),
    gi("GI", 2024, 590.91, "ember"),
    gi("GI", 2024, 580.0, "em"),
    gi("GI", 2025, 450.0, "em", period="calendar 2025, preliminary: fetched early"),
    # Sint Maarten: only a marginal value.
    gi("SX", 2021, 753.0, "ifi", basis="marginal"),
    # Shikoku: country for 2015, own full years 2021-2022, a partial 2017 below them all.
    gi("JP", 2015, 578.05, "ember"),
    gi("JP-SK", 2021, 617.0, "electricitymaps-yearly"),
    gi("JP-SK", 2022, 640.0, "electricitymaps-yearly"),
    gi(
        "JP-SK",
        2017,
        512.98,
        "electricitymaps-2021-export",
        suffix=":partial-year",
        period="partial year: 4,559 of 8,760 hours with data",
    ),
    # Menorca: the export's 2020 and the 2021-2025 series' 2021 step +62%.
    gi("ES", 2020, 200.0, "ember"),
    gi("ES-IB-ME", 2020, 559.84, "electricitymaps-2021-export"),
    gi("ES-IB-ME", 2021, 909.0, "electricitymaps-yearly"),
    gi("FI", 2021, 90.0, "ember"),
    pue("industry", 2019, 1.67, "survey"),
    pue("google", 2020, 1.10, "fleet-annual"),
    pue("google", 2024, 1.09, "fleet-annual"),
    pue("gcp:europe-north1", 2020, 1.08, "site"),
    pue("google:hamina", 2025, 1.10, "site-ttm"),
    pue("ms", 2024, 1.16, "fleet-annual"),
    pue("ms", 2025, 1.17, "fleet-annual", period="FY2025"),
    pue("ms:texas", 2024, 1.28, "site-annual", period="FY2024 (2023-07-01..2024-06-30)"),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {
        "rules": rules,
        "sources": SOURCES,
        "zones": ZONES,
        "operators": OPERATORS,
        "factors": [dict(f) for f in FACTORS],
    }


def ds(rules: int = RULES) -> Dataset:
    snap = snapshot(rules)
    # the partial-year screen's verdict, as the validator writes it on the factor
    for f in snap["factors"]:
        if str(f.get("period", "")).startswith("partial year"):
            f["excluded"] = f"partial-year: {f['period']}: one season, not an annual average"
    return Dataset.from_snapshot(snap, version="t")


def test_rules_is_generation_3() -> None:
    assert RULES >= 3


def test_p2_a_site_with_an_earlier_own_figure_is_centred_on_it() -> None:
    # P1 remainder: microsoft:texas 2025 was the fleet's FY2025 1.17; Texas's FY2024 is 1.28.
    res = ds().resolve_pue(operator="ms:texas", year=2025)
    f = res.factor
    assert (f.subject, f.year, f.value, f.low, f.high) == ("ms:texas", 2024, 1.28, 1.17, 1.28)
    assert f.period == "FY2024 (2023-07-01..2024-06-30)"  # fiscal year kept as recorded
    assert res.warnings[0].startswith("SITE PUE: ms:texas's own published figure (1.28 for 2024")
    assert "rule P2" in res.warnings[0]
    assert res.warnings[1].startswith("STALE: the value is for 2024, 1 year older")
    old = ds(2).resolve_pue(operator="ms:texas", year=2025).factor
    assert (old.subject, old.value) == ("ms", 1.17)


def test_p3_a_campus_and_the_region_placed_at_it_see_each_others_figures() -> None:
    # b-O3: Hamina (campus) did not see europe-north1's (its region's) 2020 figure.
    campus = ds().resolve_pue(operator="google:hamina", year=2021)
    assert (campus.factor.subject, campus.value) == ("gcp:europe-north1", 1.08)
    assert (campus.factor.low, campus.factor.high) == (1.08, 1.10)
    region = ds().resolve_pue("gcp:europe-north1", 2025)
    assert (region.factor.subject, region.value) == ("google:hamina", 1.10)
    # Generation 2: the campus is answered with the fleet's 2020 figure.
    old = ds(2).resolve_pue(operator="google:hamina", year=2021)
    assert (old.factor.subject, old.value) == ("google", 1.10)


def test_stale_bounds_reach_the_year_asked_of_other_sources() -> None:
    # a-O3: GI 2025 is Ember's 2024; Electricity Maps' 2025 must be inside the bounds.
    res = ds().resolve_grid("GI", 2025)
    assert (res.factor.year, res.value, res.factor.low, res.factor.high) == (
        2024,
        590.91,
        450.0,
        590.91,
    )
    assert any("GI 2025 450 (em, calendar 2025, preliminary" in w for w in res.warnings)
    old = ds(2).resolve_grid("GI", 2025).factor
    assert (old.low, old.high) == (580.0, 590.91)


def test_bounds_reach_the_first_two_own_years_and_partial_years() -> None:
    # a-O6, b-O2: JP-SK 2015 is Japan's value; its partial 2017 and its 2022 were outside.
    res = ds().resolve_grid("JP-SK", 2015)
    assert (res.factor.subject, res.value, res.factor.low, res.factor.high) == (
        "JP",
        578.05,
        512.98,
        640.0,
    )
    assert any("partial year: 4,559 of 8,760 hours with data" in w for w in res.warnings)
    old = ds(2).resolve_grid("JP-SK", 2015).factor
    assert (old.low, old.high) == (578.05, 617.0)


def test_a_preliminary_year_is_said() -> None:
    # a-O5: Electricity Maps 2025 values may be preliminary (co2.js SOURCE.md).
    ranked = Dataset.from_snapshot(
        {**snapshot(), "factors": [f for f in FACTORS if f["source"] != "ember"]}, version="t"
    )
    res = ranked.resolve_grid("GI", 2025)
    assert res.value == 450.0
    assert any(w.startswith("PRELIMINARY: GI 2025 (450 gCO2e/kWh, em)") for w in res.warnings)
    old = Dataset.from_snapshot(
        {**snapshot(2), "factors": [f for f in FACTORS if f["source"] != "ember"]}, version="t"
    )
    assert not any("PRELIMINARY" in w for w in old.resolve_grid("GI", 2025).warnings)


def test_a_methodology_step_is_said_and_listed() -> None:
    # a-O4: Electricity Maps' 2021 export against its 2021-2025 series.
    res = ds().resolve_grid("ES-IB-ME", 2021)
    [step] = [w for w in res.warnings if w.startswith("METHOD STEP")]
    assert "(2020: 559.84) to electricitymaps-yearly (2021: 909), +62%" in step
    assert not any("METHOD STEP" in w for w in ds(2).resolve_grid("ES-IB-ME", 2021).warnings)
    flags = [f for f in grid_screens.flags(snapshot()) if f.rule == grid_screens.METHOD_STEP]
    assert [(f.factor, f.problem) for f in flags] == [
        ("grid_intensity:ES-IB-ME:2021:electricitymaps-yearly", False)
    ]


def test_a_refusal_names_the_marginal_value_on_file() -> None:
    # a-O1: Sint Maarten has only the IFI operating-margin factor.
    with pytest.raises(FactorNotFound) as err:
        ds().resolve_grid("SX", 2017)
    assert (
        "only an operating-margin value is on file: grid_intensity:SX:2021:ifi (753 gCO2e/kWh, "
        "2021); pass it as grid_intensity if that is meant" in str(err.value)
    )
    with pytest.raises(FactorNotFound, match=r"\(SX\); give grid_intensity$"):
        ds(2).resolve_grid("SX", 2017)


def test_the_partial_year_screen_keeps_a_season_out_of_defaults() -> None:
    empty = Reasons({}, {}, [], [], {})
    flags = {f.factor: f for f in screen(snapshot()["factors"], empty, frozenset({"JP-SK"}))}
    part = flags["grid_intensity:JP-SK:2017:electricitymaps-2021-export:partial-year"]
    assert part.rule == "partial-year" and part.excluded is not None
    # a preliminary calendar year is still compared year on year (a 2x jump is caught)
    jump = [gi("GI", 2024, 100.0, "em"), gi("GI", 2025, 450.0, "em", period="calendar 2025")]
    assert [f.rule for f in screen(jump, empty)] == ["year-on-year-jump"]
