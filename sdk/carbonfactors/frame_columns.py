"""Validating a job frame column by column, for frame.py.

Kept apart from the footprint driver so the per-column checks (types, ranges, categorical
codes) and the key combining that factor resolution groups by read as one unit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .jobs import (
    ENERGY_BASES,
    FIRST_YEAR,
    GRID_BASES,
    JOB_KEYS,
    LAST_YEAR,
)

if TYPE_CHECKING:
    import pandas as pd


#: Columns that describe a whole job: equal on every row of a job in long form.
JOB_COLUMNS = tuple(k for k in JOB_KEYS if k != "hardware")


def _pd() -> Any:
    try:
        import pandas
    except ModuleNotFoundError:  # pragma: no cover - exercised without the extra
        raise ImportError(
            "carbonfactors.frame needs pandas: pip install 'carbonfactors[frame]'"
        ) from None
    return pandas


class _Errors:
    """Per-row first error; later checks never overwrite an earlier one.

    Rows hold an index into a short list of (type, message) pairs, so a million rows cost
    two integer arrays, and messages are formatted only for the rows that have one.
    """

    def __init__(self, n: int) -> None:
        import numpy as np

        self.code = np.full(n, -1, dtype=np.int64)
        self.entries: list[tuple[str, str]] = []

    @property
    def ok(self) -> Any:
        return self.code < 0

    def add(
        self,
        mask: Any,
        field: str,
        reason: str | Callable[[int], str],
        kind: str = "invalid-input",
    ) -> None:
        """Record ``field: reason`` on the rows of ``mask`` that have no error yet.

        ``reason`` is a text, or a function of the row index for messages that quote the
        row's value (called once per affected row only).
        """
        import numpy as np

        free = mask & (self.code < 0)
        if not free.any():
            return
        rows = np.flatnonzero(free)
        if isinstance(reason, str):
            self.code[rows] = len(self.entries)
            self.entries.append((kind, f"{field}: {reason}"))
            return
        for i in rows:
            self.code[i] = len(self.entries)
            self.entries.append((kind, f"{field}: {reason(int(i))}"))

    def absorb(self, other: _Errors) -> None:
        """Take ``other``'s problems on the rows that have none yet (checks run out of order)."""
        import numpy as np

        for i in np.flatnonzero((other.code >= 0) & (self.code < 0)):
            self.code[i] = len(self.entries)
            self.entries.append(other.entries[other.code[i]])

    def preset(self, df: pd.DataFrame) -> None:
        """Keep errors a reader already put on rows (``error`` / ``error_type`` columns)."""
        import numpy as np

        if "error" not in df.columns:
            return
        given = df["error"].notna().to_numpy()
        kinds = (
            df["error_type"].to_numpy(dtype=object)
            if "error_type" in df.columns
            else np.full(len(df), "invalid-input", dtype=object)
        )
        texts = df["error"].to_numpy(dtype=object)
        for i in np.flatnonzero(given & (self.code < 0)):
            self.code[i] = len(self.entries)
            self.entries.append((str(kinds[i] or "invalid-input"), str(texts[i])))

    def columns(self) -> tuple[Any, Any]:
        """(error message, error type) object arrays, None where a row has no error."""
        import numpy as np

        kinds = np.array([k for k, _ in self.entries] + [None], dtype=object)
        texts = np.array([m for _, m in self.entries] + [None], dtype=object)
        return texts[self.code], kinds[self.code]


def _column(df: pd.DataFrame, name: str) -> Any:
    return df[name] if name in df.columns else None


def _absent(n: int, fill: Any) -> Any:
    """A column the frame does not have: one value seen ``n`` times (a read-only view, no
    memory: a million rows of jobs rarely give all of the dozen optional columns)."""
    import numpy as np

    return np.broadcast_to(fill, (n,))


def _numeric(df: pd.DataFrame, name: str, errors: _Errors) -> Any:
    """A float column (NaN = not given); text, booleans and infinities are row errors."""
    import numpy as np

    pd = _pd()
    col = _column(df, name)
    if col is None:
        return _absent(len(df), np.nan)
    if pd.api.types.is_bool_dtype(col):
        errors.add(np.ones(len(df), bool), name, "must be a number, not a boolean")
        return np.full(len(df), np.nan)
    if pd.api.types.is_numeric_dtype(col):
        values = col.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad_text = col.notna().to_numpy() & np.isnan(values)
        if bad_text.any():
            raw = col.to_numpy(dtype=object)
            errors.add(bad_text, name, lambda i: f"must be a number, not {str(raw[i])!r}")
    inf = np.isinf(values)
    if inf.any():
        errors.add(inf, name, "must be a finite number (got NaN or infinity)")
        values = np.where(inf, np.nan, values)
    return values


