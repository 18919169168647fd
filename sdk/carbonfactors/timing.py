"""When a job ran: ``start``/``end`` (ISO 8601) or a power profile, parsed into ``Timing``.

A job document may say when it ran, so that an intensity series can weight its energy by
time (``temporal.py``):

* ``start`` and ``end``: the job drew constant power between them; ``hours`` may then be
  omitted (it is ``end - start``) and, if given, must agree;
* ``power_profile``: ``[{"time": ISO, "kw": IT power}, ...]`` in time order, each power
  holding until the next point and the last one until ``end`` (required). Its integral is
  the job's IT energy (it replaces a power estimate, so ``energy_kwh`` may not be given
  too); this is what a tracker's samples (CodeCarbon's ``emissions.csv`` rows) give.

Every error names its field (``power_profile[3].kw``) and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidInput
from .series import format_instant, parse_instant

#: hours and end - start may differ by this much (rounding in logs), in seconds.
TOLERANCE_S = 1.0
#: Most points a power profile may have (a year of minutes is 525,600).
MAX_PROFILE = 600_000


@dataclass(frozen=True)
class Timing:
    """A job's interval and how its power is spread over it."""

    start: float
    end: float
    #: (from, to, kW) segments of a power profile; empty for constant power.
    segments: tuple[tuple[float, float, float], ...] = ()

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 3600.0

    @property
    def energy_kwh(self) -> float | None:
        """IT energy of a power profile (None for constant power)."""
        if not self.segments:
            return None
        return sum(kw * (b - a) for a, b, kw in self.segments) / 3600.0

    def label(self) -> str:
        return f"{format_instant(self.start)}..{format_instant(self.end)}"


def _bad(fld: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{fld}: {reason}", field=fld)


def parse_profile(raw: Any, end: float | None) -> tuple[tuple[float, float, float], ...]:
    if not isinstance(raw, (list, tuple)) or not raw:
        raise _bad("power_profile", 'must be a non-empty list of {"time": ISO 8601, "kw": number}')
    if len(raw) > MAX_PROFILE:
        raise _bad("power_profile", f"at most {MAX_PROFILE} points (got {len(raw)})")
    if end is None:
        raise _bad("end", "required with power_profile (when the last power value stops)")
    times: list[float] = []
    kws: list[float] = []
    for i, point in enumerate(raw):
        p = f"power_profile[{i}]"
        if not isinstance(point, Mapping):
            raise _bad(p, 'must be an object {"time": ISO 8601, "kw": number}')
        extra = sorted(str(k) for k in point if k not in ("time", "kw"))
        if extra:
            raise _bad(f"{p}.{extra[0]}", "unknown key (allowed: time, kw)")
        t = parse_instant(point.get("time"), p + ".time")
        kw = point.get("kw")
        if isinstance(kw, bool) or not isinstance(kw, (int, float)) or kw != kw or kw < 0:
            raise _bad(p + ".kw", f"must be a number >= 0 (kW of IT power), not {kw!r}")
        if kw == float("inf"):
            raise _bad(p + ".kw", "must be finite")
        if times and t <= times[-1]:
            raise _bad(p + ".time", "must be after the previous point's time")
        times.append(t)
        kws.append(float(kw))
    if end <= times[-1]:
        raise _bad("end", "must be after the last power_profile point")
    bounds = [*times[1:], end]
    return tuple((a, b, kw) for a, b, kw in zip(times, bounds, kws, strict=True))


def parse_timing(doc: Mapping[str, Any]) -> Timing | None:
    """The job's timing from ``start``, ``end`` and ``power_profile`` (None if none given)."""
    raw_start, raw_end, raw_profile = doc.get("start"), doc.get("end"), doc.get("power_profile")
    if raw_start is None and raw_end is None and raw_profile is None:
        return None
    start = None if raw_start is None else parse_instant(raw_start, "start")
    end = None if raw_end is None else parse_instant(raw_end, "end")
    segments: tuple[tuple[float, float, float], ...] = ()
    if raw_profile is not None:
        segments = parse_profile(raw_profile, end)
        first = segments[0][0]
        if start is not None and start != first:
            raise _bad("start", "must equal the first power_profile time (or be omitted)")
        start = first
    if start is None:
        raise _bad("start", "required with end (or give a power_profile)")
    if end is None:
        raise _bad("end", "required with start")
    if end <= start:
        raise _bad("end", "must be after start")
    return Timing(start, end, segments)


def reconcile_hours(timing: Timing, hours: float | None) -> float:
    """``hours`` from the timing, or the given one when it agrees."""
    if hours is None:
        return timing.hours
    if abs(hours * 3600.0 - (timing.end - timing.start)) > TOLERANCE_S:
        raise _bad(
            "hours",
            f"{hours:g} disagrees with end - start ({timing.hours:g} h); omit hours or fix it",
        )
    return hours
