"""The zone page's intensity series: a day view and a year view, as server-rendered SVG.

Like ``chart.py`` this only computes geometry (the template ``explorer/_series.html``
writes the elements): the **day** view draws each slot of one UTC day (missing slots
break the line, estimated ones are marked), the **year** view each day's mean with its
daily minimum-maximum band. The numbers are the series the footprint engine weights with
(``Dataset.intensity_series``), and the page links the API's points of the same window.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from carbonfactors.series import MISSING, Series, format_instant

from .chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, Tick, nice_step

DAY_S = 86400


@dataclass(frozen=True)
class SeriesChart:
    title: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    #: Polylines (``points`` attributes), split where values are missing.
    paths: tuple[str, ...]
    #: The year view's daily min-max band (an SVG ``points`` polygon), or "".
    band: str
    #: (x, y, label) of estimated points (day view).
    estimated: tuple[tuple[float, float, str], ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    unit: str
    missing: int
    total: int

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_right(self) -> int:
        return self.width - self.right


def _y_axis(top_value: float) -> tuple[float, float]:
    step = nice_step(top_value)
    y_max = step * max(1, math.ceil(top_value / step))
    if y_max <= top_value * 1.02:
        y_max += step
    return step, y_max


def _geometry(
    xs: list[float], ys: list[float | None], x_span: float, y_max: float
) -> tuple[list[str], Any, Any]:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(x: float) -> float:
        return LEFT + x / x_span * plot_w

    def y_of(v: float) -> float:
        return TOP + plot_h - v / y_max * plot_h

    paths: list[str] = []
    current: list[str] = []
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            if current:
                paths.append(" ".join(current))
            current = []
            continue
        current.append(f"{x_of(x):.1f},{y_of(y):.1f}")
    if current:
        paths.append(" ".join(current))
    return paths, x_of, y_of


def day_chart(series: Series, day: dt.date) -> SeriesChart:
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()
    pts = list(series.points(start, start + DAY_S))
    values = [v for _, v, f in pts if f != MISSING and v is not None]
    step, y_max = _y_axis(max(values, default=1.0))
    xs = [t - start + series.step / 2 for t, _, _ in pts]
    ys = [None if f == MISSING else v for _, v, f in pts]
    paths, x_of, y_of = _geometry(xs, ys, DAY_S, y_max)
    est = tuple(
        (
            x_of(t - start + series.step / 2),
            y_of(v),
            f"{format_instant(t)[11:16]} UTC: {v:g} (estimated)",
        )
        for t, v, f in pts
        if f == "e" and v is not None
    )
    x_ticks = tuple(Tick(x_of(h * 3600), f"{h:02d}:00") for h in range(0, 25, 3))
    n_y = round(y_max / step)
    y_ticks = tuple(Tick(y_of(i * step), f"{i * step:g}") for i in range(n_y + 1))
    missing = sum(1 for y in ys if y is None)
    return SeriesChart(
        f"{series.zone}, {day.isoformat()} (UTC), every {series.resolution}",
        WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, tuple(paths), "", est, x_ticks, y_ticks,
        series.unit, missing, len(pts),
    )  # fmt: skip


def year_chart(series: Series) -> SeriesChart:
    per_day = DAY_S // series.step
    days = len(series.values) // per_day
    means: list[float | None] = []
    lows: list[float] = []
    highs: list[float] = []
    xs: list[float] = []
    for d in range(days):
        chunk = [
            v
            for v, f in zip(
                series.values[d * per_day : (d + 1) * per_day],
                series.flags[d * per_day : (d + 1) * per_day],
                strict=True,
            )
            if f != MISSING and v is not None
        ]
        xs.append(d + 0.5)
        means.append(sum(chunk) / len(chunk) if chunk else None)
        lows.append(min(chunk) if chunk else math.nan)
        highs.append(max(chunk) if chunk else math.nan)
    step, y_max = _y_axis(max((h for h in highs if not math.isnan(h)), default=1.0))
    paths, x_of, y_of = _geometry(xs, means, float(days), y_max)
    upper = [
        f"{x_of(x):.1f},{y_of(h):.1f}" for x, h in zip(xs, highs, strict=True) if not math.isnan(h)
    ]
    lower = [
        f"{x_of(x):.1f},{y_of(lo):.1f}"
        for x, lo in zip(xs, lows, strict=True)
        if not math.isnan(lo)
    ]
    band = " ".join(upper + lower[::-1])
    first = dt.datetime.fromtimestamp(series.start, dt.timezone.utc).date()
    x_ticks = tuple(
        Tick(
            x_of((dt.date(first.year, m, 1) - first).days), dt.date(first.year, m, 1).strftime("%b")
        )
        for m in range(1, 13)
        if (dt.date(first.year, m, 1) - first).days < days
    )
    n_y = round(y_max / step)
    y_ticks = tuple(Tick(y_of(i * step), f"{i * step:g}") for i in range(n_y + 1))
    return SeriesChart(
        f"{series.zone}, {first.year}: daily mean (line) and daily range (band)",
        WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, tuple(paths), band, (), x_ticks, y_ticks,
        series.unit, sum(1 for m in means if m is None), days,
    )  # fmt: skip


def zone_series(ds: Any, chain: list[str], day_text: str | None) -> dict[str, Any] | None:
    """What the zone page shows: the first series along the zone's chain, a day and its year."""
    index = ds.intensity_series
    if not index:
        return None
    series = None
    for zid in chain:
        found = index.of(zid)
        if found:
            series = found[-1]  # the latest year
            break
    if series is None:
        return None
    first = dt.datetime.fromtimestamp(series.start, dt.timezone.utc).date()
    last = dt.datetime.fromtimestamp(series.end - 1, dt.timezone.utc).date()
    note = None
    day = first
    if day_text:
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            note = f"day '{day_text}' is not a date (YYYY-MM-DD): showing {first.isoformat()}"
            day = first
        if not first <= day <= last:
            note = f"day {day.isoformat()} is outside the series ({first}..{last}): showing {first}"
            day = first
    return {
        "series": series,
        "day": day,
        "prev": (day - dt.timedelta(days=1)).isoformat() if day > first else None,
        "next": (day + dt.timedelta(days=1)).isoformat() if day < last else None,
        "day_chart": day_chart(series, day),
        "year_chart": year_chart(series),
        "note": note,
        "window": (format_instant(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()),
                   format_instant(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp() + DAY_S)),
    }  # fmt: skip
