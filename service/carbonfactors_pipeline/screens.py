"""Plausibility screens for grid intensities, and the reviewers' reasons file.

Upstream datasets carry artefacts that pass every schema check: a lifecycle intensity of
0 (nothing is built, mined or maintained for free), a country above the worst coal plant,
a value that doubles in one year. The screens find them; a flagged value is kept (it stays
queryable by id and in ``/v1/factors``) but it is excluded from every default resolution,
and the snapshot records why on the factor itself (``excluded``), so the SDK, the API and
a reader of the snapshot all see the same reason.

Rules (each names the cited basis of its threshold):

* ``lifecycle-floor``: a lifecycle value below the lowest lifecycle intensity of any
  generation technology (the low end of its literature range: IPCC AR5 WG3 Annex III,
  Table A.III.2, as held in ``grid/technologies``); without technology factors, a
  lifecycle value of 0 or less.
* ``lifecycle-ceiling``: a lifecycle value above the highest lifecycle intensity of any
  generation technology (the high end of its range; coal PC, 910 gCO2e/kWh).
* ``year-on-year-jump``: within one source's series of a zone, a value that is at least
  ``JUMP_RATIO`` times (or at most 1/``JUMP_RATIO`` of) the previous year's and differs by
  at least ``JUMP_MIN_ABS`` gCO2e/kWh. The later year is flagged: it breaks a series that
  was established before it. The years after it whose values stay within
  ``LEVEL_TOLERANCE`` of the flagged one are the same level and are flagged with it (audit
  1796606525 a-J1: Sierra Leone's Ember 50 g was excluded for 2019 and the default for
  2020-2022); a ``keep`` note on the first year keeps the whole level. A change inside both
  values' stated ranges (a tiny grid's rounding interval, ``ember_owid``) is no jump.

* ``partial-year``: a grid value whose ``period`` says it covers part of its year only
  (Electricity Maps' 2021 export below 8,000 hours with data: one season). It is never a
  default; a lookup's bounds may reach it, with its hours (``resolve.grid_notes``).

* ``subnational-jump`` (a review flag: reported, never excluding): within one source's
  series of a sub-national zone, a change of at least ``SUB_JUMP_RATIO`` (30%) and
  ``SUB_JUMP_MIN_ABS`` (25 g) from the previous year. Sub-national grids swing with hydro
  years and plant changes (the Pacific Northwest in 2023), so such a value is not excluded,
  but it is listed, and a lookup that uses it says so (``carbonfactors.caveats``), until a
  reviewer's ``keep`` note explains it.

A flag is lifted only by a written note in ``factors/screens.yaml`` (``keep``). The same
file explains cross-source disagreements (``explained``) and may exclude a value no rule
catches (``exclude``), always with a note. Every disagreement above the threshold is then
either explained or listed as open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors.caveats import SUB_JUMP_MIN_ABS, SUB_JUMP_RATIO

from .factorfiles import SCREENS_FILE, LineMap, plain, read_yaml

#: Year-on-year change that needs a note: a factor of two, and at least 50 gCO2e/kWh
#: (so small grids near zero are not flagged for noise of a few grams).
JUMP_RATIO = 2.0
JUMP_MIN_ABS = 50.0
#: A later year within this (relative) of a screened jump's value continues its level.
LEVEL_TOLERANCE = 0.05
#: Below this, a relative difference means nothing: percentages are not computed.
NEAR_ZERO = 1.0
RULES = (
    "lifecycle-floor",
    "lifecycle-ceiling",
    "year-on-year-jump",
    "subnational-jump",
    "manual",
    # hardware_screens.HARDWARE_RULES (not imported: that module imports this one)
    "power-above-tdp",
    "chip-kg-per-w",
    "instance-vcpus",
    "instance-over-host",
    "sized-host-covers-series",  # series_host_screen.SERIES_HOST_RULE (audit 1796682238 HS)
    "instance-kg-per-vcpu",
    "instance-host-below-platform",
    "instance-kg-per-gb",
    "instance-w-per-vcpu",
    "instance-above-specpower",
    "instance-ccf-coefficient",
    "instance-dram-share",
    "instance-accel-power",
    "instance-smt",
    "instance-host-below-chip",
    "instance-smt-coverage",
    "die-area",
    "cpu-borrowed-die-area",
    "instance-storage-drives",
    # cpu_vendor_screens.RULE (audit 1796647084 class TT)
    "cpu-tdp-vs-vendor-extract",
    # cpu_dating_screens.RULES (audit 1796672257 classes CP, ST): a problem / review only
    "cpu-undated-but-dated",
    "cpu-tdp-sibling-step",
    # instance_host_screens.RULES (audit 1796613359 classes V1, MAC; sys13 class WH)
    "instance-managed-vs-base",
    "instance-mac-rack-base",
    "instance-whole-host-over-server",
    # instance_shape_screen.RULE (sys13 class MS)
    "instance-same-shape-spread",
    # instance_power_shape_screen.RULES (sys13 classes HP, AI, SC, HT)
    "instance-whole-host-power",
    "instance-arm-idle",
    # instance_arm_screen.RULE (audit 1796669258 class AV)
    "instance-arm-below-measured",
    "instance-burstable-baseline",
    "instance-hpc-threads",
    # instance_hold_screens.RULES (audit 1796636393 classes SR, XR)
    "specpower-hold-coverage",
    "ccf-readings-span",
    # instance_platform_screen.RULE (sys15 class PS)
    "instance-platform-spread",
    # instance_host_readings_screen.RULE (sys15 class 2H)
    "instance-family-host-readings",
    # instance_cpu_host_screen (audit 1796674267 classes HA, MX): validator problems
    "instance-host-vs-cpu",
    "instance-own-power-unused",
    # server_screens.SERVER_RULES
    "pcf-power-below-use-phase",
    "pcf-embodied-one-reading",
    "system-drives",
    "pcf-sibling-spread",
    "server-power-sibling-measured",
    "pcf-gpu-server-no-gpus",
    "server-power-category-default",
    # keep_note_screen.RULE (audit 1796647084 class KN): a keep note the method does not carry
    "keep-note-in-method",
    # pcf_mean_screens.RULE (audit 1796606525 class PM): listed, a problem until a note
    "pcf-mean-above-full-load",
    # socket_screens.RULE (audit 1796630035 class SK): on the hardware id, a problem until a note
    "server-socket-count",
    # instance_series_screens.RULES: listed, a problem until a note explains it
    "instance-series-spread",
    "instance-sibling-shape",
    "instance-series-monotone",
    "instance-series-per-vcpu",
    # bundle_screens.RULE: judged on each bundle's defaults, never excludes a value
    # grid_screens.RULES: judged on the full bundle's grid lookups, never exclude a value
    "grid-own-series",
    "grid-estimate-spread",
    "grid-method-step",
    "grid-wider-far",
    "grid-region-country",
    "grid-region-no-opening",
    # grid_drift_screen.RULE (audit 1796621837 a-W1)
    "grid-wider-drift",
    # grid_estimate_screen.RULE (audit 1796658609 a-E1, rule G1b)
    "grid-estimate-own-ratio",
    # grid_seam_screen.RULE (audit 1796655557 a-SM)
    "grid-series-seam",
    # grid_method_screen.RULE (audit 1796630035 a-O4, a-O6)
    "grid-method-bounds",
    # grid_part_twin_screens (audit 1796642882 a-P2, a-I1)
    "part-year-later-reach",
    "isolated-parent-twin",
    # grid_export_key_screen.RULE (audit 1796672257 a-K2)
    "export-key-choice",
    # grid_derived_screens.RULES (rule G4b, audit 1796594162)
    "grid-derived-bounds",
    "grid-below-direct",
    "below-direct-margin",  # audit 1796636393 a-D1
    "below-direct-carry",  # audit 1796658609 a-D2
    # bounds_note_screen.RULE (audit 1796636393 a-B1)
    "method-bounds-consistent",
    "grid-zero-width-bounds",  # bounds_note_screen.ZERO (w15 sub-national pass)
    # unknown_mix_screen.RULES (audit 1796599352 a-B1)
    "grid-mostly-unknown",
    # default_mix_screen.RULES (audit 1796669258 a-F1)
    "default-factor-mix",
    # mix_mismatch_screen.RULES (audit 1796682238 a-Y1)
    "grid-mix-mismatch",
    # import_error_screen.RULES (audit 1796682238 a-V1)
    "grid-imports-known-error",
    # import_cause_screen.RULE (audit 1796647084 a-S1): on the screens file's own notes
    "screens-import-cause",
    # grid_derived_screens (audit 1796606525 a-J1, a-R1)
    "grid-screened-year",
    "grid-tiny-rounding",
    # grid_link_screens.RULES (audit 1796636393 a-M1, a-E1)
    "grid-parent-not-connected",
    "modelled-zone-unbounded",
    "grid-parent-after-islanding",  # w15 sub-national pass (isolated_since)
    # grid_island_screens.RULES (audit 1796655557 a-IS)
    "grid-linked-group",
    "grid-scaled-above-ceiling",
    # generation_spike_screen.RULE (audit 1796658609 a-G1): review, a problem if unbounded
    "generation-spike",
    # served_area_screen.RULE (w15 sub-national pass, rule P2)
    "served-area-unbounded",
    # direct_ceiling_screen.RULE (audit 1796655557 a-O7, rule G4d)
    "direct-above-lifecycle",
    # jump_gap_screen.RULE (w15 sub-national pass, generation 12)
    "grid-jump-across-gap",
    # grid_gap_screens.RULES (audit 1796611373 a-I1, a-C1)
    "grid-own-gap",
    "grid-screened-unnamed",
    "grid-part-year-kept",
    "grid-gap-part-year",
    "grid-isolated-reach",
    "grid-part-year-anchor",  # audit 1796682238 a-C1 (generation 18)
    # correction_screens.RULE (audit 1796621837 G4p): excluded and a problem until corrected or kept
    "grid-correction-coverage",
    # pue_screens.RULES (rules P, P0, P1; P0b, audit 1796599352)
    "grid-region-point",
    "pue-operator-refused",
    "pue-site-off",
    "pue-operator-unreached",
    "pue-unbounded-estimate",
    "pue-estimate-centre",  # audit 1796642882 AP2
    "pue-site-own-backfill",  # audit 1796674267 SB (rule P1b)
    "pue-column-unfiled",  # pue_column_screen.RULE (audit 1796685321 PS)
    # pue_period_screen.RULE (audit 1796647084 PP, rule P4)
    "pue-period-covered",
    "partial-year",
    "instance-under-accelerators",
    # accelerator_review.SMALL_MEMORY_RULE: listed for review, never excludes a value
    "accelerator-small-memory",
    # accelerator_sibling_review.STEM_RULE / RATE_RULE (audit 1796630035 N1, S4): problems
    # unless kept
    "accel-stem-sibling",
    "sibling-memory-rate",
    # accelerator_sibling_review.POWER_RULE (audit 1796655557 PS): a problem
    "accel-power-same-die",
    # accelerator_sibling_review.BOUNDS_RULE (audit 1796674267 TB): a problem unless kept
    "accel-same-die-bounds",
    # accelerator_tdp_review.RULE (audit 1796660847 TV): a problem
    "vendor-tdp-reached",
    # accelerator_power_source_screens (audit 1796669258 NY, SC): problems unless kept
    "upstream-power-filed",
    "relay-served",
)
#: Rules whose flags are reported for review but never exclude a value from defaults.
REVIEW_RULES = frozenset(
    {
        "subnational-jump",
        "instance-under-accelerators",
        "grid-own-series",
        "grid-estimate-spread",
        "grid-method-step",
        "grid-region-country",
        "grid-region-no-opening",
        "pue-site-off",
        "grid-below-direct",
        "below-direct-margin",  # audit 1796636393 a-D1
        "below-direct-carry",  # audit 1796658609 a-D2
        # bounds_note_screen.RULE (audit 1796636393 a-B1)
        "method-bounds-consistent",
        "accelerator-small-memory",
        "pcf-sibling-spread",
        "instance-series-spread",
        "instance-sibling-shape",
        "instance-series-monotone",
        "instance-series-per-vcpu",
        "server-power-sibling-measured",
        "pcf-gpu-server-no-gpus",
        "server-power-category-default",
        "pcf-mean-above-full-load",
        "server-socket-count",
        "generation-spike",  # audit 1796658609 a-G1
        "cpu-tdp-sibling-step",  # audit 1796672257 ST
    }
)
TECH_PREFIX = "tech:"
#: A grid value's ``period`` that starts so covers part of its year only (rule
#: ``partial-year``: never a default; ``carbonfactors.resolve.grid_notes`` lets it widen
#: bounds), or is a calendar year with a note (compared year on year like one without).
PARTIAL_YEAR = "partial year"
CALENDAR_YEAR = "calendar "


@dataclass(frozen=True)
class Flag:
    """One screened value: the rule that caught it, why, and the reviewers' decision."""

    factor: str
    rule: str
    reason: str
    #: A reviewer's note keeping the value in defaults (None: excluded).
    kept: str | None = None

    @property
    def excluded(self) -> str | None:
        """The text stored on the factor when it is excluded from defaults."""
        if self.kept or self.rule in REVIEW_RULES:
            return None
        return f"{self.rule}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"factor": self.factor, "rule": self.rule, "reason": self.reason}
        if self.kept:
            out["kept"] = self.kept
        return out


