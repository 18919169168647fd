"""Footprints of many jobs at once, as columns: the vectorized twin of the per-job engine.

HPC centres, ML platforms and cloud teams hold millions of job records already in CSV or
Parquet. Looping over them one dict at a time spends almost all its time in Python; here a
frame is validated column by column, factors are resolved once per distinct key (model,
location, year, ...) with the very same resolution code as the per-job engine (its plans),
and the arithmetic of ``arithmetic.py`` runs on whole columns. Results equal the per-job
engine's to floating-point tolerance (a property test holds them to it).

Layout (``docs/frames.md``): one row per job, columns named like the job document —
``model``, ``count``, ``utilization``, ``power_w``, ``embodied_kgco2e``, ``lifetime_years``,
``in_use_share`` (the hardware line), and ``hours``, ``energy_kwh``, ``energy_basis``, ``location``, ``year``,
``basis``, ``pue`` (a number or an operator id), ``grid_intensity``, ``include_embodied``,
``functional_units``. A job with several hardware lines is given in *long form*: one row per
line, all rows of a job sharing a ``job`` id and the job-level columns; every output number
is then the row's own share and a job's footprint is the sum of its rows (operational
carbon is additive across lines, so nothing is approximated). In long form ``energy_kwh``,
like every job-level column, is the job's: equal on its rows and counted once. ``count``
may be fractional in a frame (a share of a node's sockets, as schedulers allocate them).

A bad row does not stop the batch: it gets ``error`` ("field: reason") and ``error_type``
(the problem type of the per-job engine: ``invalid-input``, ``not-found``,
``factor-not-found``) and NaN numbers; the other rows are computed. pandas is an optional
dependency (``pip install 'carbonfactors[frame]'``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import arithmetic as ar
from .dataset import Dataset, load_dataset
from .engine import CURVE, LINEAR, HardwarePlan, SitePlan, hardware_plan, site_plan
from .errors import CarbonFactorsError, InvalidInput
from .footprint_result import NUMBERS
from .frame_series import fill_hours, weight
from .jobs import (
    HARDWARE_KEYS,
    HardwareItem,
    Job,
)

if TYPE_CHECKING:
    import pandas as pd
from .frame_columns import JOB_COLUMNS as JOB_COLUMNS
from .frame_columns import (
    _Columns,
    _combine,
    _Errors,
    _pd,
    _year_int,
)

#: Columns read from the input, named like the job document (anything else passes through).
INPUT_COLUMNS = ("job", *HARDWARE_KEYS, *JOB_COLUMNS)
#: What ``include`` may ask for besides the numbers: bounds and the ids of the factors used.
EXTRAS = ("bounds", "factors")
FACTOR_COLUMNS = ("grid_factor", "pue_factor", "power_factor", "embodied_factor")
_BOUNDED = ("operational_kgco2e", "embodied_kgco2e", "total_kgco2e")


def read(source: str | Path | Any) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a pyarrow Table, or a CSV / Parquet file path."""
    pd = _pd()
    if isinstance(source, pd.DataFrame):
        return source
    if hasattr(source, "to_pandas"):
        return source.to_pandas()
    path = Path(source)
    if path.suffix in (".parquet", ".pq"):
        return pd.read_parquet(path)
    return pd.read_csv(path, keep_default_na=True)


# -- validation: column by column, first problem per row wins (the per-job order) ----------
def _site_plans(ds: Dataset, c: _Columns, ok: Any) -> tuple[Any, list[SitePlan | Exception]]:
    import numpy as np

    grid_given = ~np.isnan(c.grid)
    pue_given = ~np.isnan(c.pue_value)
    parts = [
        np.where(ok, c.location.codes, -1),
        _year_int(c.year),
        c.basis.codes,
        c.pue_operator.codes,
        grid_given,
        pue_given,
    ]
    codes, distinct = _combine(parts)
    plans: list[SitePlan | Exception] = []
    for loc, yr, basis, op, g_given, p_given in distinct:
        location = c.location.value(int(loc))
        job = Job(
            location=location,
            year=None if yr < 0 else int(yr),
            basis=c.basis.value(int(basis)) or "lifecycle",
            pue=1.0 if p_given else c.pue_operator.value(int(op)),
            grid_intensity=0.0 if g_given else None,
        )
        if location is None and not g_given:
            plans.append(InvalidInput("required unless grid_intensity is given", field="location"))
            continue
        try:
            plans.append(site_plan(ds, job))
        except CarbonFactorsError as exc:
            plans.append(exc.again())  # bare: its traceback would keep this call alive
    return codes, plans


