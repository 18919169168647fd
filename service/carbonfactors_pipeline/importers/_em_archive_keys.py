"""Retired Electricity Maps zone keys in the 2021 export, and today's key for each.

The export of 2021-10-27 (mlco2/impact) still holds the US zones Electricity Maps ran before
its balancing-authority zones: ``US-NY``, ``US-CA``, ``US-NEISO``... Electricity Maps removed
them on 2021-08-24 (electricitymaps-contrib commit 8af0a6fe9, "Remove old US zones", #3329).
Before that commit each old zone and its balancing-authority successor were fed by the same
production parser or the same EIA-930 code (``config/zones.json`` and ``parsers/EIA.py`` at
8af0a6fe9^), so the old key is the same grid under an older name. The audit 1796606525 (a-K1)
found ``US-NY`` dropped because no current key ends in ``-NY``: New York's own full-year 2019
value (222.4 g, 8,760 h) never became a factor and 2021's 266 was carried back across the
closure of Indian Point. The suffix rule (``US-PJM`` -> ``US-MIDA-PJM``) stays; the table
below names the rest with their evidence.

``REVIEWED_UNMATCHED`` lists the export keys that look like a current zone (``candidates``)
but are not one grid with it; any other such key stops the import (``check_dropped``), so a
retired key is never dropped unread again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Where the evidence is: the zone list and parser table at the parent of the commit that
#: removed the old zones (electricitymaps-contrib, AGPL: read for the fact, nothing copied).
_AT = "electricitymaps-contrib 8af0a6fe9^ (removed by #3329, 2021-08-24)"

#: Retired export key -> (today's key, why it is the same grid).
RETIRED_KEYS: dict[str, tuple[str, str]] = {
    "US-NY": ("US-NY-NYIS", f"both fed by the NYISO parser US_NY.fetch_production ({_AT})"),
    "US-CA": ("US-CAL-CISO", f"both fed by the CAISO parser US_CA.fetch_production ({_AT})"),
    "US-NEISO": (
        "US-NE-ISNE",
        f"both fed by the ISO New England parser US_NEISO.fetch_production ({_AT})",
    ),
    "US-SPP": ("US-CENT-SWPP", f"both fed by the SPP parser US_SPP.fetch_production ({_AT})"),
    "US-BPA": ("US-NW-BPAT", f"both EIA-930 code BPAT in parsers/EIA.py ({_AT})"),
    "US-TX": (
        "US-TEX-ERCO",
        f"EIA-930 region TEX, whose only balancing authority is ERCO ({_AT})",
    ),
    "US-TN": (
        "US-TEN-TVA",
        f"EIA-930 region TEN, whose only balancing authority is TVA ({_AT})",
    ),
    "US-IPC": (
        "US-NW-IPCO",
        f"Idaho Power's own parser US_IPC against EIA-930 code IPCO, one utility ({_AT})",
    ),
}

#: Export keys that resemble a current zone but are not one grid with it (checked by hand).
REVIEWED_UNMATCHED: dict[str, str] = {
    "ES-CN-FVLZ": "Fuerteventura and Lanzarote together, since split into ES-CN-FV and ES-CN-LZ",
    "NZ-NZN": "North Island, merged into the country zone NZ (not filed: countries use Ember)",
    "NZ-NZS": "South Island, merged into the country zone NZ (not filed: countries use Ember)",
    "US-HI-OA": "Oahu alone, while US-HI is the whole state",
    "US-SVERI": "an aggregate of several south-western balancing authorities",
}


def candidates(key: str, name: str, current: Mapping[str, str]) -> list[str]:
    """Current keys an export key could be: same country (the key's first part) and either
    extending the key (``US-NY`` -> ``US-NY-NYIS``), ending in its last code or with the
    same zone name. ``current`` maps today's keys to their zone names."""
    code = key.rsplit("-", 1)[-1]
    prefix = key.split("-", 1)[0] + "-"
    return sorted(
        z
        for z, zname in current.items()
        if z != key
        and z.startswith(prefix)
        and (
            z.startswith(key + "-")
            or z.rsplit("-", 1)[-1] == code
            or zname.strip().lower() == name.strip().lower()
        )
    )


def check_dropped(dropped: Iterable[tuple[str, str]], current: Mapping[str, str]) -> list[str]:
    """The dropped export keys (key, zone name) that look like a current zone and are
    neither mapped nor reviewed: each one a line naming its candidates."""
    out = []
    for key, name in sorted(set(dropped)):
        if key in REVIEWED_UNMATCHED or key in RETIRED_KEYS:
            continue
        found = candidates(key, name, current)
        if found:
            out.append(f"{key} ({name}) dropped, but it could be {', '.join(found)}")
    return out


#: One export row of a zone-year: (value, hours with data, export key).
Row = tuple[float, int, str]


def choose(rows: Iterable[Row], zone: str, full_hours: int) -> tuple[Row, list[Row]]:
    """The row to file for a zone-year with rows under today's key and a retired one, and
    the others (audit 1796672257 a-K2). A full year (``full_hours`` or more) beats any
    part-year; between part-years more hours wins (today's key on a tie): US-NE-ISNE 2018 was
    filed from today's key on 4,411 hours (318.13, July-December) while the retired
    US-NEISO, the same ISO New England parser, had 7,080 hours (260.40) and lost only by
    reading order. Between two full years today's key is kept: its overlap year gives the
    zone's ratio to the later series, which continues under that key (US-NW-BPAT 2019:
    119.64 on 8,364 hours, not US-BPA's 77.01 on 8,739, whose level Google's own us-west1
    figure does not follow); the other is a bound either way (``widen``)."""

    def rank(r: Row) -> tuple[bool, bool, int, bool]:
        full, today = r[1] >= full_hours, r[2] == zone
        return (full, full and today, r[1], today)

    ranked = sorted(rows, key=rank, reverse=True)
    return ranked[0], ranked[1:]


def overlap(held: Row | None, row: Row, zone: str) -> Row:
    """The overlap-year (2021) row that gives a zone its ratio to the later series, from the
    one held so far and ``row`` (audit 1796685321 a-O8): today's key before a retired or
    renamed one when both have a row (the later series continues under today's key, as in
    ``choose``), else the row with more hours. Before, only today's key counted, so every
    renamed zone (all ``AUS-*``) lost its ratio: AU-NSW's note said no overlap year existed
    while the export has ``AUS-NSW 2021 673.88`` on 6,553 hours."""
    if held is None:
        return row

    def rank(r: Row) -> tuple[bool, int]:
        return (r[2] == zone, r[1])

    return max((held, row), key=rank)


def widen(factor: dict[str, Any], others: Iterable[Row]) -> None:
    """Stretch ``factor``'s bounds, in place, to the zone-year's other export rows (the key
    not filed), and say so in its method: where two keys of one grid disagree (US-NW-BPAT
    2019: 119.64 on 8,364 hours under today's key, 77.01 on 8,739 under US-BPA), the filed
    one is not the only reading of the year."""
    found = sorted(others, key=lambda r: -r[1])
    if not found:
        return
    value = factor["value"]
    reach = [factor.get("low", value), factor.get("high", value)] + [v for v, _h, _k in found]
    factor["low"], factor["high"] = round(min(reach), 2), round(max(reach), 2)
    rows = "; ".join(f"{k}: {v:g} on {h:,} hours" for v, h, k in found)
    factor["method"] += (
        f" Same grid under another export key (audit 1796672257 a-K2; {_KEY_NOTE}): {rows}. "
        "Filed: a full year before any part-year, today's key between two full years, the "
        "most hours between part-years; the other row is kept as a bound, so the bounds are "
        f"{factor['low']:g}..{factor['high']:g}."
    )


_KEY_NOTE = (
    "today's key and a retired one that _em_archive_keys.RETIRED_KEYS or the suffix rule maps to it"
)
