"""Rules generation 6 (audit 1796599352, a-B1 and G4c; ``carbonfactors.resolve.row_notes``),
the importers' MOSTLY UNKNOWN mark (``importers/_unknown_mix.py``) and the
``grid-mostly-unknown`` screen, on small fixtures.

A zone whose mix is 70% "unknown" with one value and no bounds (CA-NB 2025, 161 g) must come
out of the importer with bounds reaching the provincial figure on file and a note; an answer
resting on it says MOSTLY UNKNOWN; a corrected row answered as it is (AU-VIC 2023) leads its
caveats with the correction's note. The same snapshot cut with generation 5 answers as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.corrected_rows import CORRECTED_ROW
from carbonfactors.resolve.row_notes import MOSTLY_UNKNOWN
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import unknown_mix_screen
from carbonfactors_pipeline.importers import _unknown_mix

SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "electricitymaps-yearly", "priority": 20, "license": "ODbL-1.0"},
]
ZONES = [
    {"id": "CA", "name": "Canada", "type": "country"},
    {"id": "CA-NB", "name": "New Brunswick", "type": "subnational", "parent": "CA"},
    {"id": "AU", "name": "Australia", "type": "country"},
    {"id": "AU-VIC", "name": "Victoria", "type": "subnational", "parent": "AU"},
]
NOTE = (
    "MOSTLY UNKNOWN: 70% of CA-NB's production in Electricity Maps' own 2024 yearly mix is "
    "'unknown', so the value is modelled more than measured; bounds 161..270 reach the "
    "other figures on file."
)
CORRECTED = (
    "Electricity Maps yearly. Corrected in factors/corrections.yaml: KNOWN UPSTREAM ERROR "
    "(audit G4): lignite priced as hard coal; more (evidence: ga; upstream value 498)."
)


def _snapshot(rules: int) -> dict[str, Any]:
    em = "electricitymaps-yearly"
    factors = [
        gi("CA", 2025, 120.0, "ember"),
        gi("CA-NB", 2024, 154.0, em, low=154.0, high=270.0, method=NOTE.replace("161", "154")),
        gi("CA-NB", 2025, 161.0, em, low=161.0, high=270.0, method=NOTE),
        gi("AU", 2022, 620.0, "ember"),
        gi("AU", 2023, 600.0, "ember"),
        gi("AU-VIC", 2023, 498.0, em, high=1060.0, method=CORRECTED),
    ]
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": factors}


def ds(rules: int = RULES) -> Dataset:
    return Dataset.from_snapshot(_snapshot(rules), version="t")


def test_rules_is_generation_6() -> None:
    assert RULES >= 6


def test_a_mostly_unknown_row_says_so_and_keeps_its_bounds() -> None:
    res = ds().resolve_grid("CA-NB", 2025)
    assert (res.value, res.factor.lo, res.factor.hi) == (161.0, 161.0, 270.0)
    lines = [w for w in res.warnings if w.startswith(MOSTLY_UNKNOWN)]
    assert len(lines) == 1 and "70% of CA-NB's production" in lines[0]
    assert "Corrected" not in lines[0]


def test_a_corrected_row_answered_as_it_is_leads_with_its_note() -> None:
    res = ds().resolve_grid("AU-VIC", 2023)
    assert res.caveats and res.caveats[0].startswith(
        f"{CORRECTED_ROW}: AU-VIC 2023 (498 [498..1060]"
    )
    assert "KNOWN UPSTREAM ERROR (audit G4): lignite priced as hard coal" in res.caveats[0]
    assert "the central value is the upstream figure, kept" in res.caveats[0]


def test_generation_5_answers_as_before() -> None:
    for zone, year in (("CA-NB", 2025), ("AU-VIC", 2023)):
        res = ds(5).resolve_grid(zone, year)
        assert not any(w.startswith((MOSTLY_UNKNOWN, CORRECTED_ROW)) for w in res.warnings)


def _sources(tmp: Path, unknown: float) -> Path:
    (tmp / "electricitymaps").mkdir()
    (tmp / "green-algorithms" / "latest").mkdir(parents=True)
    (tmp / "eco2ai").mkdir()
    (tmp / _unknown_mix.MIX_CSV).write_text(
        "zone_key,datetime,mode,ratio,source\n"
        f"CA-NB,2024-01-01,unknown,{unknown},x\nCA-NB,2024-01-01,hydro,{1 - unknown},x\n"
        "JP-SK,2024-01-01,unknown,0.8,x\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.ZONES_CSV).write_text(
        "zone_key,zone_name,country_name,country,region,timezone,has_zone_emission_factors,"
        "has_fallback_mix\nCA-NB,New Brunswick,Canada,CA,Americas,x,True,True\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.GA_CSV).write_text(
        "Index,,,,in gCO2e/kWh,,,\n"
        "location,continentName,countryName,regionName,carbonIntensity,Type,source,comments\n"
        "CA-NB,NA,Canada,New Brunswick,270,Region,NIR 2021,\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.ECO2AI_CSV).write_text(
        "country,region,alpha_2_code,alpha_3_code,un_code,emission_intensity_kg_per_mwh\n"
        "Canada,New Brunswick,CA,CAN,124,260.0\n",
        encoding="utf-8",
    )
    return tmp


def _files(*rows: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"x.yaml": {"factors": [dict(r) for r in rows]}}


def test_the_importer_bounds_and_marks_a_70_percent_unknown_zone(tmp_path: Path) -> None:
    files = _files(gi("CA-NB", 2025, 161.0, "electricitymaps-yearly", method="EM."))
    assert _unknown_mix.mark(files, _sources(tmp_path, 0.7)) == 1
    rec = files["x.yaml"]["factors"][0]
    assert (rec["low"], rec["high"]) == (161.0, 270.0)
    assert "MOSTLY UNKNOWN: 70% of CA-NB's production" in rec["method"]
    assert "own 2024 yearly mix" in rec["method"]  # 2025 takes the latest earlier mix
    assert (
        "Green Algorithms CA-NB 270" in rec["method"]
        and "Eco2AI Canada New Brunswick 260" in rec["method"]
    )


def test_the_importer_leaves_a_mostly_known_zone_alone(tmp_path: Path) -> None:
    files = _files(gi("CA-NB", 2025, 161.0, "electricitymaps-yearly", method="EM."))
    assert _unknown_mix.mark(files, _sources(tmp_path, 0.4)) == 0
    assert "low" not in files["x.yaml"]["factors"][0]


def test_the_screen_lists_a_marked_row_without_bounds(tmp_path: Path) -> None:
    # JP-SK: 80% unknown and no figure for it or Japan on file -> marked, no bounds
    files = _files(gi("JP-SK", 2024, 612.0, "electricitymaps-yearly", method="EM."))
    _unknown_mix.mark(files, _sources(tmp_path, 0.7))
    rec = files["x.yaml"]["factors"][0]
    assert (
        "low" not in rec and "no other figure for JP-SK or its country is on file" in rec["method"]
    )
    flags = unknown_mix_screen.flags({"factors": [rec]})
    assert [(f.rule, f.factor, f.problem) for f in flags] == [
        (unknown_mix_screen.RULE, rec["id"], True)
    ]
    bounded = dict(rec, low=600.0, high=700.0)
    assert unknown_mix_screen.flags({"factors": [bounded]}) == []


def test_an_answer_derived_from_a_corrected_row_leads_with_rule_g4b_line() -> None:
    # AU-VIC 2022 lacks a row: rule G3 scales 2023's corrected row; its G4b line comes first
    res = ds().resolve_grid("AU-VIC", 2022)
    assert res.caveats[0].startswith(f"{CORRECTED_ROW}: AU-VIC 2022")
    assert "a correction (factors/corrections.yaml: KNOWN UPSTREAM ERROR" in res.caveats[0]
    old = ds(5).resolve_grid("AU-VIC", 2022)
    assert set(old.caveats) == set(res.caveats) and old.caveats[0] != res.caveats[0]
