"""The engine's embodied choice follows the rung hierarchy (factors/README.md, "Embodied rungs").

Synthetic test-only datasets (not data): each test builds the smallest snapshot that shows
one rule, so a broken rule fails one named test.
"""

from __future__ import annotations

from typing import Any

import pytest

import carbonfactors as cf
from carbonfactors import Dataset, FactorNotFound
from carbonfactors.dataset import Resolution


def _emb(
    subject: str,
    source: str,
    value: float,
    rung: str | None,
    *,
    year: int = 2022,
    low: float | None = None,
    high: float | None = None,
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": f"embodied:{subject}:{year}:{source}:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": year,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": source,
    }
    if rung is not None:
        rec["rung"] = rung
    if low is not None:
        rec["low"], rec["high"] = low, high
    return rec


def _ds(*factors: dict[str, Any]) -> Dataset:
    return Dataset.from_snapshot(
        {
            "sources": [
                {"id": "vendor", "priority": 50},
                {"id": "model", "priority": 10},
                {"id": "die", "priority": 1},
                {"id": "derived", "priority": 500},
            ],
            "zones": [],
            "operators": [],
            "technologies": [],
            "hardware": [
                {"id": "x", "name": "X", "category": "gpu", "vendor": "v"},
                {"id": "y", "name": "Y", "category": "gpu", "vendor": "v"},
            ],
            "factors": [
                *factors,
                {
                    "id": "lifetime:category:gpu:2020:model:service",
                    "kind": "lifetime",
                    "subject": "category:gpu",
                    "year": 2020,
                    "value": 5.0,
                    "unit": "years",
                    "basis": "service",
                    "source": "model",
                },
            ],
        }
    )


def _chosen(*factors: dict[str, Any]) -> Resolution:
    """The embodied resolution of model ``x`` in a dataset of ``factors``."""
    ds = _ds(*factors)
    res = ds.resolve_embodied(ds.hardware["x"])
    assert res is not None
    return res


def _fp(ds: Dataset, model: str = "x") -> cf.Footprint:
    job = {"model": model, "power_w": 100}
    return cf.footprint(hardware=[job], hours=8760, grid_intensity=0, pue=1.0, dataset=ds)


def test_best_rung_wins_over_source_priority_and_year() -> None:
    res = _chosen(
        _emb("x", "model", 300, "component-model", year=2024),
        _emb("x", "vendor", 160, "product-lca", year=2020),
    )
    assert res.factor.source == "vendor"
    assert any("also embodied:x:2024:model" in s for s in res.steps)


def test_within_a_rung_priority_then_latest_year() -> None:
    res = _chosen(
        _emb("x", "vendor", 160, "product-lca", year=2024),
        _emb("x", "model", 170, "product-lca", year=2020),
        _emb("x", "model", 180, "product-lca", year=2021),
    )
    assert res.factor.id == "embodied:x:2021:model:manufacturing"


def test_lower_bound_is_never_the_default_even_when_alone() -> None:
    res = _chosen(
        _emb("x", "die", 20, "lower-bound"),
        _emb("category:gpu", "derived", 164, "category-default", low=90, high=280),
    )
    assert res.factor.subject == "category:gpu"
    assert any("rung lower-bound: never a default" in s for s in res.steps)


def test_a_factor_naming_no_rung_ranks_after_component_model() -> None:
    res = _chosen(_emb("x", "die", 50, None), _emb("x", "derived", 90, "component-model"))
    assert res.factor.source == "derived"


def test_category_default_is_used_and_said_in_trail_notes_and_explain() -> None:
    ds = _ds(
        _emb("x", "vendor", 160, "product-lca"),
        _emb("category:gpu", "derived", 164, "category-default", low=90, high=280),
    )
    fp = _fp(ds, "y")
    used = next(f for f in fp.factors if f.role == "hardware[0].embodied")
    assert used.id == "embodied:category:gpu:2022:derived:manufacturing"
    assert used.resolution == "y → category default category:gpu"
    assert "NO EMBODIED VALUE OF ITS OWN → CATEGORY DEFAULT" in used.steps[0]
    assert any("CATEGORY DEFAULT for gpu" in n for n in fp.notes)
    assert "CATEGORY DEFAULT" in fp.explain()
    # The default's range reaches the footprint's bounds (1 year of a 5-year life).
    assert fp.embodied_kgco2e == pytest.approx(164 / 5)
    doc = fp.to_dict()
    assert doc["low"]["embodied_kgco2e"] == pytest.approx(90 / 5)
    assert doc["high"]["embodied_kgco2e"] == pytest.approx(280 / 5)
    # A model with its own value is not flagged.
    own = _fp(ds, "x")
    assert not any("CATEGORY DEFAULT" in n for n in own.notes)
    assert "CATEGORY DEFAULT" not in own.explain()


def test_no_own_value_and_no_category_default_is_an_error_naming_the_field() -> None:
    ds = _ds(_emb("x", "die", 20, "lower-bound"))
    with pytest.raises(FactorNotFound) as err:
        _fp(ds)
    assert err.value.field == "hardware[0].embodied_kgco2e"
    assert "category gpu" in str(err.value)
