"""Server power from PCFs (audit 2026-12-06 seed 1796548636, classes J and K), on a fixture.

J: a sheet whose yearly energy contradicts its own use phase (the Dell T630 row holds the
T330's 858.918 kWh) gets the higher reading, and the ``pcf-power-below-use-phase`` screen
trips on the lower one. K: a sheet with no yearly energy takes SPECpower's measured idle and
full-load power of the same model ("Think System" spelt with a space) instead of the
server category median.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.screens import Reasons
from carbonfactors_pipeline.server_screens import screen_servers

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "pcf_power"


@pytest.fixture
def servers(tmp_path: Path) -> dict[str, dict[str, Any]]:
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
    out: dict[str, dict[str, Any]] = {}
    for name in ("dell", "lenovo"):
        data = yaml.safe_load((factors / "hardware" / "servers" / f"{name}.yaml").read_text())
        out |= {f["id"]: f for f in data["factors"]}
    return out


def test_a_self_contradictory_sheet_takes_the_higher_reading(servers: dict[str, Any]) -> None:
    t630 = servers["power:dell-poweredge-t630:2019:boavizta-pcf:average"]
    # use phase 8,560 x 0.845 = 7,233.2 kg over 4 years at Dell's median (R740, T330, R640,
    # T630: 1.040 kg/kWh) = 1,738.7 kWh a year = 198.5 W; the row's own 858.918 kWh = 98.05 W.
    assert t630["value"] == pytest.approx(198.5, abs=0.2)
    assert (t630["low"], t630["high"]) == (48.1, 273)  # SPECpower idle / full load cover both
    assert t630["inputs"]["yearly_tec_kwh"] == 858.918
    assert "contradicts itself" in t630["method"]
    # its embodied values rest on the same total: bounds over both readings (#54)
    total = servers["embodied:dell-poweredge-t630:2019:boavizta-pcf:cradle-to-grave"]
    other = total["inputs"]["gwp_total_kgco2e"]
    assert total["value"] == other and total["high"] >= other
    assert total["low"] < other * 0.6 and "contradicts itself" in total["method"]
    t630_emb = [
        f
        for k, f in servers.items()
        if k.startswith("embodied:dell-poweredge-t630") and f["basis"] != "cradle-to-grave"
    ]
    assert t630_emb and all(f["low"] < f["value"] == f["high"] for f in t630_emb)
    # a consistent sheet of the same manufacturer keeps its own energy
    t330 = servers["power:dell-poweredge-t330:2019:boavizta-pcf:average"]
    assert t330["value"] == pytest.approx(858.918 * 1000 / 8760, abs=1e-3)
    assert "contradicts" not in t330["method"]


def test_a_sheet_without_energy_takes_specpower_of_the_same_model(servers: dict[str, Any]) -> None:
    idle = servers["power:lenovo-thinksystem-sr650-test:2019:ccf-coefficients:idle"]
    full = servers["power:lenovo-thinksystem-sr650-test:2019:ccf-coefficients:max"]
    # both spellings of the model, not its V3 successor (374 W)
    assert (full["value"], full["low"], full["high"]) == (247, 240, 254)
    assert (idle["value"], idle["low"], idle["high"]) == (58.6, 54, 63.2)
    assert full["source"] == "ccf-coefficients" and full["basis"] == "max"
    # no SPECpower result for the model: no power from anywhere (the category default applies)
    assert not any(k.startswith("power:lenovo-thinksystem-sr250-test") for k in servers)


def _sheet(hid: str, vendor: str, total: float, use: float, tec: float) -> list[dict[str, Any]]:
    return [
        {
            "id": f"embodied:{hid}:2019:boavizta-pcf:cradle-to-grave",
            "kind": "embodied",
            "subject": hid,
            "value": total,
            "unit": "kgCO2e",
            "basis": "cradle-to-grave",
            "inputs": {"gwp_total_kgco2e": total, "gwp_use_ratio": use, "pcf_lifetime_years": 4},
        },
        {
            "id": f"power:{hid}:2019:boavizta-pcf:average",
            "kind": "power",
            "subject": hid,
            "value": round(tec * 1000 / 8760, 3),
            "unit": "W",
            "basis": "average",
            "inputs": {"yearly_tec_kwh": tec},
        },
    ]


def test_screen_trips_on_power_below_its_own_use_phase() -> None:
    sheets = {
        "dell-r740": (8640, 0.843, 1760.3),
        "dell-t330": (4800, 0.749, 858.918),
        "dell-r640": (7730, 0.83, 1760.3),
        "dell-t630": (8560, 0.845, 858.918),  # the T330's energy: 98 W against ~198 W
    }
    hardware = [{"id": h, "category": "server", "vendor": "Dell"} for h in sheets]
    factors = [f for h, s in sheets.items() for f in _sheet(h, "Dell", *s)]
    none = Reasons({}, {}, [], [], {})
    flags = screen_servers(factors, hardware, none)
    assert [(fl.factor, fl.rule) for fl in flags] == [
        ("embodied:dell-t630:2019:boavizta-pcf:cradle-to-grave", "pcf-embodied-one-reading"),
        ("power:dell-t630:2019:boavizta-pcf:average", "pcf-power-below-use-phase"),
    ]
    assert flags[1].excluded and "198 W" in flags[1].reason
    assert flags[0].excluded and "4230 or 8560 kgCO2e" in flags[0].reason
    # the importer's higher power reading passes; the total with bounds over both readings too
    # (the T630's energy at Dell's median: 858.918 x 4 x 1.040 / 0.845 = 4,230 kg)
    factors[-1]["value"] = 198.5
    factors[-2] |= {"low": 4200.0, "high": 8560.0}
    assert screen_servers(factors, hardware, none) == []
    factors[-2]["low"] = 5000.0  # one reading only: trips
    assert [fl.rule for fl in screen_servers(factors, hardware, none)] == [
        "pcf-embodied-one-reading"
    ]
    factors[-2]["low"] = 4200.0
    # fewer than three sheets of a manufacturer: no median, no flag
    assert screen_servers(factors[2:6], hardware[1:3], none) == []


def test_a_system_sum_of_parts_without_its_drives_is_flagged() -> None:
    # audit 2026-12-06 seed 1796563618 #54, class S: the DGX H100 counts its 10 NVMe drives,
    # the DGX B200 (same platform, same drive list) counted none
    def dgx(hid: str, **specs: Any) -> dict[str, Any]:
        return {"id": hid, "category": "server", "specs": {"platform": "DGX", **specs}}

    def summed(hid: str, value: float, **inputs: Any) -> dict[str, Any]:
        return {
            "id": f"embodied:{hid}:2024:derived:manufacturing",
            "kind": "embodied",
            "subject": hid,
            "value": value,
            "inputs": {"server_base_kgco2e": 1000, **inputs},
        }

    hardware = [dgx("dgx-h100", storage_gb=34560), dgx("dgx-b200")]
    h100 = summed("dgx-h100", 6232.46, ssd_drives=10)
    none = Reasons({}, {}, [], [], {})
    bare = summed("dgx-b200", 6194.46)
    flags = screen_servers([h100, bare], hardware, none)
    assert [(fl.factor, fl.rule) for fl in flags] == [(bare["id"], "system-drives")]
    fixed = summed("dgx-b200", 7194.46, ssd_drives=10)
    assert screen_servers([h100, fixed], hardware, none) == []
    # the H100 alone stating storage but counting no drives is flagged too
    assert [fl.rule for fl in screen_servers([summed("dgx-h100", 5232.46)], hardware, none)] == [
        "system-drives"
    ]


def test_a_sheet_without_energy_takes_a_named_siblings_specpower(servers: dict[str, Any]) -> None:
    # Audit 1796585890 class K2: the SR850P PCF gives no energy and SPECpower has no SR850P,
    # but its 4-socket sibling SR850 was measured three times (672/688/711 W, 121/95.8/119 W).
    full = servers["power:lenovo-thinksystem-sr850p:2020:ccf-coefficients:max"]
    idle = servers["power:lenovo-thinksystem-sr850p:2020:ccf-coefficients:idle"]
    assert (full["value"], full["low"], full["high"]) == (688, 672, 711)
    assert (idle["value"], idle["low"], idle["high"]) == (119, 95.8, 121)
    assert "of ThinkSystem SR850, a sibling's measurement, not the model's" in full["method"]
    # a model with its own results says "same model", never a sibling
    own = servers["power:lenovo-thinksystem-sr650-test:2019:ccf-coefficients:max"]
    assert "sibling" not in own["method"]


def _catalog(factors: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    hw: list[dict[str, Any]] = []
    fs: list[dict[str, Any]] = []
    for name in ("dell", "lenovo"):
        data = yaml.safe_load((factors / "hardware" / "servers" / f"{name}.yaml").read_text())
        hw += data["hardware"]
        fs += data["factors"]
    return hw, fs


def test_a_server_on_the_default_beside_a_measured_sibling_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class K2 screen ``server-power-sibling-measured``: without the curated SR850 sibling
    the SR850P falls to the category default while SPECpower measured the 4-socket SR850;
    the importer names the sibling in ``specs.specpower_siblings`` and the screen lists it."""
    from carbonfactors_pipeline.importers import _pcf_specpower
    from carbonfactors_pipeline.screens import REVIEW_RULES
    from carbonfactors_pipeline.server_screens import measured_sibling_flags

    none = Reasons({}, {}, [], [], {})
    for curated in (True, False):
        factors = tmp_path / f"factors-{curated}"
        factors.mkdir()
        shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
        if not curated:
            monkeypatch.setattr(_pcf_specpower, "SIBLINGS", {})
        REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
        hw, fs = _catalog(factors)
        sr850p = next(h for h in hw if h["id"] == "lenovo-thinksystem-sr850p")
        assert sr850p["specs"]["specpower_siblings"] == ["thinksystemsr850"]
        flags = measured_sibling_flags(fs, hw, none)
        if curated:  # the sibling's results stand in: nothing to list
            assert flags == []
        else:
            assert [f.factor for f in flags] == ["lenovo-thinksystem-sr850p"]
            assert flags[0].rule == "server-power-sibling-measured" in REVIEW_RULES
            assert "thinksystemsr850" in flags[0].reason
            kept = Reasons({("lenovo-thinksystem-sr850p", flags[0].rule): "why"}, {}, [], [], {})
            assert measured_sibling_flags(fs, hw, kept)[0].kept == "why"
    # Same maker and model number, at the socket count: a letter variant, another
    # product-line name or another generation is listed for a decision; another number is not.
    spec = {
        ("lenovo", "thinksystemsr850"): [(100.0, 700.0, 4)],
        ("lenovo", "thinkedgese350v2"): [(50.0, 135.0, 1)],
        ("lenovo", "thinksystemsr150"): [(17.0, 87.0, 1)],
    }
    for key, shown in (
        ("thinksystemsr850", "ThinkSystem SR850"),
        ("thinkedgese350v2", "ThinkEdge SE350 V2"),
        ("thinksystemsr150", "ThinkSystem SR150"),
    ):
        monkeypatch.setitem(_pcf_specpower._display, ("lenovo", key), shown)
    near = _pcf_specpower.measured_siblings
    assert near(spec, "lenovo", "ThinkSystem SR850P", 4) == ["thinksystemsr850"]
    assert near(spec, "lenovo", "ThinkSystem SR850P", 2) == []
    assert near(spec, "lenovo", "ThinkSystem SE350", None) == ["thinkedgese350v2"]
    assert near(spec, "lenovo", "ThinkSystem SR250", 1) == []


