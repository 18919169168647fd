"""Rules generation 12 (``resolve.pue_notes``, audit 1796642882 part b O5 and O1).

* A PUE figure carried back before the first figure of its own (an operator's backfill,
  Microsoft's 2022 TTM for 2020; a site's later figure, Scaleway DC2's 2018-2020 for 2016)
  gets a high bound reaching the industry average the engine uses for that year, said.
* A PUE lookup of a cloud region before its cited opening year, or of a campus all of whose
  regions opened later (``microsoft:poland`` 2022), says BEFORE OPENING.

The same snapshot cut with generation 11 answers exactly as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from _pue_records import pue_record

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.grid_notes import BEFORE_OPENING
from carbonfactors.resolve.pue_notes import BACKFILL_REACH
from carbonfactors.snapshot import RULES

SOURCES = [
    {"id": "uptime", "priority": 100, "license": "CC-BY-4.0"},
    {"id": "esg", "priority": 50, "license": "CC-BY-4.0"},
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "ms", "name": "Microsoft-like", "type": "operator"},
    {"id": "ms:pl", "name": "Poland-like", "type": "campus", "parent": "ms"},
    {"id": "ms:old", "name": "An older campus", "type": "campus", "parent": "ms"},
]
ZONES = [
    {"id": "PL", "name": "Poland", "type": "country"},
    {
        "id": "az:plc",
        "name": "Poland Central-like",
        "type": "cloud_region",
        "parent": "PL",
        "provider": "azure",
        "grid_zone": "PL",
        "operator": "ms:pl",
        "opened": 2023,
        "opened_evidence": "announced 2023",
    },
    {
        "id": "az:old",
        "name": "A region with no opening year",
        "type": "cloud_region",
        "parent": "PL",
        "provider": "azure",
        "grid_zone": "PL",
        "operator": "ms:old",
    },
]


def pue(subject: str, year: int, value: float, source: str, scope: str) -> dict[str, Any]:
    return pue_record(subject, year, value, source=source, scope=scope, basis="measured")


FACTORS = [
    pue("industry", 2019, 1.67, "uptime", "survey"),
    pue("industry", 2020, 1.59, "uptime", "survey"),
    pue("industry", 2022, 1.55, "uptime", "survey"),
    pue("ms", 2022, 1.185, "esg", "fleet-ttm"),
    pue("ms", 2024, 1.16, "esg", "fleet-annual"),
]


def ds(rules: int = RULES) -> Dataset:
    snap = {"rules": rules, "sources": SOURCES, "zones": ZONES, "operators": OPERATORS}
    return Dataset.from_snapshot({**snap, "factors": list(FACTORS)}, version="t")


def test_rules_is_generation_12() -> None:
    assert RULES >= 12


def test_a_backfilled_year_reaches_the_years_industry_average_and_says_so() -> None:
    res = ds().resolve_pue(None, 2020, "ms")
    f = res.factor
    assert (f.value, f.low, f.high) == (1.185, 1.16, 1.59)
    lines = [w for w in res.warnings if w.startswith(BACKFILL_REACH)]
    assert len(lines) == 1
    assert "carried back 2 years to 2020" in lines[0]
    assert "(1.59, uptime, survey year 2020)" in lines[0]
    assert "bounds 1.16..1.59" in lines[0]


def test_a_year_before_the_industry_series_uses_the_industry_stand_in_of_that_year() -> None:
    f = ds().resolve_pue(None, 2016, "ms").factor
    assert (f.value, f.high) == (1.185, 1.67)  # the 2019 survey, what 2016 is answered with


@pytest.mark.parametrize("year", [2022, 2023, 2025, None])
def test_a_year_with_its_own_or_an_earlier_figure_is_not_widened(year: int | None) -> None:
    res = ds().resolve_pue(None, year, "ms")
    assert res.factor.hi <= 1.185
    assert not any(w.startswith(BACKFILL_REACH) for w in res.warnings)


def test_a_region_asked_before_it_opened_says_before_opening() -> None:
    res = ds().resolve_pue("az:plc", 2022, None)
    lines = [w for w in res.warnings if w.startswith(BEFORE_OPENING)]
    assert lines == [
        "BEFORE OPENING: az:plc opened in 2023, after the year asked (2022); the value is "
        "ms's PUE figure (1.185 for 2022), not of a running site (announced 2023)"
    ]
    assert not any(
        w.startswith(BEFORE_OPENING) for w in ds().resolve_pue("az:plc", 2023, None).warnings
    )


def test_a_campus_whose_regions_all_opened_later_says_so_carefully() -> None:
    lines = [w for w in ds().resolve_pue(None, 2022, "ms:pl").warnings if BEFORE_OPENING in w]
    assert len(lines) == 1
    assert "every cloud region placed at ms:pl opened after the year asked" in lines[0]
    assert "a campus can be older than the regions it hosts" in lines[0]
    # A campus with a region of no cited opening year, and the fleet itself, say nothing.
    for op in ("ms:old", "ms"):
        assert not any(BEFORE_OPENING in w for w in ds().resolve_pue(None, 2020, op).warnings)


@pytest.mark.parametrize(
    ("location", "operator", "year"),
    [(None, "ms", 2020), (None, "ms:pl", 2022), ("az:plc", None, 2021), (None, "ms", 2024)],
)
def test_generation_11_answers_exactly_as_before(
    location: str | None, operator: str | None, year: int
) -> None:
    old = ds(11).resolve_pue(location, year, operator)
    new = ds().resolve_pue(location, year, operator)
    assert old.factor.value == new.factor.value
    assert old.factor.hi <= 1.19  # no reach to the industry average
    assert not any(w.startswith((BACKFILL_REACH, BEFORE_OPENING)) for w in old.warnings)
    ours = (BACKFILL_REACH, BEFORE_OPENING)
    assert old.warnings == tuple(w for w in new.warnings if not w.startswith(ours))
