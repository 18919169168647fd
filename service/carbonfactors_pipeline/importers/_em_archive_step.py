"""Centre an older-methodology export value on Electricity Maps' later methodology.

Audit 1796606525 (a-M1, #12): Tenerife's 2019 export value (459.71 g, Electricity Maps'
methodology of 2021) was the central value carried back to 2015, while the zone's 2021-2025
series (its later methodology, 746-762 g) and its own direct fuel factors (oil about 727 g,
"EU-ETS, REE") put an oil-fired island well above it: an honest range with a biased centre.
Where the two methodologies overlap in one year (the export's 2021 rows, Jan-Sep, and the
2021-2025 series' 2021) and the later one is more than ``STEP`` higher, the export's
full-year values are rescaled by that ratio: the centre follows the methodology the zone's
later years use, the export's own value stays as the low bound, and the high bound reaches
the later series' first value. A ratio above ``MAX_RATIO`` is no methodology step but a
different picture of the grid (Yukon 2021: 51 against 170); it is left unscaled and listed
(``unscaled``), like a partial overlap of fewer than ``MIN_OVERLAP_HOURS`` hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The engine's METHOD STEP threshold (``carbonfactors.resolve.grid_notes.STEP``).
STEP = 0.25
#: Above this ratio the overlap does not describe one grid under two methodologies.
MAX_RATIO = 2.0
#: The export's overlap year must cover at least a quarter of the year.
MIN_OVERLAP_HOURS = 2190
OVERLAP_YEAR = 2021

#: Zones whose step is reviewed and left unscaled, with why.
REVIEWED_UNSCALED: dict[str, str] = {
    "CA-YT": "Yukon: 51 g in the export's 2021 against 170 g (x3.3), no methodology step alone",
}


def ratio(
    export_2021: tuple[float, int] | None, newer_2021: float | None
) -> tuple[float, str] | None:
    """(newer / export, why) for the overlap year, or None when there is none to use."""
    if export_2021 is None or newer_2021 is None:
        return None
    value, hours = export_2021
    if value <= 0 or hours < MIN_OVERLAP_HOURS:
        return None
    return (
        newer_2021 / value,
        f"{OVERLAP_YEAR}: {newer_2021:g} against {value:g} on {hours:,} hours",
    )


def rescale(factor: dict[str, Any], r: float, why: str, newer_first: float) -> None:
    """Centre ``factor`` (an export full-year value) on the later methodology, in place."""
    old = factor["value"]
    factor["value"] = round(old * r, 2)
    factor["low"] = old
    factor["high"] = max(factor["value"], newer_first)
    factor["method"] += (
        f" Centred on the later methodology (audit 1796606525 a-M1): the export's {old:g} "
        f"times {r:.4f}, the ratio of the 2021-2025 series to this export in {why}; the "
        f"export's own {old:g} is the low bound and the high bound reaches the later "
        f"series' first value {newer_first:g}."
    )


def unscaled(
    files: Mapping[str, Mapping[str, Any]], ratios: Mapping[str, tuple[float, str]]
) -> list[str]:
    """Export full-year values whose zone's later methodology is more than ``STEP`` higher
    in the overlap year yet that kept the export's centre, unless reviewed."""
    out = []
    for data in files.values():
        for f in data["factors"]:
            z = f["subject"]
            if f.get("period") or z in REVIEWED_UNSCALED or z not in ratios:
                continue
            r, why = ratios[z]
            if r > 1 + STEP and "low" not in f:
                out.append(
                    f"{f['id']}: {f['value']:g} kept while the later methodology is x{r:.2f} ({why})"
                )
    return out


def bound(
    factor: dict[str, Any], found: tuple[float, str, float] | None, newer_first: float
) -> None:
    """Bound ``factor`` (an export full-year value kept as it is), in place (w13 systematic
    pass, audit 1796630035 a-O6): PJM 2019's 383.11 had no bounds while the overlap year reads
    the later methodology 1.125x this export (439 against 390.26) and the later series opens
    at 439; North Norway 2015-2019 (54-71 g) against 29 from 2021. The bounds reach the
    reading on the later methodology (the value times the overlap ratio, where the overlap
    year gives one) and the later series' first value, as a rescaled value's do; the centre
    stays the export's own value, the only full-year figure of the year."""
    old = factor["value"]
    reach = [old, newer_first] + ([round(old * found[0], 2)] if found else [])
    factor["low"], factor["high"] = min(reach), max(reach)
    how = (
        f"the reading on the later methodology ({old:g} times {found[0]:.4f}, the ratio of the "
        f"2021-2025 series to this export in {found[1]}: {round(old * found[0], 2):g}) and "
        if found
        else "(no overlap year gives the two methodologies' ratio for this zone, or its ratio "
        "is reviewed as no methodology step alone) "
    )
    factor["method"] += (
        f" Not rescaled (the overlap ratio is within {STEP:.0%}, none, or reviewed), so bounded "
        f"(w13 systematic pass): the bounds {factor['low']:g}..{factor['high']:g} reach {how}"
        f"the later series' first value {newer_first:g}, since the two methodologies differ."
    )
