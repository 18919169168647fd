"""Intensity series: grid intensity over time (half-hourly, hourly), stored as data.

A series is one zone's intensity on a regular time grid: a start instant (UTC), a
resolution (``PT30M``, ``PT1H``...), one value per slot, and one flag per slot saying
whether the value is measured (``"."``), estimated (``"e"``: e.g. a forecast standing in for
a missing or zero measurement) or missing (``"m"``: no value). It is stored in a snapshot
as one compact record (values as one comma-separated text, flags as one character per
slot), not as one factor per point: a year of half-hours is 17,520 points.

Weighting a job by time is an integral over the slots it covers. Prefix sums over the
slots make that integral O(1) per interval whatever its length, which is what lets the
frame engine weight a year of half-hours for 100,000 jobs in well under a second
(``benchmarks/series_weighting.py``). Missing slots are *not covered*: their energy is
reported as uncovered and priced at the annual factor by the caller, never at zero.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidInput

#: ISO 8601 durations a series may use -> seconds.
RESOLUTIONS: dict[str, int] = {"PT15M": 900, "PT30M": 1800, "PT1H": 3600}
#: Flag of a slot (one character each): measured, estimated (a value standing in for a
#: missing or zero measurement), missing (no value).
MEASURED, ESTIMATED, MISSING = ".", "e", "m"
#: CSV words of the flags (the factor files are written for people).
FLAG_WORDS = {MEASURED: "", ESTIMATED: "estimated", MISSING: "missing"}
WORD_FLAGS = {v: k for k, v in FLAG_WORDS.items()}
#: Units a series may be in: CO2-equivalent, or CO2 only (said on every result using it).
SERIES_UNITS = ("gCO2e/kWh", "gCO2/kWh")
#: Values above this are impossible for a grid (the dirtiest lignite plant is ~1,200 g).
MAX_INTENSITY = 2000.0

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def parse_instant(text: Any, fld: str) -> float:
    """Seconds since the epoch of an ISO 8601 instant with a time zone (``Z`` or an offset).

    A naive time is refused: a half-hour grid in UTC cannot be matched to "local time"
    without guessing the zone and its daylight-saving rules.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(
            f"{fld}: must be an ISO 8601 date-time string (e.g. 2023-06-01T00:00:00Z)", field=fld
        )
    t = text.strip()
    if t.endswith(("Z", "z")):
        t = t[:-1] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(t)
    except ValueError:
        raise InvalidInput(
            f"{fld}: '{text}' is not an ISO 8601 date-time (e.g. 2023-06-01T00:00:00Z)",
            field=fld,
        ) from None
    if when.tzinfo is None:
        raise InvalidInput(
            f"{fld}: '{text}' has no time zone; add Z (UTC) or an offset such as +01:00",
            field=fld,
        )
    return (when - _EPOCH).total_seconds()


def format_instant(seconds: float) -> str:
    """``2023-06-01T00:00:00Z`` for seconds since the epoch (UTC, whole seconds)."""
    when = _EPOCH + dt.timedelta(seconds=round(seconds))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Coverage:
    """What a series says about an interval: seconds covered, estimated, and ∫ I dt."""

    seconds: float
    covered_s: float
    estimated_s: float
    #: Integral of intensity over the covered seconds (g/kWh × s).
    integral: float

    @property
    def mean(self) -> float | None:
        """Mean intensity over the covered part (None when nothing is covered)."""
        return self.integral / self.covered_s if self.covered_s > 0 else None


