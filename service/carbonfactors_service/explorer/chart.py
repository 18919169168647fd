"""Server-rendered line charts: the geometry of an SVG chart, computed in Python.

The explorer draws series (grid intensity by year, PUE by year) as inline SVG, so a page
needs no script, no external library and no network, and works under a strict
Content-Security-Policy. This module only computes coordinates and ticks; the template
``explorer/_chart.html`` writes the SVG elements, so escaping stays Jinja's job.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
#: Distinct series are told apart by colour *and* dash pattern (CSS classes s0..s7).
STYLES = 8


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    value: float


@dataclass(frozen=True)
class Line:
    label: str
    style: int
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        """The ``points`` attribute of an SVG polyline."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    unit: str

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_right(self) -> int:
        return self.width - self.right


def nice_step(span: float, target: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``target`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if raw <= mult * mag:
            return float(mult * mag)
    return float(10 * mag)  # pragma: no cover - the loop always returns


def _fmt_tick(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{value:,.{decimals}f}"


def line_chart(series: Sequence[tuple[str, Sequence[tuple[int, float]]]], unit: str) -> Chart:
    """Chart ``series`` (label, [(year, value), ...]) on shared axes; y starts at zero.

    A zero baseline keeps differences between sources honest: a chart that starts at the
    smallest value makes a 5% gap look like a factor of two.
    """
    years = sorted({y for _label, pts in series for y, _v in pts})
    values = [v for _label, pts in series for _y, v in pts]
    if not years:
        return Chart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, (), (), (), unit)
    top_value = max(max(values), 0.0)
    step = nice_step(top_value)
    y_max = step * max(1, math.ceil(top_value / step))
    if y_max <= top_value * 1.02:  # headroom so the highest point is not on the frame
        y_max += step
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = years[0], years[-1]

    def x_of(year: int) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + (year - first) / (last - first) * plot_w

    def y_of(value: float) -> float:
        return TOP + plot_h - (value / y_max) * plot_h

    lines = tuple(
        Line(
            label,
            i % STYLES,
            tuple(Point(x_of(y), y_of(val), y, val) for y, val in sorted(pts)),
        )
        for i, (label, pts) in enumerate(series)
    )
    every = max(1, math.ceil(len(range(first, last + 1)) / 10))
    x_ticks = tuple(
        Tick(x_of(y), str(y)) for y in range(first, last + 1) if (y - first) % every == 0
    )
    n_y = round(y_max / step)
    y_ticks = tuple(Tick(y_of(i * step), _fmt_tick(i * step, step)) for i in range(n_y + 1))
    return Chart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, lines, x_ticks, y_ticks, unit)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    low: float
    high: float
    #: Bar geometry: its left edge is the plot's; y is its top.
    y: float
    width: float
    low_x: float
    high_x: float
    #: The scenario the form asked for (drawn in the first style, the others in the second).
    own: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bar_height: int
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    unit: str

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT


#: Bar charts are narrower than line charts, so their labels stay legible on a phone.
BAR_WIDTH = 460


def bar_chart(
    rows: Sequence[tuple[str, float, float, float, bool]], unit: str, *, left: int = 150
) -> BarChart:
    """Horizontal bars (label, value, low, high, own) on a zero-based axis, with the
    low–high range of each as a whisker: scenarios compared by their totals."""
    bar_h, gap = 22, 10
    height = TOP + len(rows) * (bar_h + gap) + BOTTOM
    top_value = max([r[3] for r in rows] + [r[1] for r in rows] + [0.0])
    step = nice_step(top_value)
    x_max = step * max(1, math.ceil(top_value / step))
    plot_w = BAR_WIDTH - left - RIGHT

    def x_of(value: float) -> float:
        return left + (value / x_max) * plot_w if x_max else left

    bars = tuple(
        Bar(
            label,
            value,
            low,
            high,
            TOP + i * (bar_h + gap),
            x_of(value) - left,
            x_of(low),
            x_of(high),
            own,
        )
        for i, (label, value, low, high, own) in enumerate(rows)
    )
    n = round(x_max / step)
    ticks = tuple(Tick(x_of(i * step), _fmt_tick(i * step, step)) for i in range(n + 1))
    return BarChart(BAR_WIDTH, height, left, bar_h, bars, ticks, unit)
