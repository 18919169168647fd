"""A default emission factor on a fixed mix (audit 1796669258, class a-F1): the yearly
importer's mark (``importers/_default_mix.py``), the ``default-factor-mix`` screen, and the
warning rules generation 11 already relays (``MODELLED``), on small fixtures.

A zone whose mix is 99% gas with no gas factor of its own and a value of 490 (AU-NT 2023)
must come out of the importer marked, with bounds reaching the figures on file for the
zone and its numbered sub-system; a zone with its own gas factor, or a value far from the
mix priced at the defaults, is left alone; a sub-national zone with nothing of its own on
file is not bounded by its country's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.row_notes import MODELLED
from carbonfactors_pipeline import default_mix_screen
from carbonfactors_pipeline.importers import _default_mix, _unknown_mix

EM = "electricitymaps-yearly"


def _sources(tmp: Path) -> Path:
    (tmp / "electricitymaps").mkdir()
    (tmp / "green-algorithms" / "latest").mkdir(parents=True)
    (tmp / "eco2ai").mkdir()
    mix = "zone_key,datetime,mode,ratio,source\n"
    for zone in ("AU-NT", "ZZ-G", "ES-CE"):
        fuel = "oil" if zone == "ES-CE" else "gas"
        mix += f"{zone},2023-01-01,{fuel},0.99,x\n{zone},2023-01-01,biomass,0.01,x\n"
    mix += "QA,2023-01-01,gas,0.95,x\nQA,2023-01-01,solar,0.05,x\n"
    (tmp / _unknown_mix.MIX_CSV).write_text(mix, encoding="utf-8")
    (tmp / _default_mix.FACTORS_CSV).write_text(
        "zone_key,kind,mode,datetime,value_gco2eq_per_kwh,source,comment\n"
        "_DEFAULT_,lifecycle,gas,,490,IPCC 2014,\n_DEFAULT_,lifecycle,oil,,650,IPCC 2014,\n"
        "_DEFAULT_,lifecycle,biomass,,230,IPCC 2014,\n_DEFAULT_,direct,gas,,370,IPCC 2014,\n"
        "_DEFAULT_,lifecycle,solar,,45,IPCC 2014,\n"
        "ZZ-G,lifecycle,gas,2020-01-01,600,national study,\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.ZONES_CSV).write_text(
        "zone_key,zone_name,country_name,country,region,timezone,has_zone_emission_factors,"
        "has_fallback_mix\nAU-NT,Northern Territory,Australia,AU,Oceania,x,True,True\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.GA_CSV).write_text(
        "Index,,,,in gCO2e/kWh,,,\n"
        "location,continentName,countryName,regionName,carbonIntensity,Type,source,comments\n"
        "AU-NT,OC,Australia,Northern Territory,620,Region,gov 2019,\n"
        "AU-NT2,OC,Australia,DKIS,540,Region,gov 2019,\n"
        "ES,EU,Spain,Any,200,Country,x,\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.ECO2AI_CSV).write_text(
        "country,region,alpha_2_code,alpha_3_code,un_code,emission_intensity_kg_per_mwh\n"
        "Australia,Northern Territory,AU,AUS,36,570.0\n",
        encoding="utf-8",
    )
    return tmp


def _files(*rows: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"x.yaml": {"factors": [dict(r) for r in rows]}}


def test_the_importer_bounds_and_marks_a_default_gas_zone(tmp_path: Path) -> None:
    files = _files(gi("AU-NT", 2023, 490.0, EM, method="EM."), gi("AU-NT", 2024, 495.0, EM))
    assert _default_mix.mark_default(files, _sources(tmp_path)) == 2
    rec = files["x.yaml"]["factors"][0]
    assert (rec["low"], rec["high"]) == (490.0, 620.0)
    assert rec["method"].startswith("EM. " + _default_mix.MARK + "99% of AU-NT's production")
    assert "IPCC 2014 lifecycle median for gas (490 g" in rec["method"]
    assert "Green Algorithms AU-NT2 540" in rec["method"]  # the numbered sub-system counts
    assert "Eco2AI Australia Northern Territory 570" in rec["method"]
    assert "likely understates the zone" in rec["method"]
    assert "own 2023 yearly mix" in files["x.yaml"]["factors"][1]["method"]  # 2024: latest mix


def test_the_importer_leaves_own_factors_and_other_values_alone(tmp_path: Path) -> None:
    # ZZ-G has its own gas factor; AU-NT 2023 at 560 is not the mix priced at the defaults
    files = _files(gi("ZZ-G", 2023, 596.0, EM), gi("AU-NT", 2023, 560.0, EM))
    assert _default_mix.mark_default(files, _sources(tmp_path)) == 0
    assert all("low" not in r for r in files["x.yaml"]["factors"])


def test_a_value_equal_to_the_default_itself_is_marked(tmp_path: Path) -> None:
    # Qatar: 95% gas priced 467.75 with its solar, yet the value is gas's default 490 flat
    src = _sources(tmp_path)
    found = _default_mix.default_mixes(src, {"QA": {2023}})[("QA", 2023)]
    assert found.estimate == 467.8 and found.matches(490.0) and not found.matches(520.0)
    files = _files(gi("QA", 2023, 490.0, EM))
    assert _default_mix.mark_default(files, src) == 1


def test_a_subnational_zone_is_not_bounded_by_its_country(tmp_path: Path) -> None:
    files = _files(gi("ES-CE", 2023, 650.0, EM))
    assert _default_mix.mark_default(files, _sources(tmp_path)) == 1
    rec = files["x.yaml"]["factors"][0]
    assert "low" not in rec and "no other figure for ES-CE is on file" in rec["method"]
    flags = default_mix_screen.flags({"factors": [rec]}, {})
    assert [(f.rule, f.factor) for f in flags] == [(default_mix_screen.RULE, rec["id"])]


def test_the_screen_trips_on_an_unmarked_default_and_passes_the_marked_one(
    tmp_path: Path,
) -> None:
    src = _sources(tmp_path)
    bare = gi("AU-NT", 2023, 490.0, EM, method="EM.")
    found = _default_mix.default_mixes(src, {"AU-NT": {2023}})
    assert found[("AU-NT", 2023)].fuel == "gas" and found[("AU-NT", 2023)].factor == 490.0
    flags = default_mix_screen.flags({"factors": [bare]}, found)
    assert [(f.rule, f.factor, f.problem) for f in flags] == [
        (default_mix_screen.RULE, bare["id"], True)
    ]
    assert "99% gas priced at Electricity Maps' default 490 g" in flags[0].reason
    files = _files(bare)
    _default_mix.mark_default(files, src)
    assert default_mix_screen.flags({"factors": files["x.yaml"]["factors"]}, found) == []


def test_the_answer_says_modelled() -> None:
    rec = gi("AU-NT", 2023, 490.0, EM, low=490.0, high=620.0)
    rec["method"] = "EM. " + _default_mix.MARK + "99% of AU-NT's production is gas."
    snap = {
        "rules": 11,
        "sources": [{"id": EM, "priority": 20, "license": "ODbL-1.0"}],
        "zones": [
            {"id": "AU", "name": "Australia", "type": "country"},
            {"id": "AU-NT", "name": "Northern Territory", "type": "subnational", "parent": "AU"},
        ],
        "factors": [rec],
    }
    res = Dataset.from_snapshot(snap, version="t").resolve_grid("AU-NT", 2023)
    assert (res.value, res.factor.lo, res.factor.hi) == (490.0, 490.0, 620.0)
    assert any(
        w.startswith(f"{MODELLED}: AU-NT 2023") and "default factor on a fixed mix" in w
        for w in res.warnings
    )