def test_a_sheet_without_energy_takes_a_same_class_peers_specpower(
    servers: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Audit 1796599352 #57, class K2: the SR250 PCF gives no energy, SPECpower has no SR250
    and no sibling of its model number, so it sat on the 533 W server median of 2-socket
    cloud hosts. Its same-maker 1-socket Xeon E-2100 peer SR150 gives the value; low/high
    reach every 1-socket Xeon E-21xx result (any maker), not the E-2288G (another class)."""
    full = servers["power:lenovo-thinksystem-sr250:2020:ccf-coefficients:max"]
    idle = servers["power:lenovo-thinksystem-sr250:2020:ccf-coefficients:idle"]
    assert (full["value"], full["low"], full["high"]) == (87.2, 71.7, 93.1)
    assert (idle["value"], idle["low"], idle["high"]) == (16.8, 10, 20)
    assert "of ThinkSystem SR150, a same-class peer's measurement" in full["method"]
    assert "single-socket Intel Xeon E-21xx results, any maker (3:" in full["method"]
    # Without the curated peer the SR250 has no power of its own (the category default), and
    # the ``server-power-category-default`` screen lists it (the fixture's "SR250 Test", with
    # neither results nor a peer, is listed in both runs).
    from carbonfactors_pipeline.importers import _pcf_specpower
    from carbonfactors_pipeline.screens import REVIEW_RULES
    from carbonfactors_pipeline.server_screens import default_power_flags

    none = Reasons({}, {}, [], [], {})
    listed = {}
    for curated in (True, False):
        if not curated:
            monkeypatch.setattr(_pcf_specpower, "PEERS", {})
        factors = tmp_path / f"k2-{curated}"
        factors.mkdir()
        shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
        REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
        hw, fs = _catalog(factors)
        # nothing is listed in a tree without the server category default to fall to
        assert default_power_flags(fs, hw, none) == []
        median = {"id": "power:category:server:2026:x:max", "kind": "power"}
        fs.append(median | {"subject": "category:server", "value": 533.47})
        listed[curated] = [fl.factor for fl in default_power_flags(fs, hw, none)]
        powered = any(
            f["kind"] == "power" and f["subject"] == "lenovo-thinksystem-sr250" for f in fs
        )
        assert powered is curated
    assert listed[True] == ["lenovo-thinksystem-sr250-test"]
    assert listed[False] == ["lenovo-thinksystem-sr250", "lenovo-thinksystem-sr250-test"]
    assert "server-power-category-default" in REVIEW_RULES


def test_a_gpu_server_pcf_says_its_sheet_names_no_gpu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Audit 1796599352 #56, class GX: the C4140 is Dell's 4-GPU node but its PCF names no
    GPU (151 W yearly mean, a CPU-only 1U server's). Every factor of it says the value is the
    server without accelerators, with the product page; without that note the
    ``pcf-gpu-server-no-gpus`` screen lists each of its PCF values (a validator problem).
    The fixture's C4140 row leaves ``gwp_use_ratio`` empty so that Dell's median intensity
    in the class J test above stays that of its four sheets."""
    from carbonfactors_pipeline.importers import _pcf_gpu
    from carbonfactors_pipeline.screens import REVIEW_RULES
    from carbonfactors_pipeline.server_screens import GPU_MARK, gpu_server_flags

    none = Reasons({}, {}, [], [], {})
    for curated in (True, False):
        factors = tmp_path / f"gx-{curated}"
        factors.mkdir()
        shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
        if not curated:
            monkeypatch.setattr(_pcf_gpu, "GPU_PLATFORMS", {})
        REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
        hw, fs = _catalog(factors)
        c4140 = [f for f in fs if f["subject"] == "dell-poweredge-c4140"]
        assert {f["basis"] for f in c4140} == {"cradle-to-grave", "manufacturing", "average"}
        flags = gpu_server_flags(fs, hw, none)
        if curated:
            assert all(GPU_MARK in f["method"] and "four NVIDIA V100" in f["method"] for f in c4140)
            assert not any(GPU_MARK in f["method"] for f in fs if f not in c4140)
            assert flags == []
        else:
            assert sorted(fl.factor for fl in flags) == sorted(f["id"] for f in c4140)
            assert flags[0].rule == "pcf-gpu-server-no-gpus" in REVIEW_RULES
            assert not flags[0].excluded  # listed, a problem until the note is written
    # a record that lists its accelerators is composed, not a bare sheet: not flagged
    hw = [
        {
            "id": "dell-poweredge-c4140",
            "name": "Dell PowerEdge C4140",
            "category": "server",
            "specs": {"accelerators": [{"model": "nvidia-v100", "count": 4}]},
        }
    ]
    assert gpu_server_flags(c4140, hw, none) == []
