"""A classified chunk's footprint: the frame kernel once per distinct line key, then scaled.

Every number of a bill line is linear in its quantity: energy is count x power x hours,
embodied is count x (embodied per hour) x hours, and facility energy, operational and total
carbon multiply these by the PUE and the grid intensity (``arithmetic.py``). So the kernel
(``carbonfactors.frame.footprints``, the one engine of every footprint) runs on the
distinct (model, location, year, kind, provider...) keys of a chunk for one hour each, and
each line's numbers are its key's times its hours: a chunk of 50,000 lines costs a kernel
call over a few hundred keys. Lines a reader could not classify never reach the kernel;
they keep their ``error`` and ``error_type``.
"""

from __future__ import annotations

from typing import Any

from ...dataset import Dataset
from ...errors import InvalidInput
from . import ccf
from .codes import categorical, combine, constant, parts
from .reader import BILL_COLUMNS, usage_rows

METHODS = ("carbonfactors", "ccf")
SUMS = (
    "cost",
    "usage_amount",
    "energy_kwh",
    "facility_energy_kwh",
    "operational_kgco2e",
    "embodied_kgco2e",
    "total_kgco2e",
    "total_kgco2e_low",
    "total_kgco2e_high",
)
FACTOR_IDS = (
    "grid_factor",
    "pue_factor",
    "power_factor",
    "embodied_factor",
    *ccf.FACTOR_COLUMNS,
)
#: Engine inputs of a line that are numbers (``include_embodied`` sits between the two).
_QUANTITY = ("year", "count", "hours")
_FACTORS = (
    "utilization",
    "power_w",
    "pue",
    "grid_intensity",
    "embodied_kgco2e_per_unit",
    "lifetime_years",
)
#: Bounds of the results beside SUMS' totals.
_BOUNDS = (
    "operational_kgco2e_low",
    "operational_kgco2e_high",
    "embodied_kgco2e_low",
    "embodied_kgco2e_high",
)
#: Results proportional to a line's hours (computed for one hour per key, then scaled).
_SCALED = (*SUMS[2:], *_BOUNDS)
#: Per-line output columns (bill fields, engine inputs, results), in order.
LINE_COLUMNS = (
    *BILL_COLUMNS,
    "model",
    "location",
    *_QUANTITY,
    "include_embodied",
    *_FACTORS,
    *_SCALED,
    *FACTOR_IDS,
    "method",
    "dataset_version",
    "bundle",
    "error",
    "error_type",
)
#: The line columns written as float64 (every chunk writes the same Parquet schema).
NUMERIC = frozenset({"line", "quantity", *_QUANTITY, *_FACTORS, *SUMS, *_BOUNDS})
_OVERFLOW = ("job: the inputs are too large: the footprint overflows", "invalid-input")


def _floats(col: Any) -> Any:
    """A column of numbers or number texts as floats (NaN where not a number)."""
    import numpy as np

    codes, values = parts(col)

    def one(v: Any) -> float:
        try:
            return float(v)
        except (TypeError, ValueError):
            return float("nan")

    return np.array([one(v) for v in values], dtype=float)[codes]


def _keys(rows: Any, ok: Any, method: str) -> tuple[Any, Any]:
    """Per computed line its key's index, and the kernel's input: one row per key, 1 hour."""
    import numpy as np
    import pandas as pd

    names = ["model", "location", "year", "usage_kind", "provider", "include_embodied"]
    cols = [rows[k] for k in names]
    if method == "ccf":
        names += ["vcpus", "ccf_replication", "instance_type"]
        vcpus = _floats(rows["vcpus"]) if "vcpus" in rows.columns else np.full(len(rows), np.nan)
        # CCF reads a GCP core line's machine type (ccf_gcp) and an Azure VM line's meter
        # name (ccf_azure, the last part of the usage type); other lines' keys ignore it
        kind, provider = rows["usage_kind"], rows["provider"]
        gcp_vcpu = ((provider == "gcp") & (kind == "vcpu")).to_numpy(dtype=bool)
        azure_vm = ((provider == "azure") & (kind == "instance")).to_numpy(dtype=bool)
        mtypes: Any = np.full(len(rows), None, dtype=object)
        if "instance_type" in rows.columns:
            mtypes = np.where(gcp_vcpu, rows["instance_type"].to_numpy(dtype=object), None)
        if "usage_type" in rows.columns:
            mtypes = np.where(azure_vm, rows["usage_type"].to_numpy(dtype=object), mtypes)
        cols += [vcpus, rows["ccf_replication"].to_numpy(dtype=float), mtypes]
    idx = np.flatnonzero(ok)
    codes, keys = combine([c.iloc[idx] if isinstance(c, pd.Series) else c[idx] for c in cols])
    table = pd.DataFrame.from_records(keys, columns=names) if keys else pd.DataFrame(columns=names)
    for num in ("year", "vcpus", "ccf_replication"):
        if num in table.columns:
            table[num] = pd.to_numeric(table[num], errors="coerce").astype(float)
    table["include_embodied"] = table["include_embodied"].astype(bool)
    table["count"] = 1.0
    table["hours"] = 1.0
    table["error"] = None
    table["error_type"] = None
    slot = np.full(len(rows), len(keys), dtype=np.int64)  # the last slot: not computed
    slot[idx] = codes
    return slot, table