def _hardware_plans(
    ds: Dataset, c: _Columns, ok: Any
) -> tuple[Any, list[HardwarePlan | Exception | None]]:
    import numpy as np

    parts = [
        np.where(ok, c.model.codes, -1),
        ~np.isnan(c.power_w),
        ~np.isnan(c.embodied),
        ~np.isnan(c.lifetime),
        ~np.isnan(c.share),
        c.include,
        np.isnan(c.energy),
        ok & c.has_hw,
    ]
    codes, distinct = _combine(parts)
    plans: list[HardwarePlan | Exception | None] = []
    for model, has_p, has_e, has_l, has_s, include, need_power, has_hw in distinct:
        if not has_hw:
            plans.append(None)
            continue
        item = HardwareItem(
            c.model.value(int(model)),
            1,
            None,
            1.0 if has_p else None,
            1.0 if has_e else None,
            1.0 if has_l else None,
            1.0 if has_s else None,
        )
        job = Job(
            hardware=(item,),
            hours=1.0,
            energy_kwh=None if need_power else 1.0,
            grid_intensity=0.0,
            include_embodied=bool(include),
        )
        try:
            plans.append(hardware_plan(ds, item, 0, job))
        except CarbonFactorsError as exc:
            plans.append(exc.again())  # bare: its traceback would keep this call alive
    return codes, plans


def _fail(errors: _Errors, codes: Any, plans: Sequence[Any]) -> None:
    """Mark the rows whose key failed to resolve, with the engine's own field and type."""
    for i, plan in enumerate(plans):
        if isinstance(plan, CarbonFactorsError):
            fld = (plan.field or "").removeprefix("hardware[0].") or "job"
            reason = plan.message.removeprefix(f"{plan.field}: ") if plan.field else plan.message
            errors.add(codes == i, fld, reason, plan.type)


