"""Dask over a LocalCluster with two worker processes equals the single-process frame, and
each worker process loads the dataset once (carbonfactors.dask.worker_dataset)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbonfactors import frame
from carbonfactors.dataset import Dataset

dask = pytest.importorskip("dask")
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


def _loads() -> int:
    import carbonfactors.dask

    return carbonfactors.dask.loads


def test_a_worker_process_loads_a_source_once(
    tiny_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carbonfactors import dask as cfdask

    source = cfdask.Source(path=str(tiny_file))
    before = cfdask.loads
    first = cfdask.worker_dataset(source)
    assert cfdask.worker_dataset(cfdask.Source(path=source.path)) is first  # equal key: a hit
    assert cfdask.loads == before + 1
    monkeypatch.chdir(tiny_file.parent)  # a relative path names the same file: the same key
    assert cfdask.worker_dataset(cfdask.Source(path=tiny_file.name)) is first
    assert cfdask.loads == before + 1


@pytest.mark.slow
def test_parquet_in_and_out_on_two_workers_each_loading_once(
    tmp_path: Path, tiny_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers read the partitioned input, load the dataset once each (the plugin, at
    start), compute and write one file per partition: the result equals one process's."""
    from carbonfactors import dask as cfdask

    source = cfdask.Source(path=str(tiny_file))
    df = jobs(300).drop(columns="job")
    src, dest = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i, part in enumerate(np.array_split(np.arange(len(df)), 6)):
        df.iloc[part].to_parquet(src / f"part.{i}.parquet", index=False)
    expected = frame.footprints(df, dataset=cfdask.worker_dataset(source))
    # An earlier cluster's nanny left distributed's default in this process's environment.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with (
        dask.config.set(cfdask.WORKER_SETTINGS),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        # distributed's default allocator setting is off in the workers, the rest kept.
        environ = client.run(
            lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"))
        )
        assert set(environ.values()) == {(None, "1")}
        cfdask.register(client, source)
        assert set(client.run(_loads).values()) == {1}  # loaded at start, by the plugin
        cfdask.footprints_parquet(src, dest, dataset=source)
        cfdask.footprints_parquet(src, tmp_path / "again", dataset=source)
        # Six partitions, twice, on two workers: still one load each.
        assert set(client.run(_loads).values()) == {1}
    assert len(list(dest.glob("*.parquet"))) == 6
    got = pd.read_parquet(dest)
    cols = ["model", "hours", "total_kgco2e", "operational_kgco2e", "embodied_kgco2e"]
    pd.testing.assert_frame_equal(
        got[cols].reset_index(drop=True), expected[cols].reset_index(drop=True), check_dtype=False
    )
    # Text columns come back from Parquet typed (missing as NaN rather than None).
    errors = got["error_type"].fillna("").tolist()
    assert errors == expected["error_type"].fillna("").tolist()
    assert errors.count("hardware-not-found") == 1
