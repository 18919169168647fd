"""Bill units: every spelling the readers meet, converted in one place."""

from __future__ import annotations

import pytest

from carbonfactors.readers.bills.units import DATA, DATA_TIME, TIME, parse


@pytest.mark.parametrize(
    ("unit", "dimension", "factor"),
    [
        ("Hrs", TIME, 1.0),
        ("Hours", TIME, 1.0),
        ("1 Hour", TIME, 1.0),
        ("10 Hours", TIME, 10.0),
        ("seconds", TIME, 1 / 3600),
        ("vCPU-Hours", TIME, 1.0),
        ("GB-Mo", DATA_TIME, 730.0),
        ("GB-Months", DATA_TIME, 730.0),
        ("GB/Month", DATA_TIME, 730.0),
        ("100 GB/Month", DATA_TIME, 73_000.0),
        ("GiB-Months", DATA_TIME, 2**30 / 1e9 * 730),
        ("gibibyte month", DATA_TIME, 2**30 / 1e9 * 730),
        ("GB Hours", DATA_TIME, 1.0),
        ("byte-seconds", DATA_TIME, 1e-9 / 3600),
        ("Lambda-GB-Seconds", DATA_TIME, 1 / 3600),
        ("GB", DATA, 1.0),
        ("GiB", DATA, 2**30 / 1e9),
        ("bytes", DATA, 1e-9),
    ],
)
def test_known_units(unit: str, dimension: str, factor: float) -> None:
    got = parse(unit)
    assert got is not None
    assert got[0] == dimension
    assert got[1] == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize(
    "unit", ["Requests", "10K", "1/Month", "Units/Hour", "IOPS-Months", "", "  "]
)
def test_counts_and_fees_are_not_quantities(unit: str) -> None:
    assert parse(unit) is None
