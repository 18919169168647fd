"""Sub-national Electricity Maps yearly averages before 2021, from the 2021 export mlco2 kept.

Our multi-year sub-national series (``electricitymaps-yearly``) starts in 2021, so a balancing
authority or a state asked for an earlier year fell back to its country's mean; audits found
those countries 22-78% off the zone's own full-year averages (audit seed 1796558261, class B:
IT-SAR 2015, BR-CS 2018, PJM 2017). The ML CO2 Impact project (mlco2/impact, MIT) published an
Electricity Maps export of 2021-10-27 with yearly zone averages back to 2011; it is the only
earlier per-zone record we hold.

Kept narrow on purpose, so it only fills the gap and never competes with the newer series:

* sub-national zones only (a country already has Ember, production-based, for every year);
* zone keys that Electricity Maps still uses (the 2021-2025 file names them); a retired key
  only when it is provably a current one: the export's Australian spelling (``AUS-NSW``) of a
  current key (``AU-NSW``) with the same zone name, or a US key ending in the same EIA
  balancing-authority code as exactly one current key (``US-PJM`` -> ``US-MIDA-PJM``,
  ``US-MISO`` -> ``US-MIDW-MISO``, ``US-SC`` -> ``US-CAR-SC``; audit 1796563618 #18), or a
  retired US key named with its evidence in ``_em_archive_keys.RETIRED_KEYS`` (``US-NY`` ->
  ``US-NY-NYIS``, ``US-CA`` -> ``US-CAL-CISO``...; audit 1796606525 a-K1). A retired key
  is filed for a year only where its row is a full year and today's key's is not, or both
  are part-years and its row has more hours (audit 1796672257 a-K2), the other kept as a
  bound (``_em_archive_keys.choose``, ``widen``); a dropped key that looks like a current zone and
  is not reviewed stops the import;
* years before the zone's first year in the 2021-2025 series;
* full-year averages only: at least ``MIN_HOURS`` hours with data (a partial year is one season);
* where Electricity Maps' later methodology is more than 25% higher in the overlap year 2021,
  a full-year value is centred on it, the export's own value kept as the low bound
  (``_em_archive_step``, audit 1796606525 a-M1).

The export's producer is Electricity Maps, whose yearly data is published under ODbL; the MIT
licence of the repository that carries the file covers its code, so these factors are filed
under ODbL (source ``electricitymaps-2021-export``) and ship in ``full`` only.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id
from carbonfactors.resolve.grid_notes import PART_YEAR, PART_YEAR_HOURS
from carbonfactors.resolve.row_notes import PART_YEAR_REACH

from . import Importer, register
from . import _em_archive_keys as keys
from . import _em_archive_step as step
from ._common import header, write_folder
from ._grid_common import year_of, zone_series_files
from ._unknown_mix import mark

NAME = "electricitymaps-2021-export"
SOURCE = "electricitymaps-2021-export"
EXPORT_CSV = Path("mlco2-impact/2021-10-27yearly_averages.csv")
CURRENT_CSV = Path("co2js/electricitymaps_yearly_2021_2025.csv")
FOLDER = Path("grid") / SOURCE
#: About 91% of a year: fewer hours is a season, not an annual average.
MIN_HOURS = 8000
#: A quarter of a year: a partial year with fewer hours is not filed at all.
MIN_PARTIAL_HOURS = 2190
#: Keys the export spells differently from today's Electricity Maps zone list.
RENAMED_PREFIXES = {"AUS-": "AU-"}
METHOD = (
    "Electricity Maps yearly average carbon intensity (export of 2021-10-27 kept by mlco2/impact, "
    "{hours} hours with data): lifecycle emission factors, consumption-based (flow-traced "
    "imports), Electricity Maps' methodology of 2021. Filed only for sub-national zones and "
    "years before the zone's 2021-2025 series ({first} onwards); zone key in the export: {key}. "
    "Methodology step: the 2021-2025 series (electricitymaps-yearly) follows Electricity Maps' "
    "later methodology, and for the same zone-year the two differ by up to 67% (Menorca 2021: "
    "543.9 here on 6,553 hours, 909 there; Public Service Co. of Colorado 2021: 479.1 against "
    "610), so the zone's series can step where it switches from this export to that series; a "
    "lookup says so above 25% (METHOD STEP) and carbonfactors validate lists each such step."
)


def _current_zones(path: Path) -> dict[str, tuple[int, str]]:
    """Each zone of the 2021-2025 series with its first year and its name."""
    zones: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            zone, year = row["zone_key"].strip(), year_of(row["year"])
            first = min(year, zones.get(zone, (year, ""))[0])
            zones[zone] = (first, row["zone_name"].strip())
    return zones


def _current_key(key: str, name: str, zones: dict[str, tuple[int, str]]) -> str | None:
    """Today's key for an export key, or None when the zone is not (provably) one of today's."""
    if key in zones:
        return key
    if key in keys.RETIRED_KEYS and keys.RETIRED_KEYS[key][0] in zones:
        return keys.RETIRED_KEYS[key][0]
    for old, new in RENAMED_PREFIXES.items():
        renamed = new + key[len(old) :]
        if key.startswith(old) and renamed in zones and zones[renamed][1] == name:
            return renamed
    if key.startswith("US-") and key.count("-") == 1:
        code = key.removeprefix("US-")
        same = [z for z in zones if z.startswith("US-") and z.endswith(f"-{code}")]
        if len(same) == 1:
            return same[0]
    return None


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    zones = _current_zones(upstream / CURRENT_CSV)
    series: dict[str, dict[int, float]] = defaultdict(dict)
    partial: dict[str, dict[int, tuple[float, int, str]]] = defaultdict(dict)
    methods: dict[tuple[str, int], str] = {}
    with (upstream / EXPORT_CSV).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    dropped: list[tuple[str, str]] = []
    overlap: dict[str, keys.Row] = {}
    by_year: dict[tuple[str, int], list[keys.Row]] = defaultdict(list)
    for row in rows:
        key, text = row["zone_key"].strip(), row["carbon_intensity_avg"].strip()
        zone = _current_key(key, row["Zone Name"].strip(), zones)
        if zone is None and "-" in key:
            dropped.append((key, row["Zone Name"].strip()))
        if zone is None or "-" not in zone or not text:
            continue
        if year_of(row["year"]) == step.OVERLAP_YEAR and math.isfinite(float(text)):
            # audit 1796685321 a-O8: a renamed key's 2021 row (AUS-NSW for AU-NSW) is the
            # zone's overlap row too; today's key wins where both have one (``keys.overlap``)
            overlap[zone] = keys.overlap(
                overlap.get(zone), (float(text), int(row["no_hours_with_data"]), key), zone
            )
        year, hours = year_of(row["year"]), int(row["no_hours_with_data"])
        value, first = float(text), zones[zone][0]
        if year >= first or not math.isfinite(value):
            continue
        if any(k == key for _v, _h, k in by_year[zone, year]):
            raise ValueError(f"{EXPORT_CSV}: two rows for {key} {year}")
        by_year[zone, year].append((round(value, 2), hours, key))
    # audit 1796672257 a-K2: per zone-year the row with the most hours, not the first read;
    # the zone-year's other rows (a quarter of a year or more) are kept as bounds
    others: dict[tuple[str, int], list[keys.Row]] = {}
    for (zone, year), candidates in by_year.items():
        (value, hours, key), rest = keys.choose(candidates, zone, MIN_HOURS)
        others[zone, year] = [r for r in rest if r[1] >= MIN_PARTIAL_HOURS]
        if hours >= MIN_HOURS:
            series[zone][year] = value
            methods[zone, year] = METHOD.format(hours=hours, first=zones[zone][0], key=key)
        elif hours >= MIN_PARTIAL_HOURS:
            partial[zone][year] = (value, hours, key)
    files = zone_series_files(
        series, source=SOURCE, basis="lifecycle", method="", accounting="consumption"
    )
    ratios = _overlap_ratios(upstream / CURRENT_CSV, {z: r[:2] for z, r in overlap.items()})
    newer_first = _newer_first(upstream / CURRENT_CSV)
    for data in files.values():
        for factor in data["factors"]:
            factor["method"] = methods[factor["subject"], factor["year"]]
            found = ratios.get(factor["subject"])
            if found and 1 + step.STEP < found[0] <= step.MAX_RATIO:
                step.rescale(factor, found[0], found[1], newer_first=found[2])
            elif factor["subject"] in step.REVIEWED_UNSCALED:
                # no methodology step alone: bounded by the later series' value, no ratio
                step.bound(factor, None, newer_first[factor["subject"]])
            elif not (found and found[0] > 1 + step.STEP):
                step.bound(factor, found, newer_first[factor["subject"]])
    problems = keys.check_dropped(dropped, {z: n for z, (_y, n) in zones.items()})
    problems += step.unscaled(files, {z: (r, why) for z, (r, why, _f) in ratios.items()})
    if problems:
        raise ValueError(f"{EXPORT_CSV}: " + "; ".join(problems))
    _add_partial_years(files, partial, series, zones, ratios, newer_first)
    for data in files.values():
        for factor in data["factors"]:
            keys.widen(factor, others.get((factor["subject"], factor["year"]), []))
    mark(files, upstream)  # audit 1796599352 a-B1 (_unknown_mix)
    head = header(NAME, [str(EXPORT_CSV), str(CURRENT_CSV)])
    return write_folder(factors_root / FOLDER, files, head)


def _newer_first(path: Path) -> dict[str, float]:
    """Per zone: the later series' first value (what the export's values are bounded by)."""
    first: dict[str, tuple[int, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, zone = row["carbon_intensity_gco2eq_per_kwh"].strip(), row["zone_key"].strip()
            year = year_of(row["year"])
            if text and (zone not in first or year < first[zone][0]):
                first[zone] = (year, float(text))
    return {z: v for z, (_y, v) in first.items()}


def _overlap_ratios(
    path: Path, overlap: dict[str, tuple[float, int]]
) -> dict[str, tuple[float, str, float]]:
    """Per zone: (later / export in the overlap year, why, the later series' first value)."""
    newer: dict[str, dict[int, float]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["carbon_intensity_gco2eq_per_kwh"].strip()
            if text:
                newer[row["zone_key"].strip()][year_of(row["year"])] = float(text)
    out = {}
    for zone, export in overlap.items():
        years = newer.get(zone, {})
        found = step.ratio(export, years.get(step.OVERLAP_YEAR))
        if found:
            out[zone] = (*found, years[min(years)])
    return out


def _part_year(
    row: dict[str, Any],
    ratio: tuple[float, str, float] | None,
    first: int,
    full_years: bool,
    newer_first: float | None = None,
) -> dict[str, Any]:
    """A zone's own average over at least half a year (``PART_YEAR_HOURS``) as that year's
    value (audit 1796613359 a-P1): JP-KY 2017, 501.11 on 4,559 hours, was bounds only while
    Kyushu's 2021 value (309, after two reactors restarted in 2018) was carried back four
    years as the centre. Centred on the later methodology where the overlap year gives its
    ratio to this export (both ways: the zone's later years use it); the export's own value
    and the later series' first value (what rule G3b would carry back) bound it.
    Where the zone has full-year export values, they set its level: the part year is
    rescaled only as they are (``_em_archive_step``: the later methodology more than 25%
    higher), so MISO's 2018 stays in line with its own 2017 and 2019.
    Audit 1796642882 a-P2, a-O6: a part year that is not rescaled is bounded as a full year
    is (``_em_archive_step.bound``): its bounds reach the later series' first value even
    where the export has no usable 2021 row (JP-SK 2018, 550.48, against 617 from 2021), and
    the reading on the later methodology where it has one (US-CAL-TIDC 2018: 358.79 times
    389/347.72 = 401.39)."""
    own, hours = row["value"], row["hours"]
    band = (1 + step.STEP, step.MAX_RATIO) if full_years else (1 / step.MAX_RATIO, step.MAX_RATIO)
    scaled = ratio is not None and band[0] < ratio[0] <= band[1]
    value = round(own * ratio[0], 2) if scaled and ratio is not None else own
    later = ratio[2] if ratio is not None else newer_first
    usable = ratio is not None and 1 / step.MAX_RATIO < ratio[0] <= step.MAX_RATIO
    reading = round(own * ratio[0], 2) if usable and ratio is not None else None
    reach = [own, value] + [x for x in (later, reading) if x is not None]
    if scaled and ratio is not None:
        how = (
            f" Centred on the later methodology: the export's {own:g} times {ratio[0]:.4f}, the "
            f"ratio of the 2021-2025 series to this export in {ratio[1]}; the bounds reach the "
            f"export's own {own:g} and the later series' first value {ratio[2]:g}."
        )
        reached = f"the export's own {own:g} and the later series' first value {ratio[2]:g}"
    elif reading is not None and ratio is not None:
        how = (
            " Not rescaled (the zone's export values are rescaled only beyond a 25% step), so "
            "bounded as a full year is (audit 1796642882 a-O6): the reading on the later "
            f"methodology is {own:g} times {ratio[0]:.4f}, the ratio of the 2021-2025 series "
            f"to this export in {ratio[1]}: {reading:g}."
        )
        reached = (
            f"the reading on the later methodology {reading:g} (times {ratio[0]:.4f}, the "
            f"overlap year's ratio) and the later series' first value {later:g}"
        )
    else:
        how = (
            " Not rescaled: the export has no usable overlap-year row for the zone (2021 on at "
            f"least {step.MIN_OVERLAP_HOURS:,} hours) or its ratio is no methodology step "
            "alone, so the two methodologies' ratio is unknown (audit 1796642882 a-P2)."
        )
        why = (
            "no overlap year gives the two methodologies' ratio"
            if ratio is None
            else f"the overlap year's ratio, {ratio[0]:.2f}, is no methodology step alone"
        )
        reached = (
            f"the later series' first value {later:g} ({why})"
            if later is not None
            else "nothing beyond the export's own value (no later series)"
        )
    return {
        **row["base"],
        "id": factor_id(
            "grid_intensity", row["base"]["subject"], row["base"]["year"], SOURCE, "part-year"
        ),
        "value": value,
        # no zero-width range (w15 sub-national pass): a row with nothing beyond its own
        # value carries no bounds rather than bounds claiming it exact
        **({"low": min(reach), "high": max(reach)} if min(reach) < max(reach) else {}),
        "period": f"{PART_YEAR}: {hours:,} of 8,760 hours with data (at least half a year)",
        "method": METHOD.format(hours=f"{hours:,}", first=first, key=row["key"])
        + f" Part of a year (audit 1796613359 a-P1): at least {PART_YEAR_HOURS:,} hours, the "
        "zone's own evidence for the year, filed as its value, before a later year's value "
        "carried back or a wider area's; a season's mix may bias it (a lookup says PART "
        f"YEAR).{how} {PART_YEAR_REACH}: {reached}.",
    }


def _add_partial_years(
    files: dict[str, dict[str, Any]],
    partial: dict[str, dict[int, tuple[float, int, str]]],
    series: dict[str, dict[int, float]],
    zones: dict[str, tuple[int, str]],
    ratios: dict[str, tuple[float, str, float]],
    later: dict[str, float],
) -> None:
    """Partial-year averages (``MIN_PARTIAL_HOURS`` to ``MIN_HOURS`` hours) of years with no
    full-year value, filed with ``period`` "partial year: N hours ..." so the ``partial-year``
    screen keeps them out of defaults while a lookup's bounds may reach them (audit
    1796574057 a-O6, b-O2: JP-SK 2016-2019 on 3,500-4,600 hours, AU-NSW 2017 on 5,887)."""
    for zone, years in sorted(partial.items()):
        rows = []
        for year, (value, hours, key) in sorted(years.items()):
            if year in series.get(zone, {}):
                continue
            first = zones[zone][0]
            base = {
                "id": factor_id("grid_intensity", zone, year, SOURCE, "partial-year"),
                "kind": "grid_intensity",
                "subject": zone,
                "year": year,
                "value": value,
                "unit": "gCO2e/kWh",
                "basis": "lifecycle",
                "accounting": "consumption",
                "period": f"partial year: {hours:,} of 8,760 hours with data",
                "source": SOURCE,
                "method": METHOD.format(hours=f"{hours:,}", first=first, key=key)
                + " A partial year (one season): never a default, bounds only.",
            }
            if hours >= PART_YEAR_HOURS:
                part = {"base": base, "value": value, "hours": hours, "key": key}
                rows.append(
                    _part_year(
                        part, ratios.get(zone), first, bool(series.get(zone)), later.get(zone)
                    )
                )
            else:
                rows.append(base)
        if rows:
            data = files.setdefault(f"{zone}.yaml", {"factors": []})
            data["factors"] = sorted(data["factors"] + rows, key=lambda f: f["year"])


IMPORTER = register(
    Importer(
        name=NAME,
        description="Sub-national zone grid intensity before 2021 (Electricity Maps 2021 export, ODbL)",
        upstream=".",
        convert=convert,
    )
)
