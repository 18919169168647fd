"""Rules generation 12, ``isolated_since`` (w15 sub-national pass; audit 1796613359 a-O3).

Kaliningrad ran synchronously with Russia's grid through the BRELL ring until the Baltic
states left it on 8 February 2025; since then it is an island on its own gas plants. Russia's
value stands for it, as a coarser figure, before 2025 and is refused from 2025 on. A snapshot
without the record (every older one) answers as before, and the screen
``grid-parent-after-islanding`` flags its 2025 answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_link_screens

SOURCES = [{"id": "ember", "priority": 10, "license": "CC-BY-4.0"}]
RU = {"id": "RU", "name": "Russia", "type": "country"}
KGD = {"id": "RU-KGD", "name": "Kaliningrad", "type": "subnational", "parent": "RU"}
ISLANDED = {**KGD, "isolated": "islanded since February 2025", "isolated_since": 2025}
FACTORS = [gi("RU", 2024, 445.98, "ember"), gi("RU", 2025, 449.73, "ember")]
FACTS = {"RU-KGD": (2025, "islanded since February 2025")}


def snapshot(kgd: dict[str, Any], rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": [RU, kgd], "factors": list(FACTORS)}


def ds(kgd: dict[str, Any], rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(snapshot(kgd, rules), version="t")


def test_parent_stands_before_the_islanding_and_is_refused_from_it() -> None:
    assert ds(ISLANDED).resolve_grid("RU-KGD", 2024).factor.value == 445.98
    with pytest.raises(FactorNotFound, match="islanded since February 2025"):
        ds(ISLANDED).resolve_grid("RU-KGD", 2025)
    assert grid_link_screens.islanded_flags(snapshot(ISLANDED), FACTS) == []


def test_a_zone_isolated_without_a_year_is_refused_every_year_as_before() -> None:
    always = {k: v for k, v in ISLANDED.items() if k != "isolated_since"}
    with pytest.raises(FactorNotFound):
        ds(always).resolve_grid("RU-KGD", 2024)


def test_older_snapshots_answer_as_before_and_the_screen_flags_the_island_year() -> None:
    for rules in (11, RULES):
        assert ds(KGD, rules).resolve_grid("RU-KGD", 2025).factor.value == 449.73
    # generation 11 reads ``isolated`` alone: a record with a year is refused every year
    with pytest.raises(FactorNotFound):
        ds(ISLANDED, 11).resolve_grid("RU-KGD", 2024)
    (flag,) = grid_link_screens.islanded_flags(snapshot(KGD), FACTS)
    assert flag.rule == grid_link_screens.ISLANDED
    assert flag.reason.startswith("RU-KGD 2025 answered with RU's value")