def _kernel(table: Any, ds: Dataset, method: str) -> Any:
    """The frame kernel over the key table (CCF's factors given explicitly for ``ccf``)."""
    from ... import frame

    if method == "ccf":
        table = ccf.prepare(table, ds)
    if "embodied_kgco2e" in table.columns:
        table = table.rename(columns={"embodied_kgco2e": "embodied_kgco2e_per_unit"})
        table["embodied_kgco2e"] = table["embodied_kgco2e_per_unit"]
    return frame.footprints(table, dataset=ds)


def _merged(ok: Any, slot: Any, keyed: list[Any], col: Any) -> Any:
    """A text column: the key's value on computed lines, ``col``'s on the others."""
    import numpy as np

    codes, values = parts(col)
    rows_codes = np.where(codes < 0, len(values) - 1, codes)
    table = [*values, *keyed, None]
    return categorical(np.where(ok, len(values) + slot, rows_codes), table)


def compute_chunk(chunk: Any, ds: Dataset, method: str = "carbonfactors") -> Any:
    """The footprint of a classified chunk's usage lines, in the line layout (module doc);
    text columns are Categoricals (``normalise`` makes them plain objects)."""
    import numpy as np
    import pandas as pd

    if method not in METHODS:
        raise InvalidInput(f"method: one of {', '.join(METHODS)}", field="method")
    rows = usage_rows(chunk)
    n = len(rows)
    ok = rows["error"].isna().to_numpy()
    slot, table = _keys(rows, ok, method)
    res = _kernel(table, ds, method) if len(table) else table.reindex(columns=LINE_COLUMNS)

    def keyed(col: str) -> Any:
        """The key table's column per line (NaN on lines not computed)."""
        if col not in res.columns:
            return np.full(n, np.nan)
        return np.append(pd.to_numeric(res[col]).to_numpy(dtype=float), np.nan)[slot]

    def texts(col: str) -> list[Any]:
        if col not in res.columns:
            return [None] * len(res)
        return [None if v is None or v != v else v for v in res[col].tolist()]

    hours = rows["hours"].to_numpy(dtype=float)
    if method == "ccf":
        hours = hours * ccf.quantity_factors(rows)
    out: dict[str, Any] = {}
    for c in BILL_COLUMNS:
        if c not in rows.columns:
            out[c] = np.full(n, np.nan) if c in NUMERIC else constant(n, None)
        else:
            out[c] = rows[c].to_numpy(dtype=float) if c in NUMERIC else rows[c].array
    out["usage_amount"] = rows["usage_amount"].to_numpy(dtype=float)
    out["model"], out["location"] = rows["model"].array, rows["location"].array
    out["year"] = rows["year"].to_numpy(dtype=float)
    out["count"] = rows["count"].to_numpy(dtype=float)
    out["hours"] = hours
    embodied = [str(bool(v)) for v in texts("include_embodied")]
    flag = np.where(rows["include_embodied"].to_numpy(dtype=bool), "True", "False")
    out["include_embodied"] = _merged(ok, slot, embodied, flag)
    for col in _FACTORS:
        out[col] = keyed(col)
    with np.errstate(invalid="ignore", over="ignore"):
        for col in _SCALED:
            out[col] = keyed(col) * hours
    err, etype = texts("error"), texts("error_type")
    over = ok & ~np.isfinite(out["total_kgco2e_high"]) & ~np.isnan(out["total_kgco2e_high"])
    if over.any():  # a finite footprint per hour times an enormous quantity
        for col in _SCALED:
            out[col][over] = np.nan
        slot = np.where(over, len(res) + 1, slot)
        err, etype = [*err, None, _OVERFLOW[0]], [*etype, None, _OVERFLOW[1]]
        more = [None, None]
    else:
        more = []
    for col in FACTOR_IDS:
        out[col] = _merged(ok, slot, [*texts(col), *more], constant(n, None))
    out["method"] = constant(n, method)
    out["dataset_version"] = constant(n, ds.version)
    out["bundle"] = constant(n, getattr(ds, "bundle", None))
    out["error"] = _merged(ok, slot, err, rows["error"])
    out["error_type"] = _merged(ok, slot, etype, rows["error_type"])
    return pd.DataFrame(out, index=rows.index).reindex(columns=LINE_COLUMNS)


def normalise(result: Any) -> Any:
    """Plain column types (floats, and objects with None for null) for lines handed back in
    memory; the writers take the Categoricals as they are (``to_arrow``)."""
    import pandas as pd

    for col in result.columns:
        if col in NUMERIC:
            result[col] = result[col].astype(float)
            continue
        values = result[col].to_numpy(dtype=object, na_value=None)
        result[col] = pd.Series(values, index=result.index, dtype=object)
    return result


def to_arrow(result: Any) -> Any:
    """The line layout as an Arrow table: float64 columns and dictionary-encoded strings
    (int32 codes into each chunk's distinct values; the same schema for every chunk, and
    what Parquet stores anyway), built from the categoricals' codes without a Python
    string per line. Read back, the text columns are categoricals (pandas) or strings."""
    import numpy as np
    import pyarrow as pa

    arrays, fields = [], []
    for col in result.columns:
        if col in NUMERIC:
            arrays.append(pa.array(result[col].to_numpy(dtype=float), type=pa.float64()))
            fields.append(pa.field(col, pa.float64()))
            continue
        codes, values = parts(result[col])
        dictionary = pa.array([None if v is None else str(v) for v in values[:-1]], pa.string())
        indices = pa.array(codes.astype(np.int32), mask=codes < 0)
        arrays.append(pa.DictionaryArray.from_arrays(indices, dictionary))
        fields.append(pa.field(col, pa.dictionary(pa.int32(), pa.string())))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
