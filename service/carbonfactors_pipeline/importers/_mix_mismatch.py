"""Electricity Maps yearly values contradicting the zone's own published mix (audit
1796682238, class a-Y1).

Yukon (CA-YT) 2022 was answered 197 g with no bounds and no word, though the row's own
renewable share (68%, co2.js) disagrees with Electricity Maps' own published yearly
production mix for the zone and year (92% hydro, 8% "unknown": 92% renewable), and both
independent figures on file (Green Algorithms 111 from Canada's UNFCCC submission, Eco2AI
101) lie 44-49% below it. The zone escapes the ``MODELLED`` screen (it has a feed and a mix)
and the ``MOSTLY UNKNOWN`` one (8% unknown), so it fell between them.

So the yearly importer marks every zone-year whose row's ``renewable_pct`` differs by more
than ``GAP`` percentage points from the renewable share of the zone's published mix
(``electricitymaps/zone_fallback_power_origin_mix.csv``, the year's or the latest earlier
one; renewable modes as Electricity Maps' ``config/defaults.yaml`` ``isRenewable`` says)
*and* whose value lies more than ``RATIO`` times from a figure on file for the zone itself
(Green Algorithms and Eco2AI via ``_unknown_mix.other_figures``): the value is a model
output that neither its own published mix nor the other figures support. The method says
so (``MARK``: its ``MODELLED: `` prefix is what ``carbonfactors.resolve.row_notes.modelled``
relays since rules generation 11, so no engine change) and the bounds widen to reach the
zone's figures. A mismatch alone is not marked: a consumption value of an importing zone may
rightly differ from its production mix (the figures then decide). The mix and defaults
files are AGPL configuration data: they decide which rows are marked and are quoted as the
reason; no shipped number comes from them. The central value is kept: the other figures
differ in year and basis, so they bound it rather than replace it (no cited better value).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._unknown_mix import MIX_CSV, mark_rows, other_figures, reach_other_figures, share_for

YEARLY_CSV = Path("co2js/electricitymaps_yearly_2021_2025.csv")
DEFAULTS_YAML = Path("electricitymaps/config/defaults.yaml")
#: Percentage points between the row's renewable share and its published mix's.
GAP = 15.0
#: ... and a figure on file for the zone more than this factor from the value.
RATIO = 1.5
#: How a marked row's note starts (``row_notes.MODELLED`` relays it, generation 11).
MARK = "MODELLED: MIX MISMATCH: "
#: Rows already marked and bounded by an earlier step are left alone.
EARLIER = ("MOSTLY UNKNOWN: ", "MODELLED: ")


@dataclass(frozen=True)
class Mismatch:
    """One zone-year whose row contradicts its published mix and the figures on file."""

    mix_year: int
    mix_renewable: float
    row_renewable: float
    far: tuple[tuple[float, str], ...]


def renewable_modes(sources_root: Path) -> frozenset[str]:
    """Modes Electricity Maps counts as renewable (``isRenewable`` value 1)."""
    data = yaml.safe_load((sources_root / DEFAULTS_YAML).read_text(encoding="utf-8"))
    return frozenset(m for m, v in (data.get("isRenewable") or {}).items() if v.get("value") == 1)


def mix_renewable(sources_root: Path) -> dict[str, dict[int, float]]:
    """Renewable share (percent) of each zone's published yearly mix, by zone and year."""
    modes = renewable_modes(sources_root)
    out: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    with (sources_root / MIX_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            when = row["datetime"].strip()
            if when and row["mode"].strip() in modes:
                out[row["zone_key"].strip()][int(when[:4])] += 100 * float(row["ratio"])
    return out


def row_renewable(sources_root: Path) -> dict[tuple[str, int], float]:
    """The co2.js rows' own renewable share (percent), by zone and year."""
    out: dict[tuple[str, int], float] = {}
    with (sources_root / YEARLY_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["renewable_pct"].strip()
            if row["zone_key"].strip() and text:
                out[row["zone_key"].strip(), int(row["year"])] = float(text)
    return out


def find(
    rows: list[tuple[str, int, float]],
    mixes: dict[str, dict[int, float]],
    own: dict[tuple[str, int], float],
    figures: dict[str, list[tuple[float, str]]],
) -> dict[tuple[str, int], Mismatch]:
    """The zone-years of ``rows`` (zone, year, value) that are a mix mismatch (module doc)."""
    out: dict[tuple[str, int], Mismatch] = {}
    for zone, year, value in rows:
        mix = share_for(mixes.get(zone, {}), year)
        share = own.get((zone, year))
        if mix is None or share is None or value <= 0:
            continue
        mix_year, mix_share = mix
        if abs(mix_share - share) <= GAP:
            continue
        far = tuple(
            (x, label)
            for x, label in figures.get(zone, ())
            if x > 0 and max(x / value, value / x) > RATIO
        )
        if far:
            out[zone, year] = Mismatch(mix_year, mix_share, share, far)
    return out


def has_inputs(sources_root: Path) -> bool:
    """Whether the tables the mark reads are there (a fixture of another importer lacks them)."""
    return all((sources_root / p).is_file() for p in (MIX_CSV, YEARLY_CSV, DEFAULTS_YAML))


def mismatches(
    sources_root: Path,
    rows: list[tuple[str, int, float]],
    figures: dict[str, list[tuple[float, str]]] | None = None,
) -> dict[tuple[str, int], Mismatch]:
    """``find`` on the shared sources; {} for a sources tree lacking a file (a fixture of
    another importer). A caller that needs the figures on file too passes them in, so the
    tables behind them are read once."""
    if not has_inputs(sources_root):
        return {}
    if figures is None:
        figures = other_figures(sources_root)
    return find(rows, mix_renewable(sources_root), row_renewable(sources_root), figures)


def note_for(
    rec: dict[str, Any], hit: Mismatch, figures: dict[str, list[tuple[float, str]]]
) -> str:
    """Bound ``rec`` by the figures on file for its zone and return its note (module doc)."""
    zone = rec["subject"]
    note = (
        f"{MARK}the row's own renewable share ({hit.row_renewable:g}%, co2.js) differs by "
        f"{abs(hit.mix_renewable - hit.row_renewable):.0f} points from Electricity Maps' own "
        f"published {hit.mix_year} yearly production mix for {zone} "
        f"({hit.mix_renewable:.0f}% renewable, electricitymaps-contrib zone configuration), and "
        f"{len(hit.far)} figure(s) on file for the zone lie more than {RATIO:g}x from the value, "
        "so the value is a model output that neither its published mix nor the other figures "
        "support (in a zone that imports, its imports may explain part of the gap); no cited "
        "better value is on file, so the centre is kept"
    )
    return note + reach_other_figures(rec, zone, {zone: figures.get(zone, [])})


def mark_mismatch(files: dict[str, dict[str, Any]], sources_root: Path) -> int:
    """Mark and bound the rows of ``files`` that are a mix mismatch (module doc); returns how
    many were marked. Rows already marked by an earlier step (``EARLIER``) are left alone."""
    rows = [
        (r["subject"], int(r["year"]), float(r["value"]))
        for d in files.values()
        for r in d.get("factors") or ()
    ]
    if not has_inputs(sources_root):
        return 0
    figures = other_figures(sources_root)
    found = mismatches(sources_root, rows, figures)
    if not found:
        return 0

    def note(rec: dict[str, Any], hit: Mismatch) -> str | None:
        if any(m in (rec.get("method") or "") for m in EARLIER):
            return None
        return note_for(rec, hit, figures)

    return mark_rows(files, found, note)