@dataclass
class Reasons:
    """What reviewers wrote in ``factors/screens.yaml`` (empty when the file is absent)."""

    keep: dict[tuple[str, str], str]
    exclude: dict[str, str]
    explained: list[dict[str, Any]]
    #: (file line, field, reason) for malformed entries.
    problems: list[tuple[int, str, str]]
    lines: dict[str, int]

    def flag(self, factor: str, rule: str, reason: str) -> Flag:
        """A screened value, with the reviewers' keep note for this factor and rule if any."""
        return Flag(factor, rule, reason, self.keep.get((factor, rule)))

    def explanation(self, subject: str, year: int, sources: Iterable[str]) -> str | None:
        pair = set(sources)
        for e in self.explained:
            if e["subject"] != subject or not pair <= set(e["sources"]):
                continue
            if e.get("years") and year not in e["years"]:
                continue
            return str(e["note"])
        return None


def read_reasons(root: Path) -> tuple[str, Reasons]:
    """Parse the reasons file; problems are returned, never raised."""
    path = root / SCREENS_FILE
    out = Reasons({}, {}, [], [], {})
    if not path.exists():
        return str(path), out
    ff = read_yaml(path)
    for err in ff.errors:
        out.problems.append((err.line, "file", err.reason))
    data = ff.data if isinstance(ff.data, LineMap) else LineMap()
    for key in data:
        if key not in ("keep", "exclude", "explained"):
            out.problems.append(
                (data.line_of(key), str(key), "unknown key (keep, exclude, explained)")
            )

    def entries(key: str, need: tuple[str, ...]) -> Iterable[tuple[LineMap, dict[str, Any]]]:
        for item in data.get(key) or []:
            if not isinstance(item, LineMap):
                out.problems.append((data.line_of(key), key, "each entry must be a mapping"))
                continue
            rec = plain(item)
            missing = [k for k in need if not rec.get(k)]
            if missing:
                out.problems.append((item.line, key, f"missing {', '.join(missing)}"))
                continue
            yield item, rec

    for item, rec in entries("keep", ("factor", "rule", "note")):
        if rec["rule"] not in RULES:
            out.problems.append((item.line_of("rule"), "keep.rule", f"unknown rule {rec['rule']}"))
        out.keep[(rec["factor"], rec["rule"])] = rec["note"]
        out.lines[rec["factor"]] = item.line
    for item, rec in entries("exclude", ("factor", "note")):
        out.exclude[rec["factor"]] = rec["note"]
        out.lines[rec["factor"]] = item.line
    for _item, rec in entries("explained", ("subject", "sources", "note")):
        out.explained.append(rec)
    return str(path), out


