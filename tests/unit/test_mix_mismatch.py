"""A yearly value contradicting its zone's own published mix (audit 1796682238, class a-Y1):
the yearly importer's mark (``importers/_mix_mismatch.py``), the ``grid-mix-mismatch``
screen, and the warning rules generation 11 already relays (``MODELLED``), on small fixtures.

Zone ZZ's row says 68% renewable at 197 g while its published mix is 92% hydro and 8%
"unknown", and Green Algorithms has 111 g for it (Yukon 2022): it must come out marked, with
bounds reaching 111; a zone whose mix agrees, or whose figures lie within 1.5x, is left
alone; an unmarked or unbounded mismatching row trips the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.row_notes import MODELLED
from carbonfactors_pipeline import mix_mismatch_screen
from carbonfactors_pipeline.importers import _mix_mismatch, _unknown_mix

EM = "electricitymaps-yearly"


def _sources(tmp: Path) -> Path:
    (tmp / "electricitymaps" / "config").mkdir(parents=True)
    (tmp / "green-algorithms" / "latest").mkdir(parents=True)
    (tmp / "eco2ai").mkdir()
    (tmp / "co2js").mkdir()
    (tmp / _mix_mismatch.DEFAULTS_YAML).write_text(
        "isRenewable:\n  hydro:\n    value: 1\n  unknown:\n    value: 0\n  gas:\n    value: 0\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.MIX_CSV).write_text(
        "zone_key,datetime,mode,ratio,source\n"
        "ZZ,2022-01-01,hydro,0.92,x\nZZ,2022-01-01,unknown,0.08,x\n"
        "YY,2022-01-01,hydro,0.70,x\nYY,2022-01-01,gas,0.30,x\n"
        "XX,2022-01-01,hydro,0.92,x\nXX,2022-01-01,unknown,0.08,x\n",
        encoding="utf-8",
    )
    (tmp / _mix_mismatch.YEARLY_CSV).write_text(
        "zone_key,zone_name,country_name,year,carbon_intensity_gco2eq_per_kwh,renewable_pct,"
        "carbon_free_pct\nZZ,Zed,,2022,197,68,68\nYY,Why,,2022,197,68,68\n"
        "XX,Ex,,2022,150,68,68\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.ZONES_CSV).write_text(
        "zone_key,zone_name,country_name,country,region,timezone,has_zone_emission_factors,"
        "has_fallback_mix\nZZ,Zed,Zed,ZZ,x,x,False,True\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.GA_CSV).write_text(
        "Index,,,,in gCO2e/kWh,,,\n"
        "location,continentName,countryName,regionName,carbonIntensity,Type,source,comments\n"
        "ZZ,x,Zed,Any,111,Country,inventory 2019,\nYY,x,Why,Any,111,Country,x,\n"
        "XX,x,Ex,Any,111,Country,x,\n",
        encoding="utf-8",
    )
    (tmp / _unknown_mix.ECO2AI_CSV).write_text(
        "country,region,alpha_2_code,alpha_3_code,un_code,emission_intensity_kg_per_mwh\n",
        encoding="utf-8",
    )
    return tmp


def _files(*rows: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"x.yaml": {"factors": [dict(r) for r in rows]}}


def test_the_importer_marks_and_bounds_a_mix_mismatch(tmp_path: Path) -> None:
    files = _files(gi("ZZ", 2022, 197.0, EM, method="EM."))
    assert _mix_mismatch.mark_mismatch(files, _sources(tmp_path)) == 1
    rec = files["x.yaml"]["factors"][0]
    assert (rec["low"], rec["high"]) == (111.0, 197.0)
    assert rec["method"].startswith("EM. " + _mix_mismatch.MARK)
    assert "renewable share (68%, co2.js) differs by 24 points" in rec["method"]
    assert "Green Algorithms ZZ 111" in rec["method"]


def test_an_agreeing_mix_or_a_near_figure_is_left_alone(tmp_path: Path) -> None:
    # YY: mix 70% renewable against the row's 68; XX: mismatch, but 111 is within 1.5x of 150
    files = _files(gi("YY", 2022, 197.0, EM), gi("XX", 2022, 150.0, EM))
    assert _mix_mismatch.mark_mismatch(files, _sources(tmp_path)) == 0
    assert all("low" not in r for r in files["x.yaml"]["factors"])


def test_the_screen_trips_on_an_unmarked_or_short_row(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    bare = gi("ZZ", 2022, 197.0, EM, method="EM.")
    found = _mix_mismatch.mismatches(src, [("ZZ", 2022, 197.0)])
    flags = mix_mismatch_screen.flags({"factors": [bare]}, found)
    assert [(f.rule, f.factor, f.problem) for f in flags] == [
        (mix_mismatch_screen.RULE, bare["id"], True)
    ]
    assert "not marked (MIX MISMATCH)" in flags[0].reason
    short = dict(bare, method="EM. " + _mix_mismatch.MARK + "x", low=150.0, high=197.0)
    assert "miss 111" in mix_mismatch_screen.flags({"factors": [short]}, found)[0].reason
    files = _files(bare)
    _mix_mismatch.mark_mismatch(files, src)
    assert mix_mismatch_screen.flags({"factors": files["x.yaml"]["factors"]}, found) == []


def test_the_answer_says_modelled_mix_mismatch() -> None:
    rec = gi("CA-YT", 2022, 197.0, EM, low=101.0, high=197.0)
    rec["method"] = "EM. " + _mix_mismatch.MARK + "the row's own renewable share differs."
    snap = {
        "rules": 11,
        "sources": [{"id": EM, "priority": 20, "license": "ODbL-1.0"}],
        "zones": [
            {"id": "CA", "name": "Canada", "type": "country"},
            {"id": "CA-YT", "name": "Yukon", "type": "subnational", "parent": "CA"},
        ],
        "factors": [rec],
    }
    res = Dataset.from_snapshot(snap, version="t").resolve_grid("CA-YT", 2022)
    assert (res.value, res.factor.lo, res.factor.hi) == (197.0, 101.0, 197.0)
    assert any(
        w.startswith(f"{MODELLED}: CA-YT 2022") and "MIX MISMATCH" in w for w in res.warnings
    )
