"""Time-aware footprints: grid intensity weighted by when the energy was drawn.

A job that says when it ran (``timing.py``) is priced, where an intensity series covers
its zone, basis and period, at the energy-weighted mean of the series over its interval:

    I = s * I_series + (1 - s) * I_annual

``s`` is the share of the job's energy drawn in slots the series covers (missing slots are
not covered) and ``I_annual`` the annual factor the job would use without a series (its
resolution trail is kept). The result reports ``temporal_resolution`` (the series'
``PT30M``, or ``annual``), ``s``, the share priced at estimated points, the annual-mean
result beside the time-weighted one, and the series' caveat (e.g. "CO2 only, direct").
Nothing is priced at zero for lack of data: an uncovered share is priced at the annual
factor, and the result says so.

The series comes from the dataset (versioned) or from a live provider
(``carbonfactors.providers``), whose name the result then carries beside the dataset
version.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .plans import SitePlan, Triple, UsedFactor
from .series import Coverage, Series, combined_coverage, format_instant

if TYPE_CHECKING:
    from .dataset import Dataset
    from .jobs import Job
    from .providers import Provider

ANNUAL = "annual"


@dataclass(frozen=True)
class Temporal:
    """How time entered a footprint (attached to its ``SitePlan``)."""

    resolution: str
    start: float
    end: float
    #: The annual factor triple the job would use without a series (the "beside" figure).
    annual: Triple
    covered_share: float = 0.0
    estimated_share: float = 0.0
    #: Energy-weighted mean over the covered part (None when nothing is covered).
    series_mean: float | None = None
    series: tuple[Series, ...] = ()
    provider: str | None = None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self, facility_kwh: float, embodied_kg: float) -> dict[str, Any]:
        annual_op = facility_kwh * self.annual[0] / 1000.0
        out: dict[str, Any] = {
            "temporal_resolution": self.resolution,
            "start": format_instant(self.start),
            "end": format_instant(self.end),
            "covered_energy_share": self.covered_share,
            "estimated_energy_share": self.estimated_share,
            "series_mean_intensity": self.series_mean,
            #: The series' own mean over its whole span (its year), unweighted by any load.
            "series_annual_mean_intensity": (
                self.series[0].annual_mean() if len(self.series) == 1 else None
            ),
            "series": [
                {
                    "id": s.id,
                    "zone": s.zone,
                    "resolution": s.resolution,
                    "unit": s.unit,
                    "basis": s.basis,
                    "accounting": s.accounting,
                    "gas": s.gas,
                    "source": s.source,
                    "license": s.license,
                    "provider": s.provider,
                }
                for s in self.series
            ],
            "provider": self.provider,
            "annual": {
                "grid_intensity": self.annual[0],
                "operational_kgco2e": annual_op,
                "total_kgco2e": annual_op + embodied_kg,
            },
            "notes": list(self.notes),
        }
        return out


def _zones(ds: Dataset, location: str) -> list[str]:
    """The location, then the grid zones it draws from (a cloud region's grid, its parents)."""
    zone, _ = ds.zone(location)
    return [zone.id, *(z for z, _ in ds.grid_chain(zone) if z != zone.id)]


def _coverage(series: list[Series], timing: Any) -> tuple[float, float, float, float]:
    """(energy-weight, covered, estimated, ∫I) over the job, in kWh-like units."""
    segs = timing.segments or ((timing.start, timing.end, 1.0),)
    total = cov = est = integral = 0.0
    for a, b, kw in segs:
        c: Coverage = combined_coverage(series, a, b)
        total += kw * (b - a)
        cov += kw * c.covered_s
        est += kw * c.estimated_s
        integral += kw * c.integral
    return total, cov, est, integral


def timed_site(ds: Dataset, job: Job, site: SitePlan, provider: Provider | None = None) -> SitePlan:
    """The site plan of a timed job: intensity weighted by the series covering it."""
    timing = job.timing
    assert timing is not None
    annual = site.intensity
    notes: list[str] = []
    if job.grid_intensity is not None:
        t = Temporal(
            ANNUAL,
            timing.start,
            timing.end,
            annual,
            notes=("grid_intensity given in the job: not weighted by time",),
        )
        return replace(site, temporal=t)
    assert job.location is not None
    series: list[Series] = []
    provider_name = None
    if provider is not None:
        from .providers import fetch_for_job

        series, provider_name, more = fetch_for_job(provider, ds, job)
        notes.extend(more)
    if not series and provider_name is None:
        index = ds.intensity_series
        for zone in _zones(ds, job.location) if index else ():
            found = index.of(zone, job.basis)
            if found:
                series = found
                if zone != job.location:
                    notes.append(f"series of {zone}, the grid {job.location} draws from")
                break
            other = index.of(zone)
            if other:
                bases = sorted({s.basis for s in other})
                notes.append(
                    f"{zone} has an intensity series on basis {', '.join(bases)}, not "
                    f"{job.basis}: set basis to {bases[0]} to weight by time"
                )
                break
    if not series:
        if not notes:
            notes.append(f"no intensity series for {job.location}: annual factor used")
        t = Temporal(ANNUAL, timing.start, timing.end, annual, notes=tuple(notes))
        return replace(site, temporal=t)
    total, cov, est, integral = _coverage(series, timing)
    share = cov / total if total > 0 else 0.0
    if share <= 0.0:
        notes.append(
            f"the series of {series[0].zone} does not cover {timing.label()}: annual factor used"
        )
        t = Temporal(
            ANNUAL,
            timing.start,
            timing.end,
            annual,
            notes=tuple(notes),
            series=tuple(series[:1]),
            provider=provider_name,
        )
        return replace(site, temporal=t)
    mean = integral / cov
    rest = 1.0 - share
    intensity = (
        share * mean + rest * annual[0],
        share * mean + rest * annual[1],
        share * mean + rest * annual[2],
    )
    if rest > 1e-12:
        notes.append(
            f"{rest:.1%} of the energy falls in slots the series does not cover (missing "
            f"points or outside its span): priced at the annual factor {annual[0]:g}"
        )
    est_share = est / total
    if est_share > 0:
        notes.append(f"{est_share:.1%} of the energy is priced at estimated points")
    first = series[0]
    notes.append(first.caveat)
    used = UsedFactor(
        "grid_intensity.series",
        "grid_intensity",
        mean,
        first.unit,
        first.id,
        int(format_instant(first.start)[:4]),
        first.basis,
        source=first.source if provider_name is None else f"provider:{provider_name}",
        resolution=(
            f"{first.resolution} series of {first.zone}, energy-weighted over "
            f"{timing.label()}: covers {share:.1%} of the energy"
        ),
    )
    t = Temporal(
        first.resolution,
        timing.start,
        timing.end,
        annual,
        share,
        est_share,
        mean,
        tuple(s for s in series if s.start < timing.end and s.end > timing.start),
        provider_name,
        tuple(notes),
    )
    return replace(site, intensity=intensity, factors=(*site.factors, used), temporal=t)
