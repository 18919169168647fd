"""Screen ``method-bounds-consistent`` (audit 1796636393 a-B1): a factor's served bounds
narrower than the bounds its own method states.

IT-SAR 2015 shipped 576.77 [323.84..576.77] while its method said the w13 pass bounded it
576.77..701.69 (the reading on Electricity Maps' later methodology): the MOSTLY UNKNOWN step
of the importer (``importers/_unknown_mix``) replaced the bounds set before it instead of
widening them, so the range left out the figure the note names. Every ``bounds X..Y`` a
factor's method states must lie inside the factor's own low..high (its value where it has
none). A problem: it fails ``carbonfactors validate`` unless a ``keep`` note in
``factors/screens.yaml`` explains it; it never excludes a value.

Screen ``grid-zero-width-bounds`` (w15 sub-national pass): a grid intensity filed with
low = high = value claims an exact figure. Twenty-two part-year Electricity Maps export rows
(AU-NSW 2017: 725.99 [725.99..725.99], a season's average on 5,887 hours, while the later
series opens at 652) were filed so, because the importer bounded them only by an overlap
ratio they did not have. A problem on the same terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .grid_screens import GridFlag

RULE = "method-bounds-consistent"
ZERO = "grid-zero-width-bounds"
#: How a method states a range it gives the factor ("bounds 576.77..701.69").
STATED = re.compile(r"\bbounds (-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)")
#: Rounding slack: a method prints bounds with ``:g`` (six significant digits).
SLACK = 0.01


def stated(method: str) -> list[tuple[float, float]]:
    """Every ``bounds X..Y`` range a method states, in order."""
    return [(float(a), float(b)) for a, b in STATED.findall(method)]


def flags(factors: Iterable[Mapping[str, Any]]) -> list[GridFlag]:
    """Factors whose low..high leaves out a range their own method states (module doc)."""
    out: list[GridFlag] = []
    for f in factors:
        ranges = stated(f.get("method") or "")
        if not ranges:
            continue
        value = float(f["value"])
        lo = value if f.get("low") is None else float(f["low"])
        hi = value if f.get("high") is None else float(f["high"])
        missed = [(a, b) for a, b in ranges if a < lo - SLACK or b > hi + SLACK]
        if missed:
            named = ", ".join(f"{a:g}..{b:g}" for a, b in missed)
            out.append(
                GridFlag(
                    RULE,
                    f["id"],
                    f"{f['id']} carries {value:g} [{lo:g}..{hi:g}] while its method states the "
                    f"bounds {named}: a later bounds step replaced an earlier one instead of "
                    "widening it",
                )
            )
    return out


def zero_width_flags(factors: Iterable[Mapping[str, Any]]) -> list[GridFlag]:
    """Grid intensities whose stated bounds have no width (module doc)."""
    return [
        GridFlag(
            ZERO,
            f["id"],
            f"{f['id']} carries {f['value']:g} [{f['low']:g}..{f['high']:g}]: bounds of no "
            "width claim an exact figure; reach the evidence on file or carry none",
        )
        for f in factors
        if f.get("kind") == "grid_intensity"
        and f.get("low") is not None
        and f.get("high") is not None
        and f["low"] == f["high"]
    ]
