"""Rules generation 11 and the importers' bounds (audit 1796636393 a-B1, a-D1).

* a-D1: Greece 2020 was Ember's lifecycle 423.07 [..522] while the EEA's direct figure of
  the same year is 522: a direct figure is a floor for a lifecycle one. From generation 11
  the high bound reaches it times the smallest fossil lifecycle-to-direct ratio on file
  (IPCC AR5 medians: coal 820 / 760) and a gap above 10% says the centre is likely low.
  Screen ``below-direct-margin``.
* a-B1: IT-SAR 2015's method-step bounds 576.77..701.69 were replaced by the MOSTLY UNKNOWN
  step's 323.84..576.77; the importer now widens, the METHOD STEP warning gives the
  same-year ratio (1.2166) from generation 11, and screen ``method-bounds-consistent``
  catches a method stating bounds the factor does not carry.
A generation-10 snapshot answers as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.corrected_rows import BELOW_DIRECT
from carbonfactors.resolve.grid_notes import METHOD_STEP
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import bounds_note_screen
from carbonfactors_pipeline import grid_derived_screens as screens
from carbonfactors_pipeline.importers import _em_archive_step as step
from carbonfactors_pipeline.importers import _unknown_mix

EXPORT, LATER = "electricitymaps-2021-export", "electricitymaps-yearly"
SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [("ember", 10), (LATER, 20), (EXPORT, 30), ("gov", 40), ("ipcc", 50)]
    + [("post", 60), ("eia", 70)]
]
ZONES = [
    {"id": "YY", "name": "Lignitia", "type": "country"},
    {"id": "ZZ", "name": "Islandia", "type": "country"},
    {"id": "ZZ-S", "name": "Island", "type": "subnational", "parent": "ZZ"},
]
#: The technology rows as on file: one source's pair for coal and gas; oil's two differ.
TECH = [
    gi("tech:coal", 2014, 820.0, "ipcc"),
    gi("tech:coal", 2014, 760.0, "ipcc", basis="direct"),
    gi("tech:gas", 2014, 490.0, "ipcc"),
    gi("tech:gas", 2014, 370.0, "ipcc", basis="direct"),
    gi("tech:oil", 2014, 650.0, "post"),
    gi("tech:oil", 2021, 406.0, "eia", basis="direct"),
]
WHY = "2021: 583 against 479.21 on 6,553 hours"


def _export_row() -> dict[str, Any]:
    """IT-SAR 2015 as the importers write it: the method step's bounds, then MOSTLY UNKNOWN."""
    f = gi("ZZ-S", 2015, 576.77, EXPORT, method="export.")
    step.bound(f, (583 / 479.21, WHY, 583.0), 583.0)
    return f


def factors(tech: bool = True) -> list[dict[str, Any]]:
    return [
        gi("YY", 2020, 423.07, "ember"),
        gi("YY", 2020, 522.0, "gov", basis="direct"),
        *(gi("ZZ", y, 400.0, "ember") for y in range(2015, 2022)),
        _export_row(),
        gi("ZZ-S", 2021, 583.0, LATER),
        *(TECH if tech else []),
    ]


def ds(rules: int = RULES, tech: bool = True) -> Dataset:
    snap = {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": factors(tech)}
    return Dataset.from_snapshot(snap, version="t")


def test_rules_is_generation_11() -> None:
    assert RULES >= 11


def test_high_bound_reaches_the_direct_figure_scaled_to_lifecycle() -> None:
    res = ds().resolve_grid("YY", 2020)
    assert (res.factor.value, res.factor.high) == (423.07, 563.21)  # 522 x 820 / 760
    line = next(w for w in res.warnings if w.startswith(BELOW_DIRECT))
    assert "coal 820 / 760 (ipcc)" in line and "centre is likely low" in line


def test_without_a_paired_technology_the_direct_figure_itself_bounds() -> None:
    res = ds(tech=False).resolve_grid("YY", 2020)
    assert res.factor.high == 522.0
    assert any("no lifecycle-to-direct ratio" in w for w in res.warnings)


def test_generation_10_snapshot_answers_as_before() -> None:
    old = ds(10)
    res = old.resolve_grid("YY", 2020)
    assert res.factor.high == 522.0
    assert not any("likely low" in w for w in res.warnings)
    step_line = next(
        w for w in old.resolve_grid("ZZ-S", 2015).warnings if w.startswith(METHOD_STEP)
    )
    assert "1.2166x" not in step_line and "+1%" in step_line


def test_method_step_gives_the_same_year_ratio() -> None:
    res = ds().resolve_grid("ZZ-S", 2015)
    line = next(w for w in res.warnings if w.startswith(METHOD_STEP))
    assert "1.2166x the older (583 against 479.21 on 6,553 hours)" in line
    assert "2015 reads about 701.69 on it" in line and "+1% from this value" in line


def test_screen_below_direct_margin_trips_on_a_direct_ceiling() -> None:
    snap = {"rules": 10, "sources": SOURCES, "zones": ZONES, "factors": factors()}
    found = [f for f in screens.flags(snap) if f.rule == screens.MARGIN]
    assert [f.factor for f in found] == ["grid_intensity:YY:2020:ember"]
    assert "19% below the same-year direct figure 522" in found[0].reason
    snap["rules"] = RULES
    assert not [f for f in screens.flags(snap) if f.rule == screens.MARGIN]


def test_screen_method_bounds_consistent() -> None:
    bad = gi("ZZ", 2015, 10.0, "em", low=5.0, high=10.0, method="bounds 10..20 reach X.")
    good = gi("ZZ", 2016, 10.0, "em", low=5.0, high=20.0, method="bounds 10..20 reach X.")
    found = bounds_note_screen.flags([bad, good])
    assert [f.factor for f in found] == [bad["id"]]
    assert "10..20" in found[0].reason


def _sources(root: Path) -> None:
    """The four upstream files ``_unknown_mix.mark`` reads, for one zone ZZ-S of ZZ."""
    files = {
        _unknown_mix.MIX_CSV: "zone_key,datetime,mode,ratio\nZZ-S,2015-01-01,unknown,0.54\n",
        _unknown_mix.ZONES_CSV: "zone_key,country,zone_name\nZZ-S,ZZ,Island\n",
        _unknown_mix.GA_CSV: "units\nType,location,carbonIntensity,source\n"
        "Country,ZZ,323.84,AIB 2020\n",
        _unknown_mix.ECO2AI_CSV: "alpha_2_code,region,emission_intensity_kg_per_mwh,country\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_mostly_unknown_widens_the_bounds_already_set(tmp_path: Path) -> None:
    _sources(tmp_path)
    f = _export_row()
    assert (f["low"], f["high"]) == (576.77, 701.69)
    assert _unknown_mix.mark({"ZZ-S": {"factors": [f]}}, tmp_path) == 1
    assert (f["low"], f["high"]) == (323.84, 701.69)  # was 323.84..576.77 (replaced)
    assert "bounds 323.84..701.69" in f["method"] and "keep the bounds set above" in f["method"]
    assert not bounds_note_screen.flags([f])
    f["high"] = 576.77  # what the replacing step shipped: the screen trips
    assert bounds_note_screen.flags([f])
