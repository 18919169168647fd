"""A PCF's yearly-mean server power, caveated and bounded (audit 1796606525 class PM, O3, O5).

On a fixture of four real Dell rows and four SPECpower results: the R340's 112.7 W mean,
above its sibling R240's 93.1 W full load, and the T330's 98 W, above the 1-socket Xeon
E3-1230 v6 servers' 51-56 W, get bounds reaching their class; the M630 blade is bounded
by its 16-sled chassis result per sled; every mean says it is one. The screen
``pcf-mean-above-full-load`` trips on the R340 as it was.

Audit 1796630035 class PM2 / O7: the R330's real row states 2 CPUs for a single-socket
server; corrected to one socket (``SOCKETS``, cited) it gets its class's bounds, and the
T430 gets its measured sibling T630's. The screen trips on any unbounded mean in a
generation whose servers are class-bounded, whatever socket count its sheet states.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.pcf_mean_screens import RULE, screen_pcf_means
from carbonfactors_pipeline.screens import REVIEW_RULES, RULES, Reasons

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "pcf_mean"
NONE = Reasons({}, {}, [], [], {})
CAVEAT = "yearly mean under its usage profile (not stated in the data), used as is, not scaled"


@pytest.fixture
def dell(tmp_path: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
    data = yaml.safe_load((factors / "hardware" / "servers" / "dell.yaml").read_text())
    return {f["id"]: f for f in data["factors"]}, data["hardware"]


def _mean(fs: dict[str, dict[str, Any]], model: str) -> dict[str, Any]:
    return fs[f"power:dell-poweredge-{model}:2019:boavizta-pcf:average"]


def test_a_mean_above_its_siblings_full_load_is_bounded_by_its_class(dell: Any) -> None:
    fs, _ = dell
    r340 = _mean(fs, "r340")
    assert r340["value"] == pytest.approx(987.3 / 8.76, abs=1e-3)  # kept: the maker's figure
    assert (r340["low"], r340["high"]) == (20, r340["value"])  # R240 idle .. the mean
    assert r340["inputs"]["specpower_full_load_w"] == 93.1
    assert CAVEAT in r340["method"] and "ABOVE the highest full load" in r340["method"]
    assert "PowerEdge R240" in r340["method"]
    t330 = _mean(fs, "t330")  # any-maker E3-1230 v6 results, none of the other class
    assert (t330["low"], t330["high"]) == (12.4, t330["value"])
    assert t330["inputs"]["specpower_full_load_w"] == 56.1
    assert t330["inputs"]["specpower_class_results"] == 2


def test_a_blade_is_bounded_by_its_chassis_per_sled(dell: Any) -> None:
    fs, _ = dell
    m630 = _mean(fs, "m630")  # 32 chips / 2 sockets = 16 sleds: 878 / 16, 4,918 / 16
    assert (m630["low"], m630["high"]) == (54.875, 307.375)
    assert m630["inputs"]["specpower_chassis_sleds"] == 16
    assert CAVEAT in m630["method"] and "per sled" in m630["method"]


def test_every_pcf_mean_carries_the_caveat_and_the_screen_passes(dell: Any) -> None:
    fs, hw = dell
    means = [f for f in fs.values() if f["basis"] == "average"]
    assert len(means) == 6 and all(CAVEAT in f["method"] for f in means)
    assert screen_pcf_means(list(fs.values()), hw, NONE) == []


def _server(hid: str, name: str, sockets: int) -> dict[str, Any]:
    return {
        "id": hid,
        "name": name,
        "category": "server",
        "vendor": "Dell",
        "specs": {"cpu_count": sockets},
    }


def _power(hid: str, value: float, **extra: Any) -> dict[str, Any]:
    inputs = {"yearly_tec_kwh": value * 8.76} | extra.pop("inputs", {})
    full = inputs.get("specpower_full_load_w")
    # as the importer says it (audit 1796655557 O9; screened)
    above = " The mean lies ABOVE the highest full load measured." if full and value > full else ""
    return {
        "id": f"power:{hid}:2019:boavizta-pcf:average",
        "kind": "power",
        "subject": hid,
        "year": 2019,
        "value": value,
        "unit": "W",
        "basis": "average",
        "source": "boavizta-pcf",
        "method": f"TEC / 8760 h. The PCF's average is a {CAVEAT}.{above}",
        "inputs": inputs,
    } | extra


def test_screen_trips_on_a_bare_mean_above_its_measured_sibling() -> None:
    hw = [
        _server("r240", "Dell PowerEdge R240", 1),
        _server("r340", "Dell PowerEdge R340", 1),
        _server("r640", "Dell PowerEdge R640", 2),
        _server("r230", "Dell PowerEdge R230", 1),
    ]
    r240 = _power("r240", 111.952, low=20, high=111.952, inputs={"specpower_full_load_w": 93.1})
    r340 = _power("r340", 112.705)  # as released: no bound, no recorded class
    r640 = _power("r640", 200.9)  # two sockets: not the R240's class
    r230 = _power("r230", 115.5)  # 13th generation: not the R240's class
    fs = [r240, r340, r640, r230]
    flags = screen_pcf_means(fs, hw, NONE)
    assert [(fl.factor, fl.rule) for fl in flags] == [(r340["id"], RULE)]
    assert RULE in RULES and RULE in REVIEW_RULES  # listed for review, never excluding
    assert "r240's" in flags[0].reason and "93.1 W" in flags[0].reason
    # a low bound reaching the class lifts it; one above it does not
    assert screen_pcf_means([r240, r340 | {"low": 20, "high": 112.705}, r640], hw, NONE) == []
    assert screen_pcf_means([r240, r340 | {"low": 95.0}], hw, NONE)
    # its own recorded full load counts first, with no sibling on file
    own = r230 | {"inputs": {"yearly_tec_kwh": 1011.3, "specpower_full_load_w": 56.1}}
    assert [fl.factor for fl in screen_pcf_means([own], hw, NONE)] == [r230["id"]]
    # a keep note names why
    kept = Reasons({(r340["id"], RULE): "why"}, {}, [], [], {})
    assert screen_pcf_means(fs, hw, kept)[0].kept == "why"


def test_screen_trips_on_a_mean_without_its_caveat() -> None:
    hw = [_server("t330", "Dell PowerEdge T330", 1)]
    bare = copy.deepcopy(_power("t330", 98.05))
    bare["method"] = "Yearly energy consumption (TEC) of the PCF / 8760 h."
    flags = screen_pcf_means([bare], hw, NONE)
    assert [fl.factor for fl in flags] == [bare["id"]] and "caveat" in flags[0].reason


def test_a_misparsed_socket_count_is_corrected_and_classed(dell: Any) -> None:
    fs, hw = dell
    r330 = _mean(fs, "r330")
    assert r330["value"] == pytest.approx(1014.8 / 8.76, abs=1e-3)  # kept: the maker's figure
    assert (r330["low"], r330["high"]) == (12.4, r330["value"])
    assert r330["inputs"]["specpower_class_results"] == 2
    assert "ABOVE the highest full load" in r330["method"] and "not the row's 2" in r330["method"]
    specs = {h["id"]: h.get("specs", {}) for h in hw}
    assert specs["dell-poweredge-r330"]["cpu_count"] == 1  # the row says 2
    assert specs["dell-poweredge-t430"]["cpu_count"] == 2


def test_a_mean_is_bounded_by_its_measured_siblings(dell: Any) -> None:
    fs, _ = dell
    t430 = _mean(fs, "t430")  # only the T630 is in the fixture: 48.1 W idle, 273 W full
    assert (t430["low"], t430["high"]) == (48.1, 273)
    assert t430["inputs"]["specpower_sibling_results"] == 1
    assert "PowerEdge T630" in t430["method"] and "within the measured range" in t430["method"]


def test_screen_trips_on_an_unbounded_mean_in_a_class_bounded_generation() -> None:
    hw = [
        _server("t130", "Dell PowerEdge T130", 1),
        _server("r330", "Dell PowerEdge R330", 2),  # the row's misparsed count
        _server("r630", "Dell PowerEdge R630", 2),
        _server("r440", "Dell PowerEdge R440", 2),
    ]
    classed = {"specpower_full_load_w": 56.1, "specpower_class_results": 6}
    t130 = _power("t130", 85.046, low=9.33, high=85.046, inputs=classed)
    r330 = _power("r330", 115.845)  # as released: no bounds, compared with 2-socket servers
    r630 = _power("r630", 163.65, low=46.7, high=287, inputs={"specpower_full_load_w": 287.0})
    r440 = _power("r440", 168.95)  # 14th generation: nothing class-bounded there here
    fs = [t130, r330, r630, r440]
    flags = screen_pcf_means(fs, hw, NONE)
    assert [(fl.factor, fl.rule) for fl in flags] == [(r330["id"], RULE)]
    assert "no bounds" in flags[0].reason and "generation 3x" in flags[0].reason
    # bounded (its class, its siblings) it passes; a keep note names why not
    assert screen_pcf_means([t130, r330 | {"low": 9.33, "high": 115.845}, r630], hw, NONE) == []
    kept = Reasons({(r330["id"], RULE): "why"}, {}, [], [], {})
    assert screen_pcf_means(fs, hw, kept)[0].kept == "why"
    # without a class-bounded server in the generation it is not asked for
    assert screen_pcf_means([r330, r630], hw, NONE) == []
