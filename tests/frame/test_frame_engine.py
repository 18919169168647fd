"""The frame kernel equals the per-job engine, row errors do not stop a batch."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carbonfactors as cf
from carbonfactors import frame
from carbonfactors.errors import CarbonFactorsError

MODELS = [
    "nvidia-h100-sxm5-80gb",
    "A100 80GB",
    "nvidia-tesla-v100-sxm2-16gb",
    "dell-poweredge-c6420",
    "aws:p4d.24xlarge",
    "intel-xeon-platinum-8380",  # no embodied factor: an error row unless excluded
    "no-such-gpu",
]
LOCATIONS = ["FR", "DE", "US", "aws:us-east-1", "gcp:europe-west1", "azure:westeurope", "Atlantis"]

line = st.fixed_dictionaries(
    {"model": st.sampled_from(MODELS), "count": st.integers(1, 16)},
    optional={
        "utilization": st.floats(0, 1),
        "power_w": st.floats(1, 2000),
        "embodied_kgco2e": st.floats(0, 5000),
        "lifetime_years": st.floats(0.5, 10),
    },
)
job = st.fixed_dictionaries(
    {"hardware": st.lists(line, min_size=1, max_size=3), "hours": st.floats(0.01, 1e4)},
    optional={
        "location": st.sampled_from(LOCATIONS),
        "year": st.integers(2010, 2026),
        "pue": st.one_of(st.floats(1.0, 2.0), st.sampled_from(["google", "aws", "industry"])),
        "grid_intensity": st.floats(0, 1000),
        "include_embodied": st.booleans(),
        "basis": st.sampled_from(["lifecycle", "direct"]),
    },
)


def long_form(jobs: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for j, doc in enumerate(jobs):
        for item in doc["hardware"]:
            rows.append({"job": j, **{k: v for k, v in doc.items() if k != "hardware"}, **item})
    return pd.DataFrame(rows)


def expected(doc: dict[str, Any]) -> float | str:
    try:
        return cf.footprint(doc).total_kgco2e
    except CarbonFactorsError as exc:
        return exc.type


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(job, min_size=1, max_size=8))
def test_frame_equals_the_per_job_engine(jobs: list[dict[str, Any]]) -> None:
    out = frame.footprints(long_form(jobs))
    for j, doc in enumerate(jobs):
        rows = out[out["job"] == j]
        want = expected(doc)
        if isinstance(want, str):
            # The per-job engine stops at the first problem; the frame marks that line (and
            # lines with their own problems). At least one row carries an error.
            assert rows["error_type"].notna().any(), (doc, rows["error"].tolist())
        else:
            assert rows["error_type"].isna().all(), rows["error"].tolist()
            assert math.isclose(rows["total_kgco2e"].sum(), want, rel_tol=1e-9, abs_tol=1e-12)


def test_bounds_and_factor_ids_match_the_engine() -> None:
    doc = {"hardware": [{"model": "A100 80GB", "count": 8}], "hours": 24, "location": "FR"}
    fp = cf.footprint(doc)
    out = frame.footprints(long_form([doc])).iloc[0]
    assert out["total_kgco2e_low"] == pytest.approx(fp.low["total_kgco2e"])
    assert out["total_kgco2e_high"] == pytest.approx(fp.high["total_kgco2e"])
    used = {u.role: u.id for u in fp.factors}
    assert out["grid_factor"] == used["grid_intensity"]
    assert out["pue_factor"] == used["pue"]
    assert out["embodied_factor"] == used["hardware[0].embodied"]
    assert out["dataset_version"] == fp.dataset_version


def test_bad_rows_get_an_error_naming_field_and_type() -> None:
    df = pd.DataFrame(
        [
            {"model": "H100", "count": 1, "hours": 10, "location": "FR"},
            {"model": "H100", "count": 1, "hours": "ten", "location": "FR"},
            {"model": "H100", "count": 1, "hours": 10, "location": "FR", "utilization": 1.5},
            {"model": "H100", "count": 1, "hours": 10, "location": "Atlantis"},
            {"model": "Z9000", "count": 1, "hours": 10, "location": "FR"},
            {"model": "H100", "count": 1, "hours": float("inf"), "location": "FR"},
            {"model": "H100", "count": 0, "hours": 10, "location": "FR"},
            {"count": 1, "hours": 10, "location": "FR"},
        ]
    )
    out = frame.footprints(df)
    assert out["error"].tolist() == [
        None,
        "hours: must be a number, not 'ten'",
        "utilization: must be between 0 and 1 (got 1.5)",
        "location: unknown location 'Atlantis': not a zone, cloud region or alias in dataset "
        + cf.load_dataset().version,
        f"model: 'Z9000' names no model in the catalog (dataset {cf.load_dataset().version})",
        "hours: must be a finite number (got NaN or infinity)",
        "count: must be > 0 (got 0)",
        "model: required unless power_w or energy_kwh is given",
    ]
    assert out["error_type"].tolist() == [
        None,
        "invalid-input",
        "invalid-input",
        "zone-not-found",
        "hardware-not-found",
        "invalid-input",
        "invalid-input",
        "invalid-input",
    ]
    assert out["total_kgco2e"].notna().tolist() == [True] + [False] * 7


def test_input_columns_pass_through_and_energy_is_filled() -> None:
    df = pd.DataFrame(
        [
            {"JobID": "a", "model": "H100", "hours": 2, "location": "FR"},
            {"JobID": "b", "energy_kwh": 5.0, "location": "FR", "include_embodied": False},
        ]
    )
    out = frame.footprints(df, include=())
    assert out["JobID"].tolist() == ["a", "b"]
    assert out["energy_kwh"].iloc[1] == 5.0
    assert out["energy_kwh"].iloc[0] > 0
    assert "grid_factor" not in out.columns and "total_kgco2e_low" not in out.columns
    with pytest.raises(CarbonFactorsError, match="include"):
        frame.footprints(df, include=("everything",))


def test_totals_by_job_sum_the_lines() -> None:
    jobs = [
        {
            "hardware": [
                {"model": "H100", "count": 8},
                {"model": "aws:m5.xlarge", "count": 1},
            ],
            "hours": 10,
            "location": "DE",
        },
    ]
    out = frame.totals(frame.footprints(long_form(jobs)))
    assert out["total_kgco2e"].iloc[0] == pytest.approx(cf.footprint(jobs[0]).total_kgco2e)


def test_energy_problems_are_reported_once_at_their_place() -> None:
    df = pd.DataFrame(
        [
            {"energy_kwh": "lots", "location": "FR", "include_embodied": False},
            {"energy_kwh": -1.0, "location": "FR", "include_embodied": False},
            {"energy_kwh": 2.0, "location": "FR", "include_embodied": False},
        ]
    )
    out = frame.footprints(df)
    assert out["error"].tolist() == [
        "energy_kwh: must be a number, not 'lots'",
        "energy_kwh: must be > 0 (got -1)",
        None,
    ]


def test_energy_basis_facility_equals_the_engine() -> None:
    """Issue 20 class 1: a facility energy takes no second PUE, in frames as in the engine."""
    docs = [
        {"energy_kwh": 1000.0, "energy_basis": "facility", "location": "FR", "year": 2023},
        {"energy_kwh": 1000.0, "energy_basis": "it", "location": "FR", "year": 2023},
        {"energy_kwh": 1000.0, "location": "aws:us-east-1", "pue": 1.2},
        {"energy_kwh": 500.0, "energy_basis": "facility", "grid_intensity": 300.0, "pue": 1.25},
    ]
    out = frame.footprints(pd.DataFrame(docs), include=("bounds",))
    for i, doc in enumerate(docs):
        fp = cf.footprint({**doc, "include_embodied": False})
        row = out.iloc[i]
        assert row["error"] is None or pd.isna(row["error"]), row["error"]
        assert row["facility_energy_kwh"] == pytest.approx(fp.facility_energy_kwh)
        assert row["energy_kwh"] == pytest.approx(fp.energy_kwh)
        assert row["total_kgco2e"] == pytest.approx(fp.total_kgco2e)
        assert row["total_kgco2e_low"] == pytest.approx(fp.low["total_kgco2e"])
    assert out.iloc[3]["facility_energy_kwh"] == 500.0 and out.iloc[3]["energy_kwh"] == 400.0
    bad = frame.footprints(
        pd.DataFrame([{"energy_kwh": 1.0, "energy_basis": "wall", "grid_intensity": 1.0}])
    )
    assert bad["error"].tolist() == ["energy_basis: must be one of it, facility"]


def test_measured_low_end_without_utilization_equals_the_engine() -> None:
    """Issue 20 class 8: without utilization the measured median draw is the low end."""
    from carbonfactors.dataset import Dataset

    def power(value: float, basis: str) -> dict[str, Any]:
        return {
            "id": f"power:gpu-x:2024:s:{basis}",
            "kind": "power",
            "subject": "gpu-x",
            "year": 2024,
            "value": value,
            "unit": "W",
            "basis": basis,
            "source": "s",
        }

    ds = Dataset.from_snapshot(
        {
            "sources": [{"id": "s"}],
            "zones": [{"id": "FR", "name": "France", "type": "country"}],
            "operators": [],
            "hardware": [{"id": "gpu-x", "name": "GPU X", "category": "gpu", "vendor": "v"}],
            "factors": [power(700.0, "tdp"), power(496.3, "typical")],
        },
        version="t",
    )
    docs = [
        {"hardware": [{"model": "gpu-x", "count": 8}], "hours": 100, "grid_intensity": 50.0},
        {
            "hardware": [{"model": "gpu-x", "count": 8, "utilization": 0.5}],
            "hours": 100,
            "grid_intensity": 50.0,
        },
    ]
    docs = [{**d, "pue": 1.1, "include_embodied": False} for d in docs]
    out = frame.footprints(long_form(docs), dataset=ds, include=("bounds",))
    for i, doc in enumerate(docs):
        fp = cf.footprint(doc, dataset=ds)
        assert out.iloc[i]["total_kgco2e_low"] == pytest.approx(fp.low["total_kgco2e"])
        assert out.iloc[i]["total_kgco2e"] == pytest.approx(fp.total_kgco2e)
    assert out.iloc[0]["total_kgco2e_low"] < out.iloc[0]["total_kgco2e"]
    assert out.iloc[1]["total_kgco2e_low"] == pytest.approx(out.iloc[1]["total_kgco2e"])
