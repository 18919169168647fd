"""Importer ``cpus`` on hand-written fixtures of CodeCarbon and Boavizta CPU tables."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.importers.cpu_catalog import cpu_id
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "cpus"


def _run(factors: Path) -> dict[str, bytes]:
    REGISTRY["cpus"].run(UPSTREAM, factors)
    return {p.name: p.read_bytes() for p in sorted((factors / "hardware" / "cpus").glob("*.yaml"))}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    _run(factors)
    return factors


def _file(out: Path, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = yaml.safe_load((out / "hardware" / "cpus" / name).read_text(encoding="utf-8"))
    return {h["id"]: h for h in data["hardware"]}, {f["id"]: f for f in data.get("factors", [])}


def test_ids_normalize_vendor_marks_and_processor() -> None:
    assert cpu_id("Intel® Xeon® Platinum 8380 Processor") == "intel-xeon-platinum-8380"
    assert cpu_id("AMD EPYC™ 7763") == "amd-epyc-7763"


def test_specs_dates_and_tdp(out: Path) -> None:
    hw, factors = _file(out, "intel-xeon-scalable.yaml")
    xeon = hw["intel-xeon-platinum-8380"]
    assert xeon["release_year"] == 2021
    assert xeon["specs"] == {
        "base_clock_ghz": 2.3,
        "cores": 40,
        "family": "Xeon Platinum",
        "segment": "server",
    }
    assert factors["power:intel-xeon-platinum-8380:2021:codecarbon-cpu-power:tdp"]["value"] == 270
    hw, factors = _file(out, "amd-epyc.yaml")
    epyc = hw["amd-epyc-7763"]
    assert epyc["specs"]["cores"] == 64 and epyc["specs"]["threads"] == 128
    assert epyc["specs"]["die_area_mm2"] == 1064
    emb = factors["embodied:amd-epyc-7763:2021:boavizta-api:manufacturing"]
    assert emb["value"] == pytest.approx(1064 * 0.0197 + 9.14, abs=1e-3)
    assert emb["inputs"] == {
        "die_area_mm2": 1064,
        "die_impact_kgco2e_per_mm2": 0.0197,
        "base_impact_kgco2e": 9.14,
    }
    assert factors["power:amd-epyc-7763:2021:boavizta-api:tdp"]["value"] == 280
    assert "period" not in factors["power:amd-epyc-7763:2021:boavizta-api:tdp"]  # dated


def test_spellings_merge_and_disagreements_become_a_range(out: Path) -> None:
    hw, factors = _file(out, "amd-fx.yaml")
    assert list(hw) == ["amd-fx-4130"]
    f = factors["power:amd-fx-4130:2026:codecarbon-cpu-power:tdp"]
    assert (f["value"], f["low"], f["high"]) == (125, 95, 125)
    assert "snapshot year" in f["method"]
    # No release year in any source: the model has none, its factors say "undated".
    assert "release_year" not in hw["amd-fx-4130"] and f["period"] == "undated"
    hw, _ = _file(out, "amd-ryzen.yaml")
    assert hw["amd-ryzen-7-1700"]["aliases"] == ["AMD Ryzen 7 1700"]
    hw, _ = _file(out, "amd-other.yaml")
    assert hw["amd-4276-he"]["name"] == "AMD 4276 HE"


def test_sub_watt_atom_and_missing_tdp(out: Path) -> None:
    _, factors = _file(out, "intel-atom.yaml")
    assert factors["power:intel-atom-z500:2026:codecarbon-cpu-power:tdp"]["value"] == 0.65
    hw, factors = _file(out, "intel-xeon-e5.yaml")
    assert "intel-xeon-e5-2686-v4" in hw
    # an empty CodeCarbon cell: the part's own eco2ai reading, said (class P0)
    [f] = [f for f in factors.values() if f["subject"] == "intel-xeon-e5-2686-v4"]
    assert f["source"] == "eco2ai" and f["value"] == 145 and "is empty" in f["method"]


def test_second_run_is_byte_identical(out: Path) -> None:
    before = _run(out)
    assert _run(out) == before


def test_output_validates(out: Path) -> None:
    result = validate_tree(out)
    assert result.ok, "\n".join(str(p) for p in result.problems)


def test_an_undated_part_takes_eco2ai_date_only_within_its_series(out: Path) -> None:
    """Audit 1796574057 O3: eco2ai's Released dates a CodeCarbon-only part when its
    model-number series has launches on file that cover the year; else it stays undated
    and says why."""
    hw, facs = _file(out, "intel-xeon-scalable.yaml")
    # 8375C: eco2ai 2021, within the series' launches on file (8380, ARK Q2'21)
    assert hw["intel-xeon-platinum-8375c"]["release_year"] == 2021
    dated = facs["power:intel-xeon-platinum-8375c:2021:codecarbon-cpu-power:tdp"]
    assert "period" not in dated and "Release year from eco2ai" in dated["method"]
    assert "launch year for 50% of the 2 parts" in dated["method"]  # 8380 yes, 1165G7 no
    # 8358: eco2ai 2024 is past the series' 2021 launches: undated, with the reason
    assert "release_year" not in hw["intel-xeon-platinum-8358"]
    kept = facs["power:intel-xeon-platinum-8358:2026:codecarbon-cpu-power:tdp"]
    assert kept["period"] == "undated" and "outside the 2021-2021 launches" in kept["method"]
    # no dated part of its series on file at all: undated, with the reason
    _, other = _file(out, "amd-other.yaml")
    sempron = other["power:amd-sempron-3500:2026:codecarbon-cpu-power:tdp"]
    assert sempron["period"] == "undated" and "no part of its family" in sempron["method"]


def test_series_keys_the_generation_of_a_model_number() -> None:
    from carbonfactors_pipeline.importers._cpu_dates import series

    assert series("intel-core-i5-540um") == "intel-core-i5-5/3"
    assert series("intel-core-i5-5200u") == "intel-core-i5-5/4"
    assert series("intel-xeon-e5-2690-v4") == "intel-xeon-e5-2/4-v4"
    assert series("amd-epyc-7662") == "amd-epyc-7x2/4"
    assert series("intel-xeon-gold-6230") == "intel-xeon-gold-62/4"
    assert series("intel-xeon-2-0a") is None


def test_turbo_power_filed_as_tdp_takes_the_series_base_power(out: Path) -> None:
    """Issue 20 class T: CodeCarbon's i5-1335U 55 W / i7-12700K 190 W are the series'
    Maximum Turbo Power; the value is the base power, the turbo reading its high bound."""
    _, factors = _file(out, "intel-core-i5.yaml")
    u = factors["power:intel-core-i5-1335u:2026:codecarbon-cpu-power:tdp"]
    assert (u["value"], u["low"], u["high"]) == (15, 15, 55)
    assert "Maximum Turbo Power" in u["method"] and "intel-alder-raptor-power" in u["method"]
    _, factors = _file(out, "intel-core-i7.yaml")
    k = factors["power:intel-core-i7-12700k:2026:codecarbon-cpu-power:tdp"]
    assert (k["value"], k["low"], k["high"]) == (125, 125, 190)
    # A 12th Gen H part at its base power is not moved and gets no bounds.
    h = factors["power:intel-core-i7-12700h:2026:codecarbon-cpu-power:tdp"]
    assert h["value"] == 45 and "low" not in h and "Turbo" not in h["method"]


def test_amd_ctdp_range_bounds_a_part_inside_it(out: Path) -> None:
    """AMD's cTDP column: the range bounds a value inside it; a value outside gets a note."""
    _, factors = _file(out, "amd-ryzen.yaml")
    f = factors["power:amd-ryzen-7-4800h:2020:codecarbon-cpu-power:tdp"]
    assert (f["value"], f["low"], f["high"]) == (45, 35, 54)
    assert "configurable TDP (cTDP) of 35-54W" in f["method"]
    g = factors["power:amd-ryzen-5-5600x:2020:codecarbon-cpu-power:tdp"]
    assert "low" not in g and "does not hold this 65 W" in g["method"]
    r = factors["power:amd-ryzen-7-1700:2017:codecarbon-cpu-power:tdp"]
    assert "low" not in r and "cTDP" not in r["method"]