def _bounds(factors: list[dict[str, Any]]) -> tuple[tuple[float, str], tuple[float, str]] | None:
    """(floor, its factor id), (ceiling, its factor id) over technology lifecycle factors."""
    techs = [
        f
        for f in factors
        if f["kind"] == "grid_intensity"
        and f["subject"].startswith(TECH_PREFIX)
        and f["basis"] == "lifecycle"
    ]
    if not techs:
        return None
    lows = [(f["low"] if f["low"] is not None else f["value"], f["id"]) for f in techs]
    highs = [(f["high"] if f["high"] is not None else f["value"], f["id"]) for f in techs]
    return min(lows), max(highs)


def screen(
    factors: list[dict[str, Any]], reasons: Reasons, subnational: frozenset[str] = frozenset()
) -> list[Flag]:
    """Every grid value a rule (or a reviewer) flags, in factor-id order.

    ``subnational``: ids of sub-national zones, for the ``subnational-jump`` review rule.
    """
    found: dict[str, Flag] = {}

    def flag(fid: str, rule: str, reason: str) -> None:
        if fid not in found:
            found[fid] = reasons.flag(fid, rule, reason)

    grid = [
        f
        for f in factors
        if f["kind"] == "grid_intensity" and not f["subject"].startswith(TECH_PREFIX)
    ]
    bounds = _bounds(factors)
    for f in grid:
        if f["basis"] != "lifecycle":
            continue
        v = f["value"]
        if bounds is None:
            if v <= 0:
                flag(f["id"], "lifecycle-floor", f"{v:g} gCO2e/kWh: a lifecycle intensity is > 0")
            continue
        (lo, lo_id), (hi, hi_id) = bounds
        if v < lo:
            flag(
                f["id"],
                "lifecycle-floor",
                f"{v:g} gCO2e/kWh is below the lowest lifecycle intensity of any generation "
                f"technology ({lo:g}, low end of {lo_id})",
            )
        elif v > hi:
            flag(
                f["id"],
                "lifecycle-ceiling",
                f"{v:g} gCO2e/kWh is above the highest lifecycle intensity of any generation "
                f"technology ({hi:g}, high end of {hi_id})",
            )
    series: dict[tuple[str, str | None, str], dict[int, dict[str, Any]]] = defaultdict(dict)
    for f in grid:
        period = f.get("period") or ""
        if period.startswith(PARTIAL_YEAR):
            flag(f["id"], "partial-year", f"{period}: one season, not an annual average")
        elif not period or period.startswith(CALENDAR_YEAR):
            series[(f["subject"], f["basis"], f["source"])][f["year"]] = f
    for years in series.values():
        for y in sorted(years):
            prev = years.get(y - 1)
            if prev is None:
                continue
            a, b = prev["value"], years[y]["value"]
            if min(a, b) < NEAR_ZERO or abs(b - a) < JUMP_MIN_ABS or _ranges_meet(prev, years[y]):
                continue
            if max(a, b) / min(a, b) >= JUMP_RATIO:
                flag(
                    years[y]["id"],
                    "year-on-year-jump",
                    f"{b:g} gCO2e/kWh after {a:g} in {y - 1} ({b / a:.2f}×), with no note "
                    f"explaining the change",
                )
            elif (
                years[y]["subject"] in subnational
                and abs(b - a) >= SUB_JUMP_MIN_ABS
                and max(a, b) / min(a, b) >= SUB_JUMP_RATIO
            ):
                flag(
                    years[y]["id"],
                    "subnational-jump",
                    f"{b:g} gCO2e/kWh after {a:g} in {y - 1} ({b / a - 1:+.0%}) in a "
                    "sub-national grid, with no note explaining the change",
                )
        _continued_levels(years, found, flag)
    for fid, note in reasons.exclude.items():
        found.setdefault(fid, Flag(fid, "manual", note))
    return sorted(found.values(), key=lambda fl: fl.factor)