# -- the kernel ----------------------------------------------------------------------------
def footprints(
    data: Any,
    *,
    dataset: Dataset | None = None,
    include: Iterable[str] = EXTRAS,
) -> pd.DataFrame:
    """Footprints of every row of ``data`` (see the module doc for the layout).

    Returns a copy of the input with ``energy_kwh`` (filled where it was not given),
    ``facility_energy_kwh``, ``operational_kgco2e``, ``embodied_kgco2e``, ``total_kgco2e``,
    their ``_low``/``_high`` bounds and the ids of the factors used (``include``),
    ``dataset_version`` and ``bundle`` (what reproduces the numbers), ``warnings`` (the
    caveats of the factors, "; "-joined), ``sci_kgco2e`` when ``functional_units`` is given, and
    ``error``/``error_type`` (None on computed rows).
    """
    pd = _pd()  # first: without the frame extra, the error names it (numpy comes with pandas)
    import numpy as np

    extras = set(include)
    unknown = extras - set(EXTRAS)
    if unknown:
        raise InvalidInput(f"include: unknown {sorted(unknown)} (one of {EXTRAS})", field="include")
    df = fill_hours(read(data))  # start/end give hours (frame_series)
    ds = dataset or load_dataset()
    c = _Columns(df)
    e = c.errors
    site_codes, sites = _site_plans(ds, c, e.ok)
    _fail(e, site_codes, sites)
    hw_codes, hws = _hardware_plans(ds, c, e.ok)
    _fail(e, hw_codes, hws)
    n = len(df)

    # Every quantity is a (3, n) array: value, low, high; each row of it contiguous.
    def gather(plans: Sequence[Any], codes: Any, get: Callable[[Any], Any]) -> Any:
        table = np.full((3, len(plans) + 1), np.nan)
        for i, p in enumerate(plans):
            if p is not None and not isinstance(p, Exception):
                v = get(p)
                if v is not None:
                    table[:, i] = v
        return table[:, codes]

    def override(arr: Any, given: Any) -> None:
        mask = ~np.isnan(given)
        if mask.any():
            arr[:, mask] = given[mask]

    # Site factors: resolved per key, then explicit per-row values override them.
    pue = gather(sites, site_codes, lambda s: s.pue)
    intensity = gather(sites, site_codes, lambda s: s.intensity)
    override(pue, c.pue_value)
    override(intensity, c.grid)
    timed_columns = weight(ds, df, c, intensity, sites, site_codes)  # start/end rows

    # Power per unit at the row's utilization, by the basis rule of ``HardwarePlan.watts``:
    # TDP-like values scale with utilization, measured averages are used as is, load curves
    # are interpolated.
    u = np.where(np.isnan(c.utilization), 1.0, c.utilization)
    power = gather(hws, hw_codes, lambda p: p.curve[0][1:] if p.scaling is not CURVE else None)
    scaled = np.zeros(len(hws) + 1, bool)
    scaled[: len(hws)] = [getattr(p, "scaling", None) is LINEAR for p in hws]
    power[:, scaled[hw_codes]] *= u[scaled[hw_codes]]
    for i, p in enumerate(hws):
        if isinstance(p, HardwarePlan) and p.scaling is CURVE:
            rows = hw_codes == i
            xs = [pt[0] for pt in p.curve]
            for k in range(3):
                power[k, rows] = np.interp(u[rows], xs, [pt[k + 1] for pt in p.curve])
    # A TPU slice name stands for several catalog units.
    multiplier = np.ones(len(hws) + 1)
    multiplier[: len(hws)] = [getattr(p, "multiplier", 1) or 1 for p in hws]
    count = c.count * multiplier[hw_codes]
    given_p = ~np.isnan(c.power_w)
    # No utilization given: the measured median draw in real work is the low end
    # (``HardwarePlan.watts``).
    typical = gather(hws, hw_codes, lambda p: None if p.typical is None else (p.typical,) * 3)
    low_end = np.isnan(c.utilization) & ~np.isnan(typical[1])
    power[1, low_end] = np.minimum(power[1, low_end], typical[1, low_end])
    del typical, low_end
    override(power, np.where(given_p, c.power_w * u, np.nan))
    np.nan_to_num(power, copy=False)  # no power needed (energy given, or an error row)

    # Embodied per hour per unit: the plan's amortization (M, L, s) with per-row overrides.
    def amortization(k: int) -> Any:
        return gather(
            hws, hw_codes, lambda p: None if p.amortization is None else p.amortization[k]
        )

    mass, life, share = amortization(0), amortization(1), amortization(2)
    override(mass, c.embodied)
    override(life, c.lifetime)
    override(share, c.share)
    share[:, c.model.missing & np.isnan(share[0])] = 1.0
    counted = c.include & ~np.isnan(mass[0]) & ~np.isnan(life[0])
    # The low bound divides by the high lifetime and share, and vice versa (rebound, so the
    # arrays in the original order are freed before the division's temporaries exist).
    life = life[[0, 2, 1]]
    share = share[[0, 2, 1]]
    with np.errstate(invalid="ignore", divide="ignore"):
        eph = ar.embodied_per_hour(mass, life, share)
    eph[:, ~counted] = 0.0
    # Every (3, n) temporary is let go as soon as it is used: a million rows hold 24 MB
    # in each, and the peak is what a caller's machine must have.
    del mass, life, share

    t = np.where(np.isnan(c.hours), 0.0, c.hours)
    energy = ar.line_energy_kwh(count, power, t)
    del power
    # A job's given energy is the job's: counted on its first row only.
    override(energy, np.where(c.first_of_job, c.energy, np.where(np.isnan(c.energy), np.nan, 0.0)))
    embodied = ar.line_embodied_kg(count, eph, t)
    del eph, t, count
    facility = ar.facility_energy_kwh(energy, pue)
    if c.facility.any():
        # energy_basis facility: the given energy is the facility energy; IT energy is
        # implied (its low bound divides by the high PUE), as in engine.compute.
        given = c.facility & ~np.isnan(c.energy)
        with np.errstate(invalid="ignore", divide="ignore"):
            implied = ar.it_energy_kwh(energy, pue[[0, 2, 1]])
        facility[:, given] = energy[:, given]
        energy[:, given] = implied[:, given]
    del pue
    operational = ar.operational_kg(facility, intensity)
    del intensity
    total = operational + embodied
    e.add(e.ok & ~np.isfinite(total[2]), "job", "the inputs are too large: the footprint overflows")
    if "job" in df.columns and not e.ok.all():
        # A job is computed whole or not at all: its total would silently miss a line.
        failed = df["job"].to_numpy(dtype=object)[~e.ok]
        e.add(df["job"].isin(failed).to_numpy(), "job", "another line of this job has an error")
    bad = ~e.ok

    columns: dict[str, Any] = {}
    for name, arr in zip(NUMBERS, (energy, facility, operational, embodied, total), strict=True):
        arr[:, bad] = np.nan
        # Without bounds (and always for the energies) only the value row is kept: a copy,
        # so the (3, n) array it came from is freed.
        columns[name] = arr[0] if "bounds" in extras and name in _BOUNDED else arr[0].copy()
    del energy, facility
    if "bounds" in extras:
        for name, arr in (
            ("operational_kgco2e", operational),
            ("embodied_kgco2e", embodied),
            ("total_kgco2e", total),
        ):
            columns[name + "_low"], columns[name + "_high"] = arr[1], arr[2]
    if "functional_units" in df.columns:
        columns["sci_kgco2e"] = total[0] / c.units  # a job's rows add up to its SCI
    ok = ~bad

    def obj(values: Any) -> Any:
        # An object column keeps None as None (pandas would turn it into NaN); the array
        # is used as it is (pandas 3 copies an array given to Series by default).
        return pd.Series(values, index=df.index, dtype=object, copy=False)

    def constant(value: Any) -> Any:
        # One object referenced n times: np.full(n, "2026.12", dtype=object) makes a new
        # str per row (~56 bytes each: 53 MiB per million rows for the version alone).
        values = np.empty(n, dtype=object)
        values.fill(value)
        return obj(values)

    columns["dataset_version"] = constant(ds.version)
    # Which bundle answered (open/full): with the version, what reproduces the numbers.
    columns["bundle"] = constant(getattr(ds, "bundle", None))
    for name, values in timed_columns.items():
        columns[name] = obj(values) if values.dtype == object else np.where(ok, values, np.nan)
    # The caveats of the site's factors travel with the numbers, as ``Footprint.warnings``.
    columns["warnings"] = obj(_warnings(sites, site_codes, ok))
    if "factors" in extras:
        columns["grid_factor"] = obj(
            _ids(sites, site_codes, ok & np.isnan(c.grid), lambda s: s.factors, "grid_intensity")
        )
        columns["pue_factor"] = obj(
            _ids(sites, site_codes, ok & np.isnan(c.pue_value), lambda s: s.factors, "pue")
        )
        columns["power_factor"] = obj(
            _ids(hws, hw_codes, ok & ~given_p & np.isnan(c.energy), lambda p: p.factors, ".power")
        )
        columns["embodied_factor"] = obj(
            _ids(
                hws, hw_codes, ok & counted & np.isnan(c.embodied), lambda p: p.factors, ".embodied"
            )
        )
    message, kind = e.columns()
    columns["error"], columns["error_type"] = obj(message), obj(kind)
    # copy=False: the columns are used as they are, not stacked into one block (a copy of
    # every number column at the very end, when the peak is highest).
    added = pd.DataFrame(columns, index=df.index, copy=False)
    return pd.concat([df.drop(columns=[k for k in columns if k in df.columns]), added], axis=1)