def test_a_tdp_far_outside_its_family_without_a_maker_row_is_unconfirmed(out: Path) -> None:
    """Audit 1796599352 #53, class TV: CodeCarbon's E5-2699P v4 at 300 W has no Intel ARK
    row and is 1.9x the highest ARK-backed Broadwell-EP TDP (E5-2687W v4, 160 W). It keeps
    its value with low/high reaching the family range and an UNCONFIRMED note; the
    validator's ``cpu-tdp-outside-family`` screen lists it without them. Parts with an ARK
    row keep plain TDPs."""
    from carbonfactors_pipeline.cpu_screens import UNCONFIRMED_MARK, tdp_outside_family

    hw, factors = _file(out, "intel-xeon-e5.yaml")
    p = factors["power:intel-xeon-e5-2699p-v4:2026:codecarbon-cpu-power:tdp"]
    assert (p["value"], p["low"], p["high"]) == (300, 160, 300)
    assert UNCONFIRMED_MARK in p["method"] and "1.88x the highest TDP" in p["method"]
    assert "intel-xeon-e5-2687w-v4 160 W; range 50-160 W" in p["method"]
    backed = factors["power:intel-xeon-e5-2699-v4:2016:codecarbon-cpu-power:tdp"]
    assert "low" not in backed and UNCONFIRMED_MARK not in backed["method"]
    fs, hws = list(factors.values()), list(hw.values())
    assert tdp_outside_family(fs, hws) == []
    # the same value without the note and bounds (the importer before the fix) is listed
    bare = {k: v for k, v in p.items() if k not in ("low", "high")}
    bare["method"] = "CodeCarbon cpu_power.csv TDP (from Intel ARK / AMD product pages)."
    found = tdp_outside_family([bare if f is p else f for f in fs], hws)
    assert [fid for fid, _ in found] == [p["id"]] and "50-160 W over 3" in found[0][1]
    # the note without bounds reaching the range is not enough
    narrow = p | {"low": 250.0}
    assert [fid for fid, _ in tdp_outside_family([narrow if f is p else f for f in fs], hws)] == [
        p["id"]
    ]


def test_an_x_series_spelling_is_the_same_part_under_one_id(out: Path) -> None:
    """Audit 1796606525 HX: ARK's "X-series" name is an alias of the plain id, on its segment."""
    hw, factors = _file(out, "intel-core-i9.yaml")
    assert list(hw) == ["intel-core-i9-10900x"]
    rec = hw["intel-core-i9-10900x"]
    assert rec["name"] == "Intel Core i9-10900X"
    assert rec["aliases"] == ["Intel Core i9-10900X X-series"]
    assert rec["specs"]["segment"] == "server" and rec["release_year"] == 2019
    f = factors["power:intel-core-i9-10900x:2019:codecarbon-cpu-power:tdp"]
    assert f["value"] == 165 and "X-series" in f["method"]