@dataclass(frozen=True)
class _Cat:
    """A text column as integer codes (-1 = not given) and its distinct stripped values."""

    codes: Any
    values: tuple[str, ...]

    @property
    def missing(self) -> Any:
        return self.codes < 0

    def value(self, code: int) -> str | None:
        return None if code < 0 else self.values[code]


def _text(df: pd.DataFrame, name: str) -> _Cat:
    import numpy as np

    pd = _pd()
    col = _column(df, name)
    if col is None:
        return _Cat(_absent(len(df), np.int64(-1)), ())
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    cleaned = [str(u).strip() for u in uniques]
    # Distinct raw spellings that strip to the same text share one code; empty = not given.
    dense: dict[str, int] = {}
    remap = np.array([dense.setdefault(t, len(dense)) if t else -1 for t in cleaned] + [-1])
    return _Cat(remap[codes], tuple(dense))


def _flags(df: pd.DataFrame, errors: _Errors) -> Any:
    import numpy as np

    pd = _pd()
    col = _column(df, "include_embodied")
    if col is None:
        return np.ones(len(df), bool)
    if pd.api.types.is_bool_dtype(col):
        return col.fillna(True).to_numpy(dtype=bool)
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    truth = {"true": 1, "1": 1, "1.0": 1, "yes": 1, "false": 0, "0": 0, "0.0": 0, "no": 0}
    table = np.array([truth.get(str(u).strip().lower(), -1) for u in uniques] + [1])
    flags = table[codes]
    errors.add(flags < 0, "include_embodied", "must be true or false")
    return flags == 1


def _range(
    errors: _Errors,
    x: Any,
    name: str,
    *,
    low: float,
    strict_low: bool,
    high: float | None = None,
    what: str,
) -> None:
    import numpy as np

    with np.errstate(invalid="ignore"):
        bad = (x <= low) if strict_low else (x < low)
        if high is not None:
            bad |= x > high
    if bad.any():
        errors.add(bad, name, lambda i: f"{what} (got {x[i]:g})")


