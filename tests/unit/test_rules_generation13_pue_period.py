"""Rules generation 13, rule P4 (``resolve.pue_period``, audit 1796647084 part b, class PP):
a PUE figure whose ``period`` is a ``YYYY..YYYY`` range is its subject's own figure for
every year of the range, site and operator alike, neither STALE nor BACKFILLED there.

The fixture is Scaleway's shape (``factors/pue/scaleway.yaml``): an operator median 1.405
and sites at 1.15 (below it) and 1.55 (above it), all from one report of 2018-2020 filed
under 2020. Generation 12 answered the low site's 2019 with the median (BACKFILLED, "publishes
no PUE in or before 2019") and carried the high site back by rule P1; the screen
``pue-period-covered`` flags the first and passes the second.
"""

from __future__ import annotations

from typing import Any

import pytest
from _pue_records import pue_record

from carbonfactors.caveats import BACKFILLED, STALE
from carbonfactors.dataset import Dataset
from carbonfactors.records import Factor
from carbonfactors.resolve.pue_notes import BACKFILL_REACH
from carbonfactors.resolve.pue_period import PERIOD_FIGURE, covers, period_years
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import pue_period_screen

PERIOD = "2018..2020 (impact report 2018-2020; the year of the figure is not stated)"
SOURCES = [
    {"id": "report", "priority": 50, "license": "CC-BY-4.0"},
    {"id": "uptime", "priority": 100, "license": "CC-BY-4.0"},
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "sw", "name": "Scaleway-like", "type": "operator"},
    {"id": "sw:dc5", "name": "DC5-like", "type": "campus", "parent": "sw"},
]


def pue(subject: str, year: int, value: float, scope: str, **extra: Any) -> dict[str, Any]:
    source = "uptime" if scope == "survey" else "report"
    basis = "estimated" if scope == "fleet-annual" else "measured"
    return pue_record(subject, year, value, source=source, scope=scope, basis=basis, **extra)


def factors(site: float) -> list[dict[str, Any]]:
    return [
        pue("industry", 2016, 1.7, "survey"),
        pue("industry", 2019, 1.67, "survey"),
        pue("sw", 2020, 1.405, "fleet-annual", low=1.15, high=1.55, period=PERIOD),
        pue("sw:dc5", 2020, site, "site", period=PERIOD),
    ]


def snapshot(site: float = 1.15, rules: int = RULES) -> dict[str, Any]:
    snap = {"rules": rules, "sources": SOURCES, "zones": [], "operators": OPERATORS}
    return {**snap, "factors": factors(site)}


def ds(site: float = 1.15, rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(site, rules), version="t")


def test_rules_is_generation_13() -> None:
    assert RULES >= 13


@pytest.mark.parametrize(
    ("period", "span"),
    [(PERIOD, (2018, 2020)), ("2021..2021", (2021, 2021)), ("FY2024 (2023-07-01..2024-06-30)", None),
     ("TTM, page read 2025-10-16", None), (None, None), ("2020..2018", None)],
)  # fmt: skip
def test_only_a_leading_range_of_whole_years_is_read(
    period: str | None, span: tuple[int, int] | None
) -> None:
    f = Factor(
        "x", "pue", "s", 2020, 1.2, "dimensionless", "measured", None, None, "report", period
    )
    assert period_years(f) == span
    assert covers(f, 2019) is (span is not None and span[0] <= 2019 <= span[1])


@pytest.mark.parametrize("year", [2018, 2019, 2020])
def test_a_site_below_its_operator_keeps_its_own_figure_inside_the_period(year: int) -> None:
    res = ds().resolve_pue(None, year, "sw:dc5")
    assert (res.factor.subject, res.factor.value) == ("sw:dc5", 1.15)
    assert not any(w.startswith((STALE, BACKFILLED, BACKFILL_REACH)) for w in res.warnings)
    said = [w for w in res.warnings if w.startswith(PERIOD_FIGURE)]
    assert len(said) == (0 if year == 2020 else 1)
    if said:
        assert "which year of the period it describes is not stated" in said[0]


def test_the_operator_figure_is_its_own_inside_the_period_not_backfilled() -> None:
    res = ds().resolve_pue(None, 2019, "sw")
    assert (res.factor.subject, res.factor.value) == ("sw", 1.405)
    assert (res.factor.low, res.factor.high) == (1.15, 1.55)  # no reach to the industry's 1.67
    assert not any(w.startswith((BACKFILLED, BACKFILL_REACH, STALE)) for w in res.warnings)


def test_before_the_period_it_is_still_backfilled_and_counted_from_the_period() -> None:
    res = ds().resolve_pue(None, 2017, "sw")
    back = [w for w in res.warnings if w.startswith(BACKFILLED)]
    assert len(back) == 1 and "its earliest figure's period starts in 2018" in back[0]
    reach = [w for w in res.warnings if w.startswith(BACKFILL_REACH)]
    assert len(reach) == 1 and "carried back 1 year from the first year of its period" in reach[0]


def test_generation_12_answers_exactly_as_before() -> None:
    res = ds(rules=12).resolve_pue(None, 2019, "sw:dc5")
    assert (res.factor.subject, res.factor.value) == ("sw", 1.405)
    assert any("sw publishes no PUE in or before 2019" in w for w in res.warnings)
    assert not any(w.startswith(PERIOD_FIGURE) for w in res.warnings)
    high = ds(1.55, rules=12).resolve_pue(None, 2019, "sw:dc5")
    assert high.factor.value == 1.55 and any(w.startswith(STALE) for w in high.warnings)


def test_screen_flags_a_covered_year_answered_by_the_median() -> None:
    got = pue_period_screen.flags(snapshot(1.15, rules=12))
    assert {(g.rule, g.factor) for g in got} == {
        (pue_period_screen.RULE, "pue:sw:2020:report")
    }  # 2018 and 2019 of sw:dc5
    assert len(got) == 2 and all("sw:dc5" in g.reason and "covers" in g.reason for g in got)


@pytest.mark.parametrize(("site", "rules"), [(1.55, 12), (1.15, RULES), (1.55, RULES)])
def test_screen_passes_a_site_answered_with_its_own_figure(site: float, rules: int) -> None:
    assert pue_period_screen.flags(snapshot(site, rules)) == []
