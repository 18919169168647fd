"""Time weighting in the frame engine equals the per-job engine's, row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import carbonfactors as cf
from carbonfactors import Dataset, frame


def test_frame_equals_per_job_engine(series_ds: Dataset) -> None:
    rows = [
        # inside the June day, partial slots, the October gap, outside the series, FR, explicit grid
        ("GB", "direct", "2023-06-07T01:00:00Z", "2023-06-07T03:00:00Z", None),
        ("GB", "direct", "2023-06-07T01:15:00Z", "2023-06-07T07:45:00Z", None),
        ("gcp:europe-west2", "direct", "2023-10-20T21:00:00Z", "2023-10-20T23:00:00Z", None),
        ("GB", "direct", "2024-06-07T01:00:00Z", "2024-06-07T03:00:00Z", None),
        ("FR", "lifecycle", "2023-06-07T01:00:00Z", "2023-06-07T03:00:00Z", None),
        ("GB", "lifecycle", "2023-06-07T01:00:00Z", "2023-06-07T03:00:00Z", None),
        ("GB", "direct", "2023-06-07T09:00:00+01:00", "2023-06-07T11:00:00+01:00", None),
        ("GB", "direct", "2023-06-07T01:00:00Z", "2023-06-07T03:00:00Z", 100.0),
    ]
    df = pd.DataFrame(
        {
            "power_w": 10_000.0,
            "location": [r[0] for r in rows],
            "basis": [r[1] for r in rows],
            "start": [r[2] for r in rows],
            "end": [r[3] for r in rows],
            "grid_intensity": [np.nan if r[4] is None else r[4] for r in rows],
            "pue": 1.1,
            "include_embodied": False,
        }
    )
    out = frame.footprints(df, dataset=series_ds)
    assert out["error"].isna().all(), out["error"].tolist()
    for i, (loc, basis, start, end, grid) in enumerate(rows):
        job = {
            "hardware": [{"power_w": 10_000.0}],
            "location": loc,
            "basis": basis,
            "start": start,
            "end": end,
            "pue": 1.1,
            "include_embodied": False,
        }
        if grid is not None:
            job["grid_intensity"] = grid
        fp = cf.footprint(job, dataset=series_ds)
        assert out["operational_kgco2e"][i] == pytest.approx(fp.operational_kgco2e, rel=1e-9), i
        assert out["operational_kgco2e_low"][i] == pytest.approx(fp.low_values[2], rel=1e-9), i
        expected_res = "annual" if grid is not None else fp.temporal_resolution
        assert out["temporal_resolution"][i] == expected_res, i
        t = fp.site.temporal
        assert out["covered_energy_share"][i] == pytest.approx(
            0.0 if grid is not None else t.covered_share
        )


def test_frame_errors_name_the_column(series_ds: Dataset) -> None:
    df = pd.DataFrame(
        {
            "power_w": [1000.0, 1000.0, 1000.0, 1000.0],
            "location": "GB",
            "basis": "direct",
            "hours": [np.nan, np.nan, 5.0, 1.0],
            "start": [
                "2023-06-07T01:00:00",
                "2023-06-07T01:00:00Z",
                "2023-06-07T01:00:00Z",
                "2023-06-07T01:00:00Z",
            ],
            "end": [
                "2023-06-07T03:00:00Z",
                "2023-06-07T03:00:00Z",
                "2023-06-07T03:00:00Z",
                "2023-06-07T02:00:00Z",
            ],
            "market": [None, '{"supplier_factor": 1}', None, None],
            "include_embodied": False,
            "pue": 1.0,
        }
    )
    out = frame.footprints(df, dataset=series_ds)
    errors = out["error"].tolist()
    assert errors[0].startswith("hours") or errors[0].startswith("start")
    assert errors[1].startswith("market: not supported in frames")
    assert errors[2].startswith("hours: disagrees")
    assert errors[3] is None


def test_codecarbon_rows_with_a_time_zone_are_weighted(series_ds: Dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from carbonfactors.readers import read_log

    log = tmp_path / "emissions.csv"
    log.write_text(
        "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_iso_code,on_cloud\n"
        "2023-06-07T03:00:00,bert,r1,7200,0.5,20.0,GBR,N\n"
    )
    rows = read_log("codecarbon", log, tz="UTC")
    assert (rows["start"][0], rows["end"][0]) == ("2023-06-07T01:00:00Z", "2023-06-07T03:00:00Z")
    rows["location"] = "GB"  # the fixture zone has no ISO3 alias
    rows["basis"] = "direct"
    rows["pue"] = 1.0
    out = frame.footprints(rows, dataset=series_ds)
    job = {
        "energy_kwh": 20.0,
        "location": "GB",
        "basis": "direct",
        "pue": 1.0,
        "start": "2023-06-07T01:00:00Z",
        "end": "2023-06-07T03:00:00Z",
    }
    assert out["operational_kgco2e"][0] == pytest.approx(
        cf.footprint(job, dataset=series_ds).operational_kgco2e
    )
    assert out["temporal_resolution"][0] == "PT30M"
    # Without a zone, naive timestamps are not guessed: no start/end, annual factor.
    assert "start" not in read_log("codecarbon", log).columns
