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
from . import units
from .formats import FORMATS, NON_USAGE, USAGE, Format
from .mapping import Table, by_name, tables

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
#: What ``usage_amount`` is in, per kind (after conversion).
KIND_UNITS = {
    "instance": "instance-hours",
    "gpu": "accelerator-hours",
    "vcpu": "vCPU-hours",
    "memory": "GB-hours",
    "storage": "TB-hours",
    "network": "GB",
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown bill format '{name}' (one of: {', '.join(FORMATS)})", field="format"
        ) from None


def _raw_chunks(source: Any, chunk_rows: int) -> Iterator[Any]:
    """DataFrames of strings ('' = null) from a CSV/Parquet path, a folder, or a stream."""
    import pandas as pd

    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir() or path.suffix in (".parquet", ".pq"):
            import pyarrow.dataset as pads

            data = pads.dataset(str(path), format="parquet")
            for batch in data.to_batches(batch_size=chunk_rows):
                yield _strings(batch.to_pandas())
            return
    reader = pd.read_csv(
        source,
        dtype=str,
        keep_default_na=False,
        chunksize=chunk_rows,
        encoding="utf-8-sig",
        on_bad_lines="error",
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


def _charge_kind(c: Any) -> Any:
    import numpy as np

    kind = np.full(len(c), "usage", dtype=object)
    if "charge_category" in c.columns:
        cat = c["charge_category"].fillna("usage").str.lower().str.replace(" ", "", regex=False)
        known = cat.map(lambda v: "usage" if v in USAGE else NON_USAGE.get(v, "other-charge"))
        kind = known.to_numpy(dtype=object)
    if "charge_class" in c.columns:
        kind = np.where(
            c["charge_class"].fillna("").str.lower() == "correction", "correction", kind
        )
    if "commitment_status" in c.columns:
        unused = c["commitment_status"].fillna("").str.lower() == "unused"
        kind = np.where(unused & (kind == "usage"), "unused-commitment", kind)
    negative = (c["quantity"] < 0).to_numpy()
    return np.where(negative & (kind == "usage"), "refund", kind)


_KEY = (
    "provider",
    "service",
    "usage_type",
    "description",
    "unit",
    "resource_type",
    "instance_type",
)


def classify(c: Any, fmt: Format, all_tables: dict[str, Table], memo: dict[Any, Any]) -> Any:
    """Frame-layout rows for the canonical chunk ``c`` (see the module doc)."""
    import numpy as np
    import pandas as pd

    names = by_name(all_tables)
    if fmt.provider is not None:
        c["provider"] = fmt.provider
    else:
        prov = c["provider_name"].fillna("").str.strip().str.lower()
        c["provider"] = prov.map(lambda p: names[p].provider if p in names else p or None)
    c["charge_kind"] = _charge_kind(c)
    for k in _KEY:
        if k not in c.columns:
            c[k] = None
    n = len(c)
    out: dict[str, Any] = {
        k: np.full(n, None, dtype=object)
        for k in ("usage_kind", "rule", "model", "location", "error", "error_type", "usage_unit")
    }
    per_unit = np.full(n, np.nan)
    codes = c.groupby(list(_KEY), dropna=False, sort=False).ngroup().to_numpy()
    firsts = pd.Series(np.arange(n)).groupby(codes).first()
    for code, i in firsts.items():
        key = tuple(c[k].iat[i] for k in _KEY)
        hit = memo.get(key)
        if hit is None:
            hit = _classify_key(dict(zip(_KEY, key, strict=True)), all_tables)
            if len(memo) > 100_000:
                memo.clear()
            memo[key] = hit
        rows = codes == code
        for k, v in hit.items():
            if k == "factor":
                per_unit[rows] = v
            else:
                out[k][rows] = v
    for k, v in out.items():
        c[k] = v
    usage = c["charge_kind"].to_numpy() == "usage"
    qty = c["quantity"].to_numpy(dtype=float)
    amount = qty * per_unit
    region_loc = _locations(c, all_tables)
    c["location"] = region_loc
    ok = usage & (c["error"].isna().to_numpy())
    no_qty = ok & ~(qty > 0)
    c.loc[no_qty, "error"] = "quantity: missing or zero on a usage line"
    c.loc[no_qty, "error_type"] = "no-quantity"
    ok &= ~no_qty
    no_loc = ok & pd.isna(region_loc)
    c.loc[no_loc, "error"] = "region: missing on a usage line (no location to compute)"
    c.loc[no_loc, "error_type"] = "no-region"
    kind = c["usage_kind"].to_numpy(dtype=object)
    c["usage_amount"] = np.where(ok, amount, np.nan)
    c["count"] = np.where(ok, 1.0, np.nan)
    c["hours"] = np.where(ok, amount, np.nan)
    c["include_embodied"] = np.isin(kind, ("instance", "gpu")) | ~ok
    not_usage = ~usage
    c.loc[not_usage, ["error", "error_type", "model", "usage_kind", "rule"]] = None
    c.loc[~ok, ["model"]] = None
    return c


def _locations(c: Any, all_tables: dict[str, Table]) -> Any:
    import numpy as np

    pairs = list(zip(c["provider"].to_numpy(), c["region"].to_numpy(), strict=True))
    memo: dict[Any, Any] = {}
    out = np.empty(len(pairs), dtype=object)
    for i, pr in enumerate(pairs):
        hit = memo.get(pr, 0)
        if hit == 0:
            t = all_tables.get(pr[0]) if isinstance(pr[0], str) else None
            hit = t.location(pr[1]) if (t is not None and isinstance(pr[1], str)) else None
            memo[pr] = hit
        out[i] = hit
    return out


def _classify_key(line: dict[str, Any], all_tables: dict[str, Table]) -> dict[str, Any]:
    """One distinct line key: its rule, model, kind, conversion factor, or its error."""
    table = all_tables.get(line["provider"] or "")
    if table is None:
        return {
            "error": f"provider: no mapping table for '{line['provider']}'",
            "error_type": "unsupported-provider",
        }
    text = {k: (v if isinstance(v, str) else "") for k, v in line.items()}
    rule = table.classify(text)
    if rule is None:
        return {
            "error": "sku: no rule of the mapping table matches this line",
            "error_type": "unknown-sku",
        }
    if rule.kind == "unsupported":
        return {
            "rule": rule.id,
            "usage_kind": "unsupported",
            "error": f"service: {rule.reason}",
            "error_type": "unsupported-service",
        }
    unit = rule.unit or text["unit"]
    parsed = units.parse(unit, blocks=table.blocks)
    want = _dimension(rule.kind)
    if parsed is None or parsed[0] != want:
        return {
            "rule": rule.id,
            "usage_kind": rule.kind,
            "error": f"unit: '{text['unit']}' is not a {want.replace('_', '-')} unit",
            "error_type": "unknown-unit",
        }
    factor = parsed[1] / (1000.0 if rule.kind == "storage" else 1.0)
    model = rule.instance(text)
    if model is None:
        return {
            "rule": rule.id,
            "usage_kind": rule.kind,
            "error": "sku: the instance type cannot be read from the line",
            "error_type": "unknown-sku",
        }
    return {
        "rule": rule.id,
        "usage_kind": rule.kind,
        "model": model,
        "factor": factor,
        "usage_unit": KIND_UNITS[rule.kind],
    }


def _dimension(kind: str) -> str:
    from .mapping import KINDS

    dim = KINDS[kind]
    assert dim is not None
    return dim


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
        for raw in _raw_chunks(source, chunk_rows):
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
