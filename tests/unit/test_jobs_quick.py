"""The dict batch's fast paths change no number and no error.

``parse_job`` accepts plain documents through ``jobs_quick.quick_job``, the dict batch
computes from ``jobs_quick.quick_state`` without building a ``Job``, and a result keeps
its job as a flat tuple (``job_types.job_state``); all are checked here against the
slow path on a varied mix of documents, bad ones included: the fast parse accepts only
what the full parse accepts and builds the very same ``Job`` (types included), and a batch
gives, job by job, what single ``footprint()`` calls give (the same result document, or
the same error type, field and message).
"""

from __future__ import annotations

import gc
import math
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carbonfactors as cf
from carbonfactors import Dataset
from carbonfactors.engine import Planner, plans_key, state_plans_key
from carbonfactors.job_types import Job, job_from_state, job_state
from carbonfactors.jobs import parse_document, parse_job
from carbonfactors.jobs_quick import quick_job, quick_state
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
DS = Dataset.from_snapshot(validate_tree(FIXTURE).snapshot)

MODELS = ["nvidia-a100-sxm4-80gb", "aws:m5.xlarge", "aws:p4d.24xlarge", "no-such-gpu", " ", ""]
LOCATIONS = ["FR", "BE", "US", "US-MIDA-PJM", "gcp:europe-west1", "aws:us-east-1", "XX", ""]

# Values that are good for some keys and bad for others: types the parser must refuse
# (booleans for numbers, strings, lists), edges (0, 1, negatives), NaN and infinities.
odd = st.sampled_from(
    [None, True, False, 0, 1, -1, 0.0, -0.5, 1.5, math.nan, math.inf, "1", [], {}, 2**60]
)
number = st.one_of(
    st.floats(0.0, 2.0), st.floats(0.01, 1e5), st.integers(0, 5000), st.floats(-10, 10), odd
)
item = st.fixed_dictionaries(
    {},
    optional={
        "model": st.one_of(st.sampled_from(MODELS), odd),
        "count": st.one_of(st.integers(1, 64), st.just(2.0), st.just(1.5), odd),
        "utilization": st.one_of(st.floats(0.0, 1.0), number),
        "power_w": number,
        "embodied_kgco2e": number,
        "lifetime_years": number,
        "in_use_share": number,
        "colour": st.just("blue"),
    },
)
job = st.fixed_dictionaries(
    {},
    optional={
        "hardware": st.one_of(st.lists(item, max_size=3), odd),
        "hours": st.one_of(st.floats(0.01, 1e5), number),
        "energy_kwh": number,
        "energy_basis": st.sampled_from(["it", "facility", "grid", None, 1]),
        "location": st.one_of(st.sampled_from(LOCATIONS), odd),
        "year": st.one_of(st.sampled_from([2019, 2022, 2023, 2024]), number),
        "basis": st.sampled_from(["lifecycle", "direct", "market", None, 1]),
        "pue": st.one_of(st.floats(1.0, 3.0), st.sampled_from(["aws", " ", "no-such-op"]), number),
        "grid_intensity": number,
        "include_embodied": st.one_of(st.booleans(), odd),
        "functional_units": number,
        "ownership": st.sampled_from(["cloud", "owned", "rented"]),
        "start": st.sampled_from(["2024-01-01T00:00:00Z", "nonsense"]),
        "end": st.sampled_from(["2024-01-01T06:00:00Z"]),
        "market": st.just({"supplier_factor": 100.0}),
    },
)
# Most documents of a real batch are plain and valid: weight them in.
plain = st.fixed_dictionaries(
    {
        "hardware": st.lists(
            st.fixed_dictionaries(
                {"model": st.sampled_from(MODELS[:3]), "count": st.integers(1, 16)},
                optional={"utilization": st.floats(0.0, 1.0)},
            ),
            min_size=1,
            max_size=2,
        ),
        "hours": st.one_of(st.floats(0.01, 1e4), st.integers(1, 100)),
        "location": st.sampled_from(LOCATIONS[:7]),
    },
    optional={"year": st.sampled_from([2019, 2022, 2023]), "include_embodied": st.booleans()},
)
documents = st.one_of(plain, job)


def exact(job: Job) -> list[tuple[str, str]]:
    """Every field with its type: ``1 == 1.0``, but a job must not change its types."""
    out = []
    for key, val in job.__dict__.items():
        if key == "hardware":
            out.extend((type(v).__name__, repr(v)) for h in val for v in h.__dict__.values())
        out.append((type(val).__name__, repr(val)))
    return out


