"""Dask over a LocalCluster with two worker processes equals the single-process frame."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonfactors import frame
from carbonfactors.dataset import Dataset

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


def jobs(n: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        rows.append(
            {
                "job": f"j{i}",
                "model": "gpu-x",
                "count": 1 + i % 4,
                "hours": 1 + i % 7,
                "location": "XX",
                "year": 2024,
                "utilization": (i % 10) / 10,
            }
        )
        if i % 3 == 0:
            rows.append(
                {
                    "job": f"j{i}",
                    "model": "cpu-y",
                    "count": 0.5,
                    "hours": 1 + i % 7,
                    "location": "XX",
                    "year": 2024,
                    "utilization": 0.5,
                }
            )
    rows.append({"job": "bad", "model": "nope", "hours": 1, "location": "XX", "year": 2024})
    return pd.DataFrame(rows)


@pytest.mark.slow
def test_two_worker_processes_give_the_single_process_result(tiny: Dataset) -> None:
    from carbonfactors.dask import footprints

    df = jobs(400)
    expected = frame.footprints(df, dataset=tiny).sort_values(["job", "model"])
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        ddf = dd.from_pandas(df, npartitions=6)
        got = footprints(ddf, dataset=tiny).compute().sort_values(["job", "model"])
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
    )
    assert got.loc[got["job"] == "bad", "error_type"].tolist() == ["hardware-not-found"]
