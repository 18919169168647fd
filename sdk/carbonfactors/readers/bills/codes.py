"""Bill text columns as categoricals: work once per distinct value, never once per line.

A bill repeats a few thousand distinct SKUs, regions and units over millions of lines, so
every text field is held as a pandas ``Categorical`` (integer codes into its distinct
values) from the moment it is read: cleaning, classification, locations, the footprint
kernel and the group sums all run on the distinct values and broadcast by code
(``docs/bills.md``, "Performance"). The helpers here are the only place those codes are
built; ``-1`` is null throughout, and a value table always ends with a ``None`` slot so
``values[codes]`` maps ``-1`` to ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...frame_columns import _combine


def with_null(values: Sequence[Any]) -> Any:
    """``values`` as an object array with a trailing ``None`` (what code -1 reads)."""
    import numpy as np

    out = np.empty(len(values) + 1, dtype=object)
    out[: len(values)] = list(values)
    out[-1] = None
    return out


def categorical(codes: Any, values: Sequence[Any]) -> Any:
    """The Categorical of ``values[codes]``; ``values`` may repeat and hold None/NaN (null),
    code -1 is null."""
    import numpy as np
    import pandas as pd

    vals = pd.Series(list(values), dtype=object)
    vcodes, uniques = pd.factorize(vals, use_na_sentinel=True)
    table = np.append(vcodes, -1).astype(np.int32)
    cats = pd.Index(list(uniques), dtype=object)
    return pd.Categorical.from_codes(table[np.asarray(codes)], categories=cats)


def constant(n: int, value: Any) -> Any:
    """A Categorical of ``n`` times ``value`` (None: all null)."""
    import numpy as np

    return categorical(np.full(n, 0 if value is not None else -1, dtype=np.int32), [value])


def parts(col: Any) -> tuple[Any, Any]:
    """(codes, values with a trailing None) of a column, categorical or not."""
    import numpy as np
    import pandas as pd

    if isinstance(col, pd.Series) and isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy().astype(np.int64)
        return codes, with_null(col.cat.categories.to_numpy(dtype=object))
    codes, uniques = pd.factorize(pd.Series(col, dtype=object), use_na_sentinel=True)
    return codes.astype(np.int64), with_null(list(uniques))


def mapped(col: Any, fn: Callable[[Any], Any]) -> Any:
    """``fn`` of each distinct value of ``col`` (None for null), as a Categorical."""
    codes, values = parts(col)
    return categorical(codes, [fn(v) for v in values[:-1]] + [fn(None)])


def objects(col: Any) -> Any:
    """A column as an object array with None for null (the plain per-line layout)."""
    codes, values = parts(col)
    return values[codes]


def combine(cols: Sequence[Any]) -> tuple[Any, list[tuple[Any, ...]]]:
    """Row codes of the combination of several columns, and each distinct combination as a
    tuple of values (None for null), in code order."""
    split = [parts(c) for c in cols]
    codes, distinct = _combine([s[0] for s in split])
    return codes, [
        tuple(values[int(k)] for (_, values), k in zip(split, key, strict=True)) for key in distinct
    ]


def filled(col: Any, fill: str) -> Any:
    """A categorical column with its nulls as ``fill`` (a group's "(none)")."""
    import pandas as pd

    s = col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype("category")
    if not s.isna().any():
        return s
    if fill not in s.cat.categories:
        s = s.cat.add_categories([fill])
    return s.fillna(fill)


def row_groups(cols: Sequence[Any]) -> tuple[Any, Any]:
    """Row codes of the distinct combinations of ``cols`` (nulls a value of their own) and,
    per combination, the index of its first row: a group's values are taken from that row,
    so no Python runs per group."""
    import numpy as np
    import pandas as pd

    key = np.zeros(len(cols[0]) if cols else 0, dtype=np.int64)
    for col in cols:
        codes = parts(col)[0] + 1  # null (-1) is a value too
        key = pd.factorize(key * (int(codes.max(initial=0)) + 1) + codes)[0].astype(np.int64)
    n = int(np.max(key)) + 1 if len(key) else 0
    first = np.zeros(n, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1)
    return key, first
