"""When to run: the same job at every start time of a window, ranked by carbon.

``compare(job, location, starts=("2023-06-07T00:00:00Z", "2023-06-08T00:00:00Z"))`` moves
the job (its ``hours`` long) through the window in steps of the zone's series resolution
(or ``every``), computes each start with the one engine (time-weighted where the series
covers it) and ranks them, lowest carbon first. The job must fit in the window: the last
start is ``window end - hours``. A start the series does not cover is still computed (at
the annual factor) and its ``temporal_resolution`` says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput
from .jobs import Job, parse_job
from .series import RESOLUTIONS, format_instant, parse_instant

if TYPE_CHECKING:
    from .dataset import Dataset
    from .engine import Footprint

#: Most start times one ranking computes (a week of half-hours is 336).
MAX_STARTS = 20_000


@dataclass(frozen=True)
class StartRanking:
    """Start times ranked by total carbon (lowest first), each with its footprint."""

    location: str
    ranked: tuple[tuple[str, Footprint], ...]
    dataset_version: str

    @property
    def best(self) -> tuple[str, Footprint]:
        return self.ranked[0]

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for i, (start, fp) in enumerate(self.ranked):
            rows.append(
                {
                    "rank": i + 1,
                    "start": start,
                    "end": fp.job.end,
                    "total_kgco2e": fp.total_kgco2e,
                    "operational_kgco2e": fp.operational_kgco2e,
                    "grid_intensity": fp.site.intensity[0],
                    "temporal_resolution": fp.temporal_resolution,
                }
            )
        return {
            "location": self.location,
            "dataset_version": self.dataset_version,
            "ranking": rows,
        }

    def table(self) -> str:
        lines = [f"{'rank':>4}  {'start':<21} {'g/kWh':>8}  {'total kgCO2e':>14}  resolution"]
        for i, (start, fp) in enumerate(self.ranked):
            lines.append(
                f"{i + 1:>4}  {start:<21} {fp.site.intensity[0]:>8.1f}  "
                f"{fp.total_kgco2e:>14.4f}  {fp.temporal_resolution}"
            )
        return "\n".join(lines) + "\n"


def rank_starts(
    job: Mapping[str, Any] | Job,
    location: str,
    window: tuple[str, str],
    ds: Dataset,
    every: str | None = None,
) -> StartRanking:
    from .engine import Planner

    base = job.to_dict() if isinstance(job, Job) else dict(job)
    for key in ("start", "end", "power_profile"):
        if key in base:
            raise InvalidInput(
                f"{key}: give the job without it: starts= moves the job through the window",
                field=key,
            )
    hours = base.get("hours")
    if hours is None:
        raise InvalidInput(
            "hours: required to move the job through a window of starts", field="hours"
        )
    if not isinstance(window, (tuple, list)) or len(window) != 2:
        raise InvalidInput("starts: give (window start, window end) as ISO 8601", field="starts")
    a = parse_instant(window[0], "starts[0]")
    b = parse_instant(window[1], "starts[1]")
    parse_job(dict(base, location=location))  # a bad job is the caller's error
    if every is None:
        found = ds.intensity_series.of(ds.zone(location)[0].id) if ds.intensity_series else []
        step = found[0].step if found else RESOLUTIONS["PT1H"]
    elif every in RESOLUTIONS:
        step = RESOLUTIONS[every]
    else:
        raise InvalidInput(f"every: one of {', '.join(RESOLUTIONS)}", field="every")
    duration = float(hours) * 3600.0
    last = b - duration
    if last < a:
        raise InvalidInput(
            f"starts: a {hours:g} h job does not fit in the window {window[0]}..{window[1]}",
            field="starts",
        )
    n = int((last - a) // step) + 1
    if n > MAX_STARTS:
        raise InvalidInput(f"starts: {n} start times; at most {MAX_STARTS}", field="starts")
    planner = Planner.of(ds)
    out = []
    for k in range(n):
        s = a + k * step
        doc = dict(
            base, location=location, start=format_instant(s), end=format_instant(s + duration)
        )
        fp = planner.footprint(parse_job(doc))
        out.append((format_instant(s), fp))
    out.sort(key=lambda r: (r[1].total_kgco2e, r[0]))
    return StartRanking(location, tuple(out), ds.version)
