"""Invariants of the footprint model, checked with hypothesis on the fixture dataset."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import carbonfactors as cf
from carbonfactors import Dataset
from carbonfactors.engine import NUMBERS
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
DS = Dataset.from_snapshot(validate_tree(FIXTURE).snapshot)

MODELS = ["nvidia-a100-sxm4-80gb", "aws:m5.xlarge", "aws:p4d.24xlarge"]
LOCATIONS = ["FR", "BE", "US", "US-MIDA-PJM", "gcp:europe-west1", "aws:us-east-1", "aws:eu-west-3"]

utilization = st.floats(0.0, 1.0, allow_nan=False)
hours = st.floats(0.01, 1e5, allow_nan=False)
item = st.fixed_dictionaries(
    {"model": st.sampled_from(MODELS), "count": st.integers(1, 64)},
    optional={"utilization": utilization},
)
job = st.fixed_dictionaries(
    {
        "hardware": st.lists(item, min_size=1, max_size=3),
        "hours": hours,
        "location": st.sampled_from(LOCATIONS),
        "year": st.sampled_from([2022, 2023, 2024]),
    },
    optional={
        "include_embodied": st.booleans(),
        "pue": st.floats(1.0, 3.0),
        "functional_units": st.floats(1.0, 1e6),
    },
)


def fp(doc: dict[str, Any]) -> cf.Footprint:
    return cf.footprint(doc, dataset=DS)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=150, deadline=None)
@given(job)
def test_low_le_value_le_high(doc: dict[str, Any]) -> None:
    r = fp(doc)
    for k, lo, hi in zip(NUMBERS, r.low_values, r.high_values, strict=True):
        v = getattr(r, k)
        assert lo <= v * (1 + 1e-12) and v <= hi * (1 + 1e-12), (k, lo, v, hi)
        assert v >= 0.0
    if r.sci is not None:
        assert r.sci["low"] <= r.sci["value"] * (1 + 1e-12)
        assert r.sci["value"] <= r.sci["high"] * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(job, st.integers(2, 50))
def test_linear_in_count(doc: dict[str, Any], k: int) -> None:
    scaled = dict(doc, hardware=[dict(h, count=h["count"] * k) for h in doc["hardware"]])
    a, b = fp(doc), fp(scaled)
    for name in NUMBERS:
        assert close(getattr(b, name), k * getattr(a, name)), name


@settings(max_examples=100, deadline=None)
@given(job, st.floats(0.1, 100.0))
def test_linear_in_hours(doc: dict[str, Any], k: float) -> None:
    a, b = fp(doc), fp(dict(doc, hours=doc["hours"] * k))
    for name in NUMBERS:
        assert close(getattr(b, name), k * getattr(a, name)), name


@settings(max_examples=100, deadline=None)
@given(job, st.data())
def test_monotone_in_utilization(doc: dict[str, Any], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(doc["hardware"]) - 1))
    u1, u2 = sorted(data.draw(st.tuples(utilization, utilization)))
    lo_doc = dict(
        doc,
        hardware=[dict(h, utilization=u1) if j == i else h for j, h in enumerate(doc["hardware"])],
    )
    hi_doc = dict(
        doc,
        hardware=[dict(h, utilization=u2) if j == i else h for j, h in enumerate(doc["hardware"])],
    )
    a, b = fp(lo_doc), fp(hi_doc)
    for name in NUMBERS:
        assert getattr(a, name) <= getattr(b, name) * (1 + 1e-12), name


@settings(max_examples=100, deadline=None)
@given(job, st.floats(1.0, 3.0), st.floats(1.0, 3.0))
def test_monotone_in_pue(doc: dict[str, Any], p1: float, p2: float) -> None:
    p1, p2 = sorted((p1, p2))
    a, b = fp(dict(doc, pue=p1)), fp(dict(doc, pue=p2))
    assert a.energy_kwh == b.energy_kwh
    assert a.operational_kgco2e <= b.operational_kgco2e
    assert a.total_kgco2e <= b.total_kgco2e


@settings(max_examples=100, deadline=None)
@given(job, st.floats(0.0, 2000.0), st.floats(0.0, 2000.0))
def test_monotone_in_intensity(doc: dict[str, Any], i1: float, i2: float) -> None:
    i1, i2 = sorted((i1, i2))
    a, b = fp(dict(doc, grid_intensity=i1)), fp(dict(doc, grid_intensity=i2))
    assert a.operational_kgco2e <= b.operational_kgco2e
    assert a.total_kgco2e <= b.total_kgco2e
    assert a.embodied_kgco2e == b.embodied_kgco2e


@settings(max_examples=100, deadline=None)
@given(job)
def test_embodied_zero_when_excluded(doc: dict[str, Any]) -> None:
    off = fp(dict(doc, include_embodied=False))
    on = fp(dict(doc, include_embodied=True))
    assert off.embodied_kgco2e == off.low_values[3] == off.high_values[3] == 0.0
    assert off.total_kgco2e == off.operational_kgco2e
    assert on.operational_kgco2e == off.operational_kgco2e
    assert on.embodied_kgco2e > 0.0


@settings(max_examples=50, deadline=None)
@given(st.lists(job, min_size=1, max_size=20))
def test_batch_equals_single_calls(docs: list[dict[str, Any]]) -> None:
    batch = cf.footprints(docs, dataset=DS)
    for doc, r in zip(docs, batch, strict=True):
        assert r.ok
        assert r.to_dict() == fp(doc).to_dict()
