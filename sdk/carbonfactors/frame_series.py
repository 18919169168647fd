"""Time weighting in frames: ``start``/``end`` columns, the vectorized twin of ``temporal``.

Rows that give ``start`` and ``end`` (ISO 8601 with a zone) are priced, where an intensity
series covers their zone, basis and period, at ``s * I_series + (1 - s) * I_annual`` exactly
as the per-job engine does (``temporal.py``; a test holds the two equal). The integral over
each row's interval comes from the series' prefix sums, so a row costs O(1) whatever its
length: a year of half-hours for 100,000 rows is a few NumPy passes
(``benchmarks/series_weighting.py``). ``hours`` may be omitted on such rows (it is
``end - start``).

Per-job only (a clear error in a frame, never silently ignored): ``power_profile``,
``market`` and ``ownership`` columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .temporal import ANNUAL, _zones

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

PER_JOB_ONLY = ("power_profile", "market", "ownership")


def _epoch(df: pd.DataFrame, name: str) -> tuple[Any, Any]:
    """Seconds since the epoch (NaN when absent) and a mask of unreadable cells."""
    import numpy as np
    import pandas as pd

    if name not in df.columns:
        return np.full(len(df), np.nan), np.zeros(len(df), bool)
    raw = df[name]
    given = raw.notna().to_numpy()
    text = raw.astype("string")
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    # A time without a zone is refused, as in the per-job engine (timing.py).
    naive = ~text.str.contains(r"(?:Z|z|[+-]\d\d:?\d\d)$", regex=True, na=False).to_numpy()
    secs = (
        (parsed - pd.Timestamp("1970-01-01", tz="UTC"))
        .dt.total_seconds()
        .to_numpy(float, copy=True)
    )
    bad = given & (np.isnan(secs) | naive)
    secs[bad] = np.nan
    return secs, bad


def fill_hours(df: pd.DataFrame) -> pd.DataFrame:
    """``hours`` = end - start where it is missing and both are given (a copy if changed)."""
    import numpy as np

    if "start" not in df.columns or "end" not in df.columns:
        return df
    hours = df["hours"].to_numpy(float) if "hours" in df.columns else np.full(len(df), np.nan)
    if not np.isnan(hours).any():
        return df  # nothing to fill: skip parsing the times twice
    a, _ = _epoch(df, "start")
    b, _ = _epoch(df, "end")
    span = (b - a) / 3600.0
    fill = np.isnan(hours) & (span > 0)
    if not fill.any():
        return df
    out = df.copy()
    out["hours"] = np.where(fill, span, hours)
    return out


def weight(
    ds: Dataset, df: pd.DataFrame, c: Any, intensity: Any, sites: list[Any], site_codes: Any
) -> dict[str, Any]:
    """Reweight ``intensity`` (3 x n) in place for timed rows; returns the added columns."""
    import numpy as np

    e = c.errors
    n = len(df)
    for name in PER_JOB_ONLY:
        if name in df.columns:
            e.add(
                df[name].notna().to_numpy(),
                name,
                "not supported in frames: compute these jobs with carbonfactors.footprints()",
            )
    if "start" not in df.columns and "end" not in df.columns:
        return {}
    a, bad_a = _epoch(df, "start")
    b, bad_b = _epoch(df, "end")
    e.add(bad_a, "start", "must be an ISO 8601 date-time with a time zone")
    e.add(bad_b, "end", "must be an ISO 8601 date-time with a time zone")
    timed = ~np.isnan(a) & ~np.isnan(b)
    e.add(~np.isnan(a) & np.isnan(b) & ~bad_b, "end", "required with start")
    e.add(timed & (b <= a), "end", "must be after start")
    hours = c.hours
    e.add(
        timed & ~np.isnan(hours) & (np.abs(hours * 3600.0 - (b - a)) > 1.0),
        "hours",
        "disagrees with end - start",
    )
    timed &= e.ok & np.isnan(c.grid) & (b > a)
    covered = np.zeros(n)
    resolution = np.full(n, ANNUAL, dtype=object)
    resolution[np.isnan(a)] = None
    index = ds.intensity_series
    if not index or not timed.any():
        return {"temporal_resolution": resolution, "covered_energy_share": covered}
    for i, plan in enumerate(sites):
        rows = timed & (site_codes == i)
        if isinstance(plan, Exception) or plan is None or not rows.any() or plan.location is None:
            continue
        series: list[Any] = []
        for zone in _zones(ds, plan.location):
            series = index.of(zone, plan.basis)
            if series or index.of(zone):
                break
        if not series:
            continue
        ra, rb = a[rows], b[rows]
        cov = np.zeros(rows.sum())
        integral = np.zeros(rows.sum())
        for s in series:
            ci, cc, _ = (np.asarray(x) for x in s.arrays())
            m = len(s.values)

            def at(t: Any, cum: Any, s: Any = s, m: int = m) -> Any:
                x = np.clip((t - s.start) / s.step, 0.0, m)
                k = np.minimum(np.floor(x).astype(np.int64), m - 1)
                return cum[k] + (x - k) * (cum[k + 1] - cum[k])

            cov += (at(rb, cc) - at(ra, cc)) * s.step
            integral += (at(rb, ci) - at(ra, ci)) * s.step
        share = cov / (rb - ra)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(cov > 0, integral / np.where(cov > 0, cov, 1.0), 0.0)
        share = np.where(cov > 0, share, 0.0)
        for k in range(3):
            intensity[k, rows] = share * mean + (1.0 - share) * intensity[k, rows]
        covered[rows] = share
        resolution[np.flatnonzero(rows)[share > 0]] = series[0].resolution
    return {"temporal_resolution": resolution, "covered_energy_share": covered}
