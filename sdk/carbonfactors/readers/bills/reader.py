"""Bill files to footprint rows, chunk by chunk: memory bounded by a chunk, not the file.

``read_chunks`` yields, for each chunk of a FOCUS / AWS CUR / GCP / Azure file (CSV, a
Parquet file or a partitioned Parquet folder, or a binary stream for uploads), a DataFrame
of bill lines in the frame layout of ``carbonfactors.frame``:

* every line keeps its bill fields (``provider``, ``account``, ``project``, ``service``,
  ``sku``, ``usage_type``, ``region``, ``resource_id``, ``month``, ``cost``, ``currency``...);
* ``charge_kind`` is ``usage`` or the non-usage kind (credit, tax, refund, purchase,
  adjustment, discount, unused-commitment, correction): non-usage lines are counted by the
  summary and never computed;
* a usage line the mapping tables classify gets ``usage_kind``, ``rule``, ``model``,
  ``count``, ``hours``, ``location``, ``year`` (its quantity converted by ``units.py``);
  one they cannot gets ``error`` and ``error_type`` (``unknown-sku``,
  ``unsupported-service``, ``no-quantity``, ``unknown-unit``), which the frame kernel keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ...errors import InvalidInput
from .classify import classify
from .formats import FORMATS, Format
from .mapping import tables

#: Lines per chunk: memory is bounded by a chunk (about 100 MB of strings for a wide FOCUS file).
CHUNK_ROWS = 50_000
_NULLS = ("", "NULL", "null", "None", "nan", "NaN")
_JSON_TYPE = re.compile(
    r'"(?:InstanceType|x_InstanceType|ServiceType|VMSize|instance_type)"\s*:\s*"([^"]+)"'
)
_ISO = re.compile(r"^(\d{4})-(\d{2})")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
#: Output columns of the bill fields, in order (frame inputs follow, then results).
BILL_COLUMNS = (
    "line",
    "provider",
    "account",
    "project",
    "service",
    "sku",
    "usage_type",
    "description",
    "region",
    "resource_id",
    "resource_type",
    "start",
    "month",
    "charge_kind",
    "cost",
    "currency",
    "quantity",
    "unit",
    "usage_kind",
    "usage_amount",
    "usage_unit",
    "rule",
)


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown bill format '{name}' (one of: {', '.join(FORMATS)})", field="format"
        ) from None


def _raw_chunks(source: Any, chunk_rows: int, wanted: frozenset[str]) -> Iterator[Any]:
    """DataFrames of strings ('' = null) from a CSV/Parquet path, a folder, or a stream,
    with only the ``wanted`` columns (a FOCUS file has ~45 columns, a footprint reads ~20:
    the others are never parsed into memory)."""
    import pandas as pd

    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir() or path.suffix in (".parquet", ".pq"):
            import pyarrow.dataset as pads

            data = pads.dataset(str(path), format="parquet")
            cols = [c for c in data.schema.names if c in wanted]
            for batch in data.to_batches(batch_size=chunk_rows, columns=cols):
                yield _strings(batch.to_pandas())
            return
    reader = pd.read_csv(
        source,
        dtype=str,
        keep_default_na=False,
        chunksize=chunk_rows,
        encoding="utf-8-sig",
        on_bad_lines="error",
        usecols=lambda c: c in wanted,
    )
    try:
        yield from reader
    finally:
        reader.close()


def _strings(df: Any) -> Any:
    for col in df.columns:
        if df[col].dtype != object:
            df[col] = df[col].astype(str).where(df[col].notna(), "")
        else:
            df[col] = df[col].map(lambda v: "" if v is None else str(v))
    return df


def check_header(fmt: Format, columns: Any) -> None:
    """Raise ``InvalidInput`` naming the first required field with none of its columns."""
    present = set(columns)
    for fld in fmt.required:
        names = fmt.columns[fld]
        if not present.intersection(names):
            raise InvalidInput(
                f"wrong header for format {fmt.name} ({fmt.title}): no column "
                f"{' / '.join(names)} ({fld})",
                field="header",
            )


def _field(raw: Any, names: tuple[str, ...]) -> Any:
    """The first present column among ``names``, its nulls filled from the later ones."""
    import pandas as pd

    out = None
    for name in names:
        if name not in raw.columns:
            continue
        col = raw[name].astype(str).str.strip()
        col = col.where(~col.isin(_NULLS), None)
        out = col if out is None else out.fillna(col)
    return out if out is not None else pd.Series([None] * len(raw), index=raw.index, dtype=object)


def _month(values: Any) -> tuple[Any, Any]:
    """(year, 'YYYY-MM') of each start date, parsed once per distinct value."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    years: list[float] = []
    months: list[str | None] = []
    for text in uniques:
        t = str(text).strip()
        m = _ISO.match(t)
        if m:
            years.append(float(m.group(1)))
            months.append(f"{m.group(1)}-{m.group(2)}")
            continue
        m = _US.match(t)  # Azure EA cost details: MM/DD/YYYY
        if m:
            years.append(float(m.group(3)))
            months.append(f"{m.group(3)}-{int(m.group(1)):02d}")
            continue
        years.append(np.nan)
        months.append(None)
    y = np.array([*years, np.nan])[codes]
    mo = np.array([*months, None], dtype=object)[codes]
    return y, mo


def _instance_hint(col: Any) -> Any:
    def one(v: Any) -> Any:
        if v is None:
            return None
        s = str(v)
        if s.startswith("{"):
            m = _JSON_TYPE.search(s)
            return m.group(1) if m else None
        return s

    return col.map(one)


def canonical(raw: Any, fmt: Format, start_line: int = 2) -> Any:
    """The canonical bill fields of a raw chunk (strings; quantity and cost as floats)."""
    import numpy as np
    import pandas as pd

    c = pd.DataFrame(index=raw.index)
    c["line"] = np.arange(start_line, start_line + len(raw))
    for fld, names in fmt.columns.items():
        c[fld] = _field(raw, names)
    if fmt.name == "azure-cost":
        parts = [c["service"].fillna(""), c["meter_subcategory"].fillna(""), c["meter_name"]]
        c["usage_type"] = parts[0] + " | " + parts[1] + " | " + parts[2].fillna("")
        c = c.drop(columns=["meter_subcategory", "meter_name"])
    c["instance_type"] = _instance_hint(c["instance_type"])
    for num in ("quantity", "cost"):
        c[num] = pd.to_numeric(c[num], errors="coerce")
    c["year"], c["month"] = _month(c["start"])
    return c


def read_chunks(
    source: str | Path | BinaryIO,
    fmt: str,
    *,
    chunk_rows: int = CHUNK_ROWS,
    mapping: str | Path | None = None,
) -> Iterator[Any]:
    """Classified bill lines, one DataFrame per chunk (see the module doc)."""
    spec = get_format(fmt)
    all_tables = tables(mapping)
    memo: dict[Any, Any] = {}
    line = 2
    first = True
    try:
        wanted = frozenset(c for names in spec.columns.values() for c in names)
        for raw in _raw_chunks(source, chunk_rows, wanted):
            if first:
                check_header(spec, raw.columns)
                first = False
            c = canonical(raw, spec, line)
            line += len(raw)
            yield classify(c, spec, all_tables, memo)
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(f"not a readable {spec.title} file: {exc}", field="file") from None
    if first:
        raise InvalidInput(f"empty file: no {spec.title} header", field="header")


def usage_rows(chunk: Any) -> Any:
    """The lines of a chunk the footprint engine computes (usage lines, classified or not)."""
    return chunk[chunk["charge_kind"] == "usage"]