@dataclass(frozen=True)
class Series:
    """One zone's intensity on a regular time grid (see the module doc)."""

    id: str
    zone: str
    start: float
    step: int
    values: tuple[float | None, ...]
    flags: str
    unit: str
    basis: str
    source: str
    resolution: str
    accounting: str | None = None
    #: "CO2" when only carbon dioxide is counted (say so on every result using it).
    gas: str | None = None
    method: str | None = None
    license: str | None = None
    #: Who supplied it: "dataset" (a versioned series) or a live provider's name.
    provider: str = "dataset"
    _cum: tuple[list[float], list[float], list[float]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def end(self) -> float:
        return self.start + self.step * len(self.values)

    @property
    def caveat(self) -> str:
        """The sentence every result using this series carries."""
        gas = "CO2 only (not CO2e)" if self.gas == "CO2" else "CO2e"
        acc = f", {self.accounting}-based" if self.accounting else ""
        who = f"{self.source}" + (f", {self.license}" if self.license else "")
        return (
            f"intensity series {self.id} ({who}): {self.resolution} values, {gas}, "
            f"{self.basis} emissions{acc}"
        )

    # -- records ---------------------------------------------------------------------------
    @classmethod
    def from_record(cls, rec: Mapping[str, Any], license: str | None = None) -> Series:
        """A series from its snapshot record (``values`` and ``flags`` as compact text)."""
        step = RESOLUTIONS[rec["resolution"]]
        values = tuple(None if v == "" else float(v) for v in rec["values"].split(","))
        flags = rec["flags"]
        if len(flags) != len(values):
            raise ValueError(f"series {rec['id']}: {len(values)} values but {len(flags)} flags")
        return cls(
            rec["id"],
            rec["zone"],
            parse_instant(rec["start"], "start"),
            step,
            values,
            flags,
            rec["unit"],
            rec["basis"],
            rec["source"],
            rec["resolution"],
            rec.get("accounting"),
            rec.get("gas"),
            rec.get("method"),
            license,
        )

    # -- the integral ----------------------------------------------------------------------
    def _prefix(self) -> tuple[list[float], list[float], list[float]]:
        """Prefix sums (per slot boundary) of ∫I, covered slots and estimated slots."""
        if self._cum is None:
            ci, cc, ce = [0.0], [0.0], [0.0]
            si = sc = se = 0.0
            for v, f in zip(self.values, self.flags, strict=True):
                if v is not None and f != MISSING:
                    si += v
                    sc += 1.0
                    if f == ESTIMATED:
                        se += 1.0
                ci.append(si)
                cc.append(sc)
                ce.append(se)
            object.__setattr__(self, "_cum", (ci, cc, ce))
        assert self._cum is not None
        return self._cum

    def arrays(self) -> tuple[list[float], list[float], list[float]]:
        """The prefix sums (∫I, covered, estimated per slot boundary), for vectorized use."""
        return self._prefix()

    def coverage(self, a: float, b: float) -> Coverage:
        """Coverage of the interval [a, b) (seconds since the epoch), at constant power."""
        ci, cc, ce = self._prefix()
        xa = (a - self.start) / self.step
        xb = (b - self.start) / self.step

        def at(x: float, cum: list[float]) -> float:
            n = len(self.values)
            if x <= 0:
                return 0.0
            if x >= n:
                return cum[n]
            k = int(x)
            return cum[k] + (x - k) * (cum[k + 1] - cum[k])

        s = self.step
        return Coverage(
            b - a,
            (at(xb, cc) - at(xa, cc)) * s,
            (at(xb, ce) - at(xa, ce)) * s,
            (at(xb, ci) - at(xa, ci)) * s,
        )

    def points(
        self, a: float | None = None, b: float | None = None
    ) -> Iterator[tuple[float, float | None, str]]:
        """(slot start, value, flag) of the slots overlapping [a, b) (all by default)."""
        n = len(self.values)
        lo = 0 if a is None else max(0, int((a - self.start) // self.step))
        hi = n if b is None else min(n, -int(-(b - self.start) // self.step))
        for k in range(lo, hi):
            yield self.start + k * self.step, self.values[k], self.flags[k]

    def annual_mean(self) -> float | None:
        """Mean over the covered slots of the whole series (unweighted by any load)."""
        ci, cc, _ = self._prefix()
        return ci[-1] / cc[-1] if cc[-1] else None


class SeriesIndex:
    """The series of a dataset, by zone and basis, each zone's sorted by start."""

    def __init__(self, records: Iterable[Mapping[str, Any]], licenses: Mapping[str, str]) -> None:
        self._records = list(records)
        self._licenses = licenses
        self._by_zone: dict[str, list[Series]] | None = None
        self._starts: dict[tuple[str, str], list[float]] = {}

    def __bool__(self) -> bool:
        return bool(self._records)

    def _index(self) -> dict[str, list[Series]]:
        """Decoded on first use: opening a dataset never pays for the points."""
        if self._by_zone is None:
            out: dict[str, list[Series]] = {}
            for rec in self._records:
                s = Series.from_record(rec, self._licenses.get(rec["source"]))
                out.setdefault(s.zone, []).append(s)
            for lst in out.values():
                lst.sort(key=lambda s: (s.basis, s.start))
            self._by_zone = out
        return self._by_zone

    def zones(self) -> list[str]:
        return sorted({rec["zone"] for rec in self._records})

    def of(self, zone: str, basis: str | None = None) -> list[Series]:
        """Every series of ``zone`` (of one basis when given), in time order."""
        found = self._index().get(zone, [])
        return found if basis is None else [s for s in found if s.basis == basis]

    def by_id(self, sid: str) -> Series | None:
        for lst in self._index().values():
            for s in lst:
                if s.id == sid:
                    return s
        return None

    def covering(self, zone: str, basis: str, a: float) -> Series | None:
        """The series of ``zone``/``basis`` whose span contains instant ``a``, if any."""
        lst = self.of(zone, basis)
        key = (zone, basis)
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = [s.start for s in lst]
        i = bisect_right(starts, a) - 1
        if i >= 0 and a < lst[i].end:
            return lst[i]
        return None


def combined_coverage(series: list[Series], a: float, b: float) -> Coverage:
    """Coverage of [a, b) by several series of one zone and basis (years side by side)."""
    cov, est, integral = 0.0, 0.0, 0.0
    for s in series:
        lo, hi = max(a, s.start), min(b, s.end)
        if hi > lo:
            c = s.coverage(lo, hi)
            cov += c.covered_s
            est += c.estimated_s
            integral += c.integral
    return Coverage(b - a, cov, est, integral)
