"""Systematic CPU pass 2026-12-07, classes VT, FW and P0 (``importers/_cpu_twins``): each
fix on the importer's fixture tables, and each screen on a small fixture that trips it.

VT: AMD's table names a part with its graphics ("E2-3800 with Radeon HD 8280"), so its
"Laptops" never reached ``amd-e2-3800``, filed desktop by its name.
FW: "AMD 6276" beside "AMD Opteron 6276" (same TDP) was a second id on the generic default.
P0: an unreadable TDP cell ("27.29.5", "0.0") left the part on the category's 65 W.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _cpu_fixtures import imported_cpus

from carbonfactors_pipeline.cpu_twin_screens import family_word_twins, power_missing
from carbonfactors_pipeline.importers._cpu_twins import bare, fallback_tdp, table_keys

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "cpus"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    return imported_cpus(tmp_path_factory.mktemp("twins") / "factors")


def _cpu(hid: str, seg: str | None = None) -> dict[str, Any]:
    return {"id": hid, "category": "cpu", "vendor": "AMD", "specs": {"segment": seg} if seg else {}}


def _tdp(hid: str, w: float) -> dict[str, Any]:
    return {
        "id": f"power:{hid}:2026:x:tdp",
        "kind": "power",
        "basis": "tdp",
        "subject": hid,
        "value": w,
    }


def test_table_names_with_graphics_meet_their_part(tree: tuple[dict, dict]) -> None:
    assert table_keys("amd-e2-3800-with-radeon-hd-8280") == [
        "amd-e2-3800-with-radeon-hd-8280",
        "amd-e2-3800",
    ]
    hw, _ = tree
    e2 = hw["amd-e2-3800"]["specs"]
    assert e2["form_factor"] == "Laptops" and e2["segment"] == "mobile" and e2["cores"] == 4


def test_a_bare_amd_name_is_its_family_twin(tree: tuple[dict, dict]) -> None:
    assert bare("amd-6276") and not bare("amd-opteron-6276") and not bare("amd-e2-3800")
    hw, fs = tree
    assert "amd-6276" not in hw
    assert hw["amd-opteron-6276"]["aliases"] == ["AMD 6276"]
    f = fs["power:amd-opteron-6276:2026:codecarbon-cpu-power:tdp"]
    assert f["value"] == 115 and "low" not in f and "class FW" in f["method"]
    # a bare name whose family-named part has another TDP stays its own id
    assert "amd-631" in hw and "amd-phenom-ii-x4-631" in hw


def test_the_screen_trips_on_a_bare_twin() -> None:
    hw = [_cpu("amd-6276"), _cpu("amd-opteron-6276", "server"), _cpu("amd-631")]
    fs = [_tdp("amd-6276", 115), _tdp("amd-opteron-6276", 115), _tdp("amd-631", 65)]
    [(hid, reason)] = family_word_twins(hw, fs)
    assert hid == "amd-6276" and "cpu-family-word-twin" in reason and "amd-opteron-6276" in reason
    assert family_word_twins(hw[1:], fs[1:]) == []
    # another TDP: not shown to be the same part
    assert family_word_twins(hw, [_tdp("amd-6276", 95), *fs[1:]]) == []


def test_an_unreadable_tdp_cell_takes_the_parts_own_row(tree: tuple[dict, dict]) -> None:
    _, fs = tree
    quark = fs["power:intel-quark-microcontroller-d1000:2015:codecarbon-cpu-power:tdp"]
    assert quark["value"] == 0.03 and "'0.0'" in quark["method"] and "ARK" in quark["method"]
    celeron = fs["power:intel-celeron-1000a:2026:eco2ai:tdp"]
    assert celeron["value"] == 29.5 and "'27.29.5'" in celeron["method"]
    assert "secondary" in celeron["method"] and celeron["period"] == "undated"
    assert fallback_tdp("27.29.5", None, None) is None


def test_the_screen_trips_on_a_cpu_without_power() -> None:
    hw = [_cpu("intel-celeron-1000a"), _cpu("amd-opteron-6276")]
    [(hid, reason)] = power_missing(hw, [_tdp("amd-opteron-6276", 115)])
    assert hid == "intel-celeron-1000a" and "cpu-power-missing" in reason
    assert power_missing(hw, [_tdp(h["id"], 1) for h in hw]) == []


def test_a_chiplet_area_above_the_cited_package_trips_and_is_resized() -> None:
    """Class CC: the EPYC 7742's own cpu_specs row states sixteen 74 mm² core dies (1,600
    mm²), counting core complexes; Rome's largest package (ISSCC 2020) is 1,008 mm²."""
    from carbonfactors_pipeline.cpu_screens import borrowed_die_area
    from carbonfactors_pipeline.importers._cpu_die_area import die_area
    from carbonfactors_pipeline.importers._cpu_dies import ABOVE_PACKAGE, Dies, cited_package

    assert cited_package("AMD", "Rome").mm2 == 1008  # type: ignore[union-attr]
    row = {
        "name": "AMD EPYC 7742",
        "code_name": "Rome",
        "cores": "64",
        "manufacturer": "AMD",
        "die_size": "74 mm²",
        "io_die_size": "416 mm²",
        "total_die_size": "1600.0",
        "total_die_size_source": "io_die_size (416 mm²) + die_size (16x 74 mm²)",
        "source": "https://www.techpowerup.com/cpu-specs/epyc-7742.c2185",
    }
    dies = Dies({"amd-epyc-7742": row}, die_area)
    assert dies.borrowed("amd-epyc-7742", row, 64) == ABOVE_PACKAGE
    swap = dies.replacement("amd-epyc-7742", row, 64)
    assert swap is not None and swap.mm2 == 1008
    hw = {
        "id": "amd-epyc-7742",
        "category": "cpu",
        "vendor": "AMD",
        "specs": {"segment": "server", "microarchitecture": "Rome", "cores": 64},
    }
    emb = {
        "id": "embodied:amd-epyc-7742:2019:boavizta-api:manufacturing",
        "kind": "embodied",
        "subject": "amd-epyc-7742",
        "method": "die area = cpu_specs.csv total_die_size (io_die_size (416 mm2) + die_size (16x 74 mm²)).",
        "inputs": {"die_area_mm2": 1600},
    }
    [(fid, reason)] = borrowed_die_area([emb], [hw])
    assert fid == emb["id"] and "1008 mm²" in reason
    assert borrowed_die_area([emb | {"inputs": {"die_area_mm2": 1008}}], [hw]) == []


