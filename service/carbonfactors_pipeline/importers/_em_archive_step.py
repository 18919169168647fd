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