def outcome(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except cf.CarbonFactorsError as exc:
        return (type(exc).__name__, exc.field, str(exc))


@settings(max_examples=600, deadline=None)
@given(documents)
def test_quick_parse_accepts_only_what_the_full_parse_accepts(doc: dict[str, Any]) -> None:
    full = outcome(parse_document, doc)
    quick = quick_job(doc)
    if quick is not None:
        assert isinstance(full, Job), (doc, full)
        assert exact(quick) == exact(full)
        assert quick == full
    assert outcome(parse_job, doc) == full if not isinstance(full, Job) else True
    if isinstance(full, Job):
        assert exact(parse_job(doc)) == exact(full)
        # The job a result keeps is the same job again, types included.
        assert exact(job_from_state(job_state(full))) == exact(full)
    # The state the dict batch computes from (no Job built) is the one the full parse's
    # job gives, value by value and type by type.
    state = quick_state(doc)
    assert (state is None) == (quick is None)
    if state is not None:
        assert isinstance(full, Job)
        assert [(type(v), repr(v)) for v in state] == [(type(v), repr(v)) for v in job_state(full)]
        # ... and it finds the plans a single call memoized under the same key.
        if full.hardware:
            assert state_plans_key(state) == plans_key(full)


def single(doc: Any) -> Any:
    try:
        return cf.footprint(doc, dataset=DS).to_dict()
    except cf.CarbonFactorsError as exc:
        return (type(exc).__name__, exc.field, str(exc))


def full(doc: Any) -> Any:
    """The path with every rule and a ``Job``: the full parser, then ``Planner.footprint``
    (what a document the quick paths refuse takes; ``footprint()`` and the batch compute
    plain documents from their state instead)."""
    try:
        return Planner.of(DS).footprint(parse_document(doc)).to_dict()
    except cf.CarbonFactorsError as exc:
        return (type(exc).__name__, exc.field, str(exc))


def batched(r: Any) -> Any:
    if r.ok:
        return r.to_dict()
    return (type(r.error).__name__, r.error.field, str(r.error))


@settings(max_examples=120, deadline=None)
@given(st.lists(documents, min_size=1, max_size=25))
def test_batch_equals_single_calls_on_a_mixed_batch(docs: list[dict[str, Any]]) -> None:
    """Good and bad documents mixed, and a bad one twice (its memoized error is re-raised)."""
    docs = [*docs, docs[0]]
    for doc, r in zip(docs, cf.footprints(docs, dataset=DS), strict=True):
        assert batched(r) == single(doc) == full(doc)


def test_a_result_is_one_object_to_the_collector() -> None:
    """The numbers and the job a result keeps are flat tuples the collector lets go of."""
    r = cf.footprint(
        {
            "hardware": [{"model": "aws:m5.xlarge", "count": 2, "utilization": 0.5}],
            "hours": 10.0,
            "location": "FR",
        },
        dataset=DS,
    )
    gc.collect()
    assert not gc.is_tracked(r._numbers)
    assert not gc.is_tracked(r._job)
    assert r.job == parse_job(r.job.to_dict())
    assert r.low_values[4] <= r.total_kgco2e <= r.high_values[4]
    again = pickle.loads(pickle.dumps(r))
    assert again.to_dict() == r.to_dict()
    with pytest.raises(AttributeError):
        r.total_kgco2e = 0.0  # type: ignore[misc]


def test_a_memoized_error_does_not_keep_its_batch_alive() -> None:
    """The planner memoizes a refused site; its traceback's frames held the whole batch."""
    ds = Dataset.from_snapshot(validate_tree(FIXTURE).snapshot)
    docs = [{"hardware": [{"model": "aws:m5.xlarge"}], "hours": 1.0, "location": "XX"}]
    docs += [{"hardware": [{"model": "aws:m5.xlarge"}], "hours": 1.0, "location": "FR"}] * 50
    out = cf.footprints(docs, dataset=ds)
    assert not out[0].ok
    canary = out[1]
    import weakref

    ref = weakref.ref(canary)
    del out, canary
    gc.collect()
    assert ref() is None


def test_replace_revalidates_through_the_full_parser() -> None:
    job = parse_job({"energy_kwh": 10, "location": "FR", "year": 2024})
    assert job.replace(year=2023).year == 2023
    with pytest.raises(cf.InvalidInput) as err:
        job.replace(energy_kwh=-1)
    assert err.value.field == "energy_kwh"