def test_a_laptop_only_part_at_a_desktop_tdp_trips_until_corrected() -> None:
    """Class TM: AMD's scraped table gives the FP3 A8-7200P (Laptops) 100 W."""
    from carbonfactors_pipeline.cpu_twin_screens import laptop_tdp

    hw = [{"id": "amd-a8-7200p", "category": "cpu", "specs": {"form_factor": "Laptops"}}]
    f = _tdp("amd-a8-7200p", 100) | {"method": "CodeCarbon cpu_power.csv TDP."}
    [(fid, reason)] = laptop_tdp(hw, [f])
    assert fid == f["id"] and "cpu-laptop-tdp" in reason
    fixed = f | {"value": 35, "method": "… Corrected in factors/corrections.yaml: …"}
    assert laptop_tdp(hw, [fixed]) == []
    assert laptop_tdp(hw, [f | {"method": "Corrected in factors/corrections.yaml"}]) == []
    hx = [{"id": "amd-ryzen-9-7945hx", "category": "cpu", "specs": {"form_factor": "Laptops"}}]
    assert laptop_tdp(hx, [_tdp("amd-ryzen-9-7945hx", 55)]) == []


def test_the_screen_trips_on_a_spelling_twin() -> None:
    """Class SP (audit 1796655557 O6): "Phenom II X2 570 BE" beside AMD's "Phenom II 570"."""
    from carbonfactors_pipeline.cpu_twin_screens import spelling_twin

    def cpu(hid: str, cores: int | None = None) -> dict[str, Any]:
        c = _cpu(hid, "desktop")
        if cores:
            c["specs"]["cores"] = cores
        return c

    hw = [
        cpu("amd-phenom-ii-570", 2),
        cpu("amd-phenom-ii-x2-570-be"),
        cpu("amd-7th-gen-a10-9700-apu", 4),
        cpu("amd-a10-9700"),
        cpu("amd-athlon-64-3800"),  # one core: not the X2 3800+, no table cores
        cpu("amd-athlon-64-x2-3800"),
    ]
    fs = [_tdp(h["id"], 80 if "570" in h["id"] else 65 if "a10" in h["id"] else 89) for h in hw]
    got = dict(spelling_twin(hw, fs))
    assert set(got) == {"amd-phenom-ii-x2-570-be", "amd-a10-9700"}
    assert "amd-phenom-ii-570" in got["amd-phenom-ii-x2-570-be"]
    assert "cpu-spelling-twin" in got["amd-a10-9700"]
    # the core-count word counts only where the table gives that many cores
    hw[0]["specs"]["cores"] = 4
    assert "amd-phenom-ii-x2-570-be" not in dict(spelling_twin(hw, fs))
    # another TDP: not shown to be the same part
    fs[1] = _tdp("amd-phenom-ii-x2-570-be", 95)
    assert spelling_twin(hw[:2], fs[:2]) == []


def test_a_merged_twin_keeps_the_gone_spellings_boavizta_row() -> None:
    """Merging "AMD A10-9700" into AMD's "7th Gen A10-9700 APU" (class SP) once dropped the
    plain spelling's Boavizta row, and with it the part's only cited embodied value."""
    from carbonfactors_pipeline.importers._cpu_twins import merge_one as _merge

    models = {
        "amd-a10-9700": {"id": "amd-a10-9700", "name": "AMD A10-9700", "aliases": []},
        "amd-7th-gen-a10-9700-apu": {
            "id": "amd-7th-gen-a10-9700-apu",
            "name": "AMD 7th Gen A10-9700 APU",
            "aliases": [],
        },
    }
    tdps = {"amd-a10-9700": [("AMD A10-9700", 65.0)]}
    bz = {"amd-a10-9700": {"name": "A10-9700", "die_size": "246"}}
    gone = _merge(models, tdps, {}, "amd-a10-9700", "amd-7th-gen-a10-9700-apu", bz)
    assert gone == "AMD A10-9700"
    assert bz == {"amd-7th-gen-a10-9700-apu": {"name": "A10-9700", "die_size": "246"}}
    assert models["amd-7th-gen-a10-9700-apu"]["aliases"] == ["AMD A10-9700"]
    assert tdps["amd-7th-gen-a10-9700-apu"] == [("AMD A10-9700", 65.0)]