class _Columns:
    """The validated input columns (NaN / code -1 = not given), checked in per-job order."""

    def __init__(self, df: pd.DataFrame) -> None:
        import numpy as np

        e = self.errors = _Errors(len(df))
        e.preset(df)
        self.model = _text(df, "model")
        self.count = _numeric(df, "count", e)
        _range(e, self.count, "count", low=0.0, strict_low=True, what="must be > 0")
        self.count = np.where(np.isnan(self.count), 1.0, self.count)
        self.utilization = _numeric(df, "utilization", e)
        _range(
            e,
            self.utilization,
            "utilization",
            low=0.0,
            strict_low=False,
            high=1.0,
            what="must be between 0 and 1",
        )
        self.power_w = _numeric(df, "power_w", e)
        _range(e, self.power_w, "power_w", low=0.0, strict_low=True, what="must be > 0")
        self.embodied = _numeric(df, "embodied_kgco2e", e)
        _range(e, self.embodied, "embodied_kgco2e", low=0.0, strict_low=False, what="must be >= 0")
        self.lifetime = _numeric(df, "lifetime_years", e)
        _range(e, self.lifetime, "lifetime_years", low=0.0, strict_low=True, what="must be > 0")
        self.share = _numeric(df, "in_use_share", e)
        _range(
            e,
            self.share,
            "in_use_share",
            low=0.0,
            strict_low=True,
            high=1.0,
            what="must be > 0 and <= 1",
        )
        no_model = self.model.missing
        # Read once; its own problems are recorded at its place in the per-job order below.
        energy_errors = _Errors(len(df))
        self.energy = _numeric(df, "energy_kwh", energy_errors)
        # Only a *missing* energy makes the model required; an unreadable one is reported
        # as what it is, below.
        e.add(
            no_model & np.isnan(self.power_w) & (energy_errors.code < 0) & np.isnan(self.energy),
            "model",
            "required unless power_w or energy_kwh is given",
        )
        e.add(
            no_model & (self.embodied > 0) & np.isnan(self.lifetime),
            "lifetime_years",
            "required when embodied_kgco2e is given without a model (no category default applies)",
        )
        self.hours = _numeric(df, "hours", e)
        _range(e, self.hours, "hours", low=0.0, strict_low=True, what="must be > 0")
        e.absorb(energy_errors)
        _range(e, self.energy, "energy_kwh", low=0.0, strict_low=True, what="must be > 0")
        self.location = _text(df, "location")
        year = _numeric(df, "year", e)
        given = ~np.isnan(year)
        e.add(given & (year != np.round(year)), "year", "must be an integer year")
        e.add(
            given & ((year < FIRST_YEAR) | (year > LAST_YEAR)),
            "year",
            f"must be between {FIRST_YEAR} and {LAST_YEAR}",
        )
        self.year = year
        self.basis = _text(df, "basis")
        allowed = np.array([v in GRID_BASES for v in self.basis.values] + [True])
        e.add(~allowed[self.basis.codes], "basis", f"must be one of {', '.join(GRID_BASES)}")
        self._pue(df)
        # What a given energy_kwh measures (jobs.ENERGY_BASES); facility energy takes no PUE.
        eb = _text(df, "energy_basis")
        allowed = np.array([v in ENERGY_BASES for v in eb.values] + [True])
        e.add(~allowed[eb.codes], "energy_basis", f"must be one of {', '.join(ENERGY_BASES)}")
        self.facility = np.array([v == "facility" for v in eb.values] + [False])[eb.codes]
        e.add(
            self.facility & np.isnan(self.energy),
            "energy_basis",
            "says what energy_kwh measures: give energy_kwh with it",
        )
        self.grid = _numeric(df, "grid_intensity", e)
        _range(
            e, self.grid, "grid_intensity", low=0.0, strict_low=False, what="must be >= 0 gCO2e/kWh"
        )
        self.include = _flags(df, e)
        self.units = _numeric(df, "functional_units", e)
        _range(e, self.units, "functional_units", low=0.0, strict_low=True, what="must be > 0")
        self.has_hw = ~no_model | ~np.isnan(self.power_w)
        no_energy = np.isnan(self.energy)
        e.add(no_energy & np.isnan(self.hours), "hours", "give hours (with hardware) or energy_kwh")
        e.add(
            ~no_energy & np.isnan(self.hours) & self.include & self.has_hw,
            "hours",
            "required to amortize the embodied carbon of the listed hardware "
            "(or set include_embodied to false)",
        )
        e.add(
            self.location.missing & np.isnan(self.grid),
            "location",
            "required unless grid_intensity is given",
        )
        self.first_of_job = np.ones(len(df), bool)
        if "job" in df.columns:
            self._jobs(df)

    def _jobs(self, df: pd.DataFrame) -> None:
        """Long form: job-level columns must agree across a job's rows; energy counts once."""
        self.first_of_job = ~df["job"].duplicated(keep="first").to_numpy()
        shared = [c for c in JOB_COLUMNS if c in df.columns]
        if not shared or self.first_of_job.all():
            return
        spread = df.groupby("job", sort=False, dropna=False)[shared].nunique(dropna=False)
        for col in shared:
            jobs = spread.index[spread[col].to_numpy() > 1]
            if len(jobs):
                self.errors.add(
                    df["job"].isin(jobs).to_numpy(),
                    col,
                    "differs between the rows of one job (a job-level column)",
                )

    def _pue(self, df: pd.DataFrame) -> None:
        """``pue`` holds numbers (explicit PUE) and/or operator ids (text), row by row."""
        import numpy as np

        pd = _pd()
        col = _column(df, "pue")
        n = len(df)
        self.pue_value = np.full(n, np.nan)
        self.pue_operator = _Cat(np.full(n, -1, dtype=np.int64), ())
        if col is None:
            return
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            numbers = col.to_numpy(dtype=float, na_value=np.nan)
        else:
            text = _text(df, "pue")
            parsed = np.array([_float(v) for v in text.values] + [np.nan])
            numbers = parsed[text.codes]
            ops = np.array([np.isnan(p) for p in parsed[:-1]] + [False])
            self.pue_operator = _Cat(np.where(ops[text.codes], text.codes, -1), text.values)
        inf = np.isinf(numbers)
        self.errors.add(inf, "pue", "must be a finite number")
        numbers = np.where(inf, np.nan, numbers)
        self.pue_value = numbers
        _range(
            self.errors,
            numbers,
            "pue",
            low=1.0,
            strict_low=False,
            what="must be >= 1: facility energy >= IT energy",
        )


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


# -- resolution: once per distinct key, with the per-job engine's own plans ----------------
def _combine(parts: Sequence[Any]) -> tuple[Any, list[tuple[int, ...]]]:
    """Row codes for the combination of several small-integer key columns, and the distinct
    combinations (as tuples of the parts' values) in code order."""
    import numpy as np

    pd = _pd()
    key = np.zeros(len(parts[0]), dtype=np.int64)
    dense = []
    for part in parts:
        codes, uniques = pd.factorize(part, use_na_sentinel=False)
        dense.append(uniques)
        key = key * max(len(uniques), 1) + codes
    codes, combined = pd.factorize(key)
    distinct = []
    for k in combined:
        values = []
        for uniques in reversed(dense):
            k, r = divmod(int(k), max(len(uniques), 1))
            values.append(uniques[r])
        distinct.append(tuple(reversed(values)))
    return codes, distinct


def _year_int(year: Any) -> Any:
    import numpy as np

    return np.where(np.isnan(year), -1, year).astype(np.int64)
