"""Group sums kept as integer codes (``readers.bills.groups``): by hand, and independent of
how the lines are cut into chunks or partitions."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from carbonfactors.readers.bills.compute import SUMS
from carbonfactors.readers.bills.groups import IDS, Groups


def _lines() -> pd.DataFrame:
    rows: list[dict[str, Any]] = [
        # resource r1: two lines with other grid factors; r2: no embodied value at all;
        # a line without a resource id; an errored line that must not count
        {"resource_id": "r1", "grid_factor": "g:a", "total": 1.0, "embodied": 0.5},
        {"resource_id": "r1", "grid_factor": "g:b,g:a", "total": 2.0, "embodied": 0.25},
        {"resource_id": "r2", "grid_factor": "g:a", "total": 4.0, "embodied": None},
        {"resource_id": None, "grid_factor": None, "total": 8.0, "embodied": None},
        {
            "resource_id": "r1",
            "grid_factor": "g:z",
            "total": 100.0,
            "embodied": 1.0,
            "error": "bad",
        },
    ]
    out = []
    for r in rows:
        line: dict[str, Any] = dict.fromkeys(SUMS, 1.0)
        line.update(dict.fromkeys(IDS))
        line.update(
            provider="aws",
            account="1",
            project=None,
            service="EC2",
            location="aws:us-east-1",
            month="2024-09",
            dataset_version="v1",
            error=r.get("error"),
            resource_id=r["resource_id"],
            grid_factor=r["grid_factor"],
            total_kgco2e=r["total"],
            embodied_kgco2e=math.nan if r["embodied"] is None else r["embodied"],
        )
        out.append(line)
    return pd.DataFrame(out)


def _whole(frame: pd.DataFrame, names: tuple[str, ...]) -> dict[str, Any]:
    g = Groups(names)
    g.add(frame)
    return g.finish("open")


def test_groups_by_hand() -> None:
    t = _whole(_lines(), ("resource", "project"))["resource"].set_index("resource_id")
    assert t.loc["r1", "total_kgco2e"] == 3.0 and t.loc["r1", "lines"] == 2
    assert t.loc["r1", "embodied_kgco2e"] == 0.75
    assert math.isnan(t.loc["r2", "embodied_kgco2e"])  # no line had a value: NaN, not 0
    assert t.loc["r1", "grid_factor"] == "g:a,g:b"  # the union, split and sorted
    assert t.loc["(none)", "total_kgco2e"] == 8.0 and t.loc["(none)", "grid_factor"] is None
    assert list(t.index) == ["(none)", "r2", "r1"]  # by emissions, largest first
    assert set(t["bundle"]) == {"open"}
    assert "r1" not in set(t.loc[t["total_kgco2e"] > 50].index)  # the errored line


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_groups_do_not_depend_on_chunks_or_partitions(cut: int) -> None:
    lines = _lines()
    names = ("account", "resource", "region")
    whole = _whole(lines, names)
    chunked, other = Groups(names), Groups(names)
    chunked.add(lines.iloc[:cut])
    other.add(lines.iloc[cut:].iloc[::-1])  # another partition, other code order
    chunked.merge(other)
    for name, table in chunked.finish("open").items():
        pd.testing.assert_frame_equal(table, whole[name])