def _warnings(sites: Sequence[Any], codes: Any, mask: Any) -> Any:
    """Each row's site warnings, worded as ``Footprint.warnings`` ("role: text"), joined
    with ``"; "``; None where there is none (or the row failed)."""
    import numpy as np

    table = np.full(len(sites) + 1, None, dtype=object)
    for i, p in enumerate(sites):
        if isinstance(p, SitePlan):
            found = [f"{f.role}: {w}" for f in p.factors for w in f.warnings]
            table[i] = "; ".join(found) or None
    out = table[codes]
    out[~mask] = None
    return out


def _ids(plans: Sequence[Any], codes: Any, mask: Any, factors: Any, role: str) -> Any:
    """The id(s) of the factors of ``role`` each row used (None where none was used)."""
    import numpy as np

    table = np.full(len(plans) + 1, None, dtype=object)
    for i, p in enumerate(plans):
        if p is None or isinstance(p, Exception):
            continue
        ids = [u.id for u in factors(p) if u.id and (u.role == role or role in u.role)]
        table[i] = ",".join(ids) or None
    out = table[codes]
    out[~mask] = None
    return out


def totals(result: pd.DataFrame, by: str | Sequence[str] = "job") -> pd.DataFrame:
    """Sum a result's numbers by job (long form) or any grouping (location, month...)."""
    cols = [c for c in result.columns if c.endswith(("_kgco2e", "_kwh", "_low", "_high"))]
    return result.groupby(by, dropna=False)[cols].sum(min_count=1).reset_index()
