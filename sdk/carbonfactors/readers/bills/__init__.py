"""Cloud bills to footprints: FOCUS, AWS CUR, Google Cloud billing export, Azure cost details.

``footprint_bill(path, "focus")`` reads a bill in chunks, classifies every line with the
provider's mapping table (``factors/billing/<provider>.yaml``), computes the usage lines
with the frame kernel and returns per-line results, bill-like groups and a summary of what
was classified (``docs/bills.md``). ``read_focus`` and its siblings return the classified
lines of a (small) bill in the frame layout, for ``carbonfactors footprint --from``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .footprint import DEFAULT_GROUPS, GROUPS, METHODS, BillFootprint, footprint_bill
from .formats import FORMATS
from .reader import CHUNK_ROWS, read_chunks

__all__ = [
    "CHUNK_ROWS",
    "DEFAULT_GROUPS",
    "FORMATS",
    "GROUPS",
    "METHODS",
    "BillFootprint",
    "footprint_bill",
    "read_bill",
    "read_chunks",
]


def read_bill(path: str | Path, fmt: str, **options: Any) -> Any:
    """Every classified line of a bill as one DataFrame (frame layout; usage lines only)."""
    import pandas as pd

    from .codes import objects
    from .reader import usage_rows

    parts = []
    for chunk in read_chunks(path, fmt, **options):
        rows = usage_rows(chunk)
        for col in rows.columns:  # plain text columns (None for null), as frames take them
            if isinstance(rows[col].dtype, pd.CategoricalDtype):
                rows[col] = pd.Series(objects(rows[col]), index=rows.index, dtype=object)
        parts.append(rows)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def read_focus(path: str | Path, **options: Any) -> Any:
    return read_bill(path, "focus", **options)


def read_aws_cur(path: str | Path, **options: Any) -> Any:
    return read_bill(path, "aws-cur", **options)


def read_gcp_billing(path: str | Path, **options: Any) -> Any:
    return read_bill(path, "gcp-billing", **options)


def read_azure_cost(path: str | Path, **options: Any) -> Any:
    return read_bill(path, "azure-cost", **options)
