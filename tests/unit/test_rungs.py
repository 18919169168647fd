"""The default-embodied rule shared by the engine and the instance importer."""

from __future__ import annotations

import pytest

from carbonfactors.dataset import Factor
from carbonfactors.rungs import default_embodied, rung_rank, weakest_rung


def _f(fid: str, value: float, source: str, rung: str | None, year: int = 2024) -> Factor:
    return Factor(
        fid, "embodied", "x", year, value, "kgCO2e", "manufacturing", None, None, source, rung=rung
    )


PRIO = {"good": 10, "bad": 200}.__getitem__


def test_rung_beats_priority_and_lower_bound_is_never_chosen() -> None:
    die = _f("die", 20, "good", "lower-bound")
    model = _f("model", 500, "bad", "component-model")
    assert default_embodied([die, model], PRIO) is model
    assert default_embodied([die], PRIO) is None


def test_absent_rung_sits_between_component_model_and_category_default() -> None:
    unknown = _f("unknown", 300, "good", None)
    cat = _f("cat", 900, "good", "category-default")
    comp = _f("comp", 500, "bad", "component-model")
    assert default_embodied([cat, unknown], PRIO) is unknown
    assert default_embodied([unknown, comp], PRIO) is comp
    assert rung_rank("component-model") < rung_rank(None) < rung_rank("category-default")


def test_priority_then_latest_year_break_ties() -> None:
    a = _f("a", 1, "bad", "product-lca")
    b = _f("b", 2, "good", "product-lca", 2020)
    c = _f("c", 3, "good", "product-lca", 2023)
    assert default_embodied([a, b, c], PRIO) is c


def test_weakest_rung_of_a_sum() -> None:
    assert weakest_rung(["product-lca", "component-model"]) == "component-model"
    assert weakest_rung(["product-lca", None]) is None
    assert weakest_rung([None, "category-default"]) == "category-default"
    with pytest.raises(ValueError):
        rung_rank("lower-bound")