def _ranges_meet(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two values both state a range and the ranges overlap: a change within them is
    rounding, not the grid's (a tiny grid's Ember value is a ratio of two-decimal totals)."""
    if None in (a.get("low"), a.get("high"), b.get("low"), b.get("high")):
        return False
    return bool(a["low"] <= b["high"] and b["low"] <= a["high"])


def _continued_levels(years: dict[int, dict[str, Any]], found: dict[str, Flag], flag: Any) -> None:
    """Flag the years that continue the level of an excluded jump (module doc)."""
    level: tuple[int, float] | None = None
    for y in sorted(years):
        f = years[y]
        fl = found.get(f["id"])
        if fl is not None:
            jumped = fl.rule == "year-on-year-jump" and fl.excluded is not None
            level = (y, f["value"]) if jumped else None
            continue
        if level is None or y - 1 not in years:
            level = None
            continue
        y0, v0 = level
        if v0 < NEAR_ZERO or abs(f["value"] / v0 - 1) > LEVEL_TOLERANCE:
            level = None
            continue
        flag(
            f["id"],
            "year-on-year-jump",
            f"{f['value']:g} gCO2e/kWh continues the level of {y0}'s {v0:g} (within "
            f"{LEVEL_TOLERANCE:.0%}), a jump screened out with no note explaining it",
        )


def spread(low: float, high: float) -> float | None:
    """Relative difference (high - low) / low; None when low is too close to zero to divide."""
    if low < NEAR_ZERO:
        return None
    return (high - low) / low


def pct(value: float | None) -> str:
    """A spread for humans; near-zero denominators print as such, never as +2e12%."""
    return "n/a (one value near zero)" if value is None else f"+{value:.0%}"


def plain_reasons(flags: list[Flag]) -> dict[str, Any]:
    """Counts by rule (excluded and kept), for reports."""
    by_rule: dict[str, dict[str, int]] = {}
    for fl in flags:
        review = fl.rule in REVIEW_RULES
        c = by_rule.setdefault(fl.rule, {"to review" if review else "excluded": 0, "kept": 0})
        c["kept" if fl.kept else "to review" if review else "excluded"] += 1
    return dict(sorted(by_rule.items()))
