"""The Dask path equals the pandas path, line by line, group by group, in the summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbonfactors.dataset import Dataset
from carbonfactors.readers.bills import footprint_bill
from carbonfactors.readers.bills.dask import footprint_bill_dask

from .samples import FOCUS_COLUMNS, FOCUS_TOTAL, focus_rows, rounded, write_csv

pytest.importorskip("dask")


def _compare(a: pd.DataFrame, b: pd.DataFrame) -> None:
    key = ["account", "service", "sku", "description", "quantity", "month", "cost"]
    # plain first: Parquet hands text back as categoricals, which sort by category order
    a = _plain(a.drop(columns=["line"])).sort_values(key, na_position="first")
    b = _plain(b.drop(columns=["line"])).sort_values(key, na_position="first")
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as objects with None for null (Parquet reads them back as str + NaN)."""
    out = df.copy()
    for c in out.columns:
        if not pd.api.types.is_float_dtype(out[c]):
            out[c] = pd.Series(
                [None if v is None or v != v else v for v in out[c].tolist()], dtype=object
            )
    return out


def test_dask_equals_pandas_on_partitioned_parquet(tmp_path: Path, tiny: Dataset) -> None:
    rows = focus_rows() * 5
    src = write_csv(tmp_path / "focus.csv", rows, FOCUS_COLUMNS)
    folder = tmp_path / "in"
    folder.mkdir()
    raw = pd.read_csv(src, dtype=str, keep_default_na=False)
    for i in range(0, len(raw), 13):
        raw.iloc[i : i + 13].to_parquet(folder / f"p{i:03d}.parquet", index=False)
    pandas = footprint_bill(src, "focus", dataset=tiny)
    dask = footprint_bill_dask(folder, "focus", out=tmp_path / "out", dataset=tiny)
    assert len(list((tmp_path / "out").glob("*.parquet"))) == 5
    lines = pd.read_parquet(tmp_path / "out")
    _compare(pandas.lines, lines)
    assert rounded(dask.summary) == rounded(pandas.summary)
    for name in pandas.groups:
        pd.testing.assert_frame_equal(
            rounded_frame(pandas.groups[name]), rounded_frame(dask.groups[name]), check_dtype=False
        )
    assert dask.summary["total_kgco2e"] == pytest.approx(5 * FOCUS_TOTAL)


def test_dask_csv_in_blocks(tmp_path: Path, tiny: Dataset) -> None:
    src = write_csv(tmp_path / "focus.csv", focus_rows() * 40, FOCUS_COLUMNS)
    pandas = footprint_bill(src, "focus", dataset=tiny)
    dask = footprint_bill_dask(src, "focus", out=tmp_path / "out", dataset=tiny, blocksize=4000)
    assert len(list((tmp_path / "out").glob("*.parquet"))) > 1
    _compare(pandas.lines, pd.read_parquet(tmp_path / "out"))
    assert rounded(dask.summary) == rounded(pandas.summary)


def rounded_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].map(lambda v: float(f"{v:.9g}"))
    return out.reset_index(drop=True)
