"""Screen ``pue-operator-unreached`` (audit 1796599352 #32, class P0b): an operator whose
own sites publish PUE must not be answered with bounds that leave them out.

Scaleway 2018 was the industry's 1.67 [1.54..1.67] while its impact report gives its six
sites 1.15-1.55. The fixture is that shape: an operator with campus figures only, then the
same operator with a fleet figure formed from its sites (``factors/pue/scaleway.yaml``).
"""

from __future__ import annotations

from typing import Any

from _pue_records import pue_record

from carbonfactors.dataset import Dataset
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import pue_screens

SOURCES = [
    {"id": "op", "priority": 50, "license": "CC-BY-4.0"},
    {"id": "tool", "priority": 200, "license": "CC-BY-4.0"},
    {"id": "uptime", "priority": 100, "license": "CC-BY-4.0"},
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "sw", "name": "Scaleway-like", "type": "operator"},
    {"id": "sw:dc5", "name": "DC5", "type": "campus", "parent": "sw"},
    {"id": "sw:dc2", "name": "DC2", "type": "campus", "parent": "sw"},
]


def pue(subject: str, year: int, value: float, scope: str, **extra: Any) -> dict[str, Any]:
    source = {"survey": "uptime", "unstated": "tool"}.get(scope, "op")
    basis = "estimated" if scope in ("unstated", "fleet-annual") else "measured"
    return pue_record(subject, year, value, source=source, scope=scope, basis=basis, **extra)


SITES = [
    pue("industry", 2019, 1.67, "survey"),
    pue("industry", 2024, 1.56, "survey"),
    pue("sw:dc5", 2020, 1.15, "site"),
    pue("sw:dc2", 2020, 1.55, "site"),
]
FLEET = pue("sw", 2020, 1.35, "fleet-annual", low=1.15, high=1.55)


def snapshot(factors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"rules": RULES, "sources": SOURCES, "zones": [], "operators": OPERATORS,
            "factors": factors}  # fmt: skip


def unreached(factors: list[dict[str, Any]]) -> list[pue_screens.GridFlag]:
    return [f for f in pue_screens.flags(snapshot(factors)) if f.rule == pue_screens.UNREACHED]


def test_industry_standing_in_for_an_operator_whose_sites_publish_is_listed() -> None:
    found = unreached(SITES)
    assert [f.reason.split(" resolves")[0] for f in found] == ["sw 2019", "sw 2024"]
    assert found[0].problem
    assert found[0].reason == (
        "sw 2019 resolves to 1.67 [1.56..1.67] (industry), whose bounds leave out its own "
        "figures sw:dc2 1.55 (2020), sw:dc5 1.15 (2020)"
    )


def test_a_fleet_figure_whose_bounds_reach_its_sites_is_not_listed() -> None:
    assert unreached([*SITES, FLEET]) == []
    res = Dataset.from_snapshot(snapshot([*SITES, FLEET]), version="t").resolve_pue(
        None, 2018, "sw"
    )
    # Rules generation 12 (resolve.pue_notes): the 2020 figure carried back to 2018 has a
    # high bound reaching the industry average used for 2018 (the 2019 survey's 1.67).
    assert (res.factor.value, res.factor.low, res.factor.high) == (1.35, 1.15, 1.67)
    assert res.warnings[0].startswith("BACKFILLED: sw publishes no PUE in or before 2018")


def test_a_fleet_answer_that_misses_its_own_fleet_figure_is_listed() -> None:
    # A fleet figure of 2024 with its own narrow range: neither year's answer reaches the
    # other year's figure; a tool's copy (scope unstated, 1.9) is not an own figure.
    late = pue("sw", 2024, 1.1, "fleet-annual", low=1.05, high=1.12)
    found = unreached([*SITES, FLEET, late, pue("sw", 2023, 1.9, "unstated")])
    missed = {f.reason.split(" resolves")[0]: f.reason.split("figures ")[1] for f in found}
    assert missed == {"sw 2019": "sw 1.1 (2024)", "sw 2024": "sw 1.35 (2020)"}
