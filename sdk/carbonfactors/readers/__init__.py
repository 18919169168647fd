"""Readers that turn scheduler and tracker logs into the frame layout of ``carbonfactors.frame``.

Each reader returns a pandas DataFrame in that layout (long form, one row per hardware line,
rows of a job sharing ``job``), plus the log's own identifying columns passed through. A
line the reader cannot use becomes a row with ``error`` set, which the frame kernel keeps as
that row's error: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

READERS: dict[str, str] = {
    "sacct": "carbonfactors.readers.sacct:read_sacct",
    "codecarbon": "carbonfactors.readers.codecarbon:read_codecarbon",
    "csv": "carbonfactors.frame:read",
    "focus": "carbonfactors.readers.bills:read_focus",
    "aws-cur": "carbonfactors.readers.bills:read_aws_cur",
    "gcp-billing": "carbonfactors.readers.bills:read_gcp_billing",
    "azure-cost": "carbonfactors.readers.bills:read_azure_cost",
}


def reader(name: str) -> Callable[..., Any]:
    """The reader function for a ``--from`` name (imported lazily: pandas is optional)."""
    import importlib

    try:
        target = READERS[name]
    except KeyError:
        raise ValueError(f"unknown log format '{name}' (one of: {', '.join(READERS)})") from None
    module, func = target.split(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), func)
    return found


def read_log(name: str, path: str | Path, **options: Any) -> Any:
    return reader(name)(path, **options)
