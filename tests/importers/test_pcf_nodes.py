"""Multi-node chassis scope and composed CPU terms (audit 1796642882 classes SL, GS, O7).

SL: the Dell C6420 is a node of the four-node C6400 chassis typed ``Rack`` upstream, with a
chassis's weight (43.62 kg): every factor says so and is bounded down to value / 4.
O7: a self-contradicting HPE sheet (DL385 Gen10) carries its margin on both readings, so its
embodied high is no longer the value. GS: a component-model sum may not take a CPU
category's high as its term's centre, nor keep a low excluding the sum at the term's low.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.system_term_review import (
    margin_problems,
    node_scope_problems,
    term_problems,
)

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "pcf_power"
CSV = "boavizta-environmental-footprint-data/boavizta-data-us.csv"
#: The real rows (boavizta-data-us.csv lines 423, 429 and 767), sources column shortened.
ROWS = (
    "Dell,PowerEdge C6420,Datacenter,Server,6510,0.8070,1242.6,4,EU,February 2019,c6420.pdf,"
    "x,0.9846,0.1850,43.62,EU,,Rack,x4 2.5in HDD Blank,32,2,,01-11-2020,Initial Parsing,,,,,,,,",
    "Dell,PowerEdge M640,Datacenter,Server,7000,0.7220,1215.012,4,EU,February 2019,m640.pdf,"
    "x,0.8957,0.2370,6.4,EU,,Blade,x2 480GB 2.5in HDD,64,2,,01-11-2020,Initial Parsing,,,,,,,,",
    "HP,ProLiant DL385 Gen10 server4,Datacenter,Server,5360.0,0.862,2044.9,4,EU,,dl385.pdf,x,"
    "0.476,0.128,23.6,EU,,,4 SSD,64.0,2.0,,2022-10-28,HPE Auto Parser,0.005,0.004,0.104,,,0.014,0.011,",
)
C6420 = "dell-poweredge-c6420"
CPU = "embodied:category:cpu:server:2026:carbonfactors-derived:manufacturing"


@pytest.fixture
def factors(tmp_path: Path) -> dict[str, dict[str, Any]]:
    up = tmp_path / "upstream"
    shutil.copytree(UPSTREAM, up)
    with (up / CSV).open("a") as fh:
        fh.write("\n".join(ROWS) + "\n")
    out = tmp_path / "factors"
    out.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", out / "sources.yaml")
    REGISTRY["boavizta-pcf"].run(up, out)
    files = [yaml.safe_load(p.read_text()) for p in (out / "hardware" / "servers").glob("*.yaml")]
    return {f["id"]: f for d in files for f in d["factors"]}


def test_a_rack_typed_chassis_node_says_its_scope_and_is_bounded(factors: dict[str, Any]) -> None:
    mine = [f for f in factors.values() if f["subject"] == C6420]
    assert len(mine) == 3  # total, manufacturing, average power
    for f in mine:
        assert "Node of a multi-node chassis (PowerEdge C6400 (2U), up to 4 nodes" in f["method"]
        assert "43.62 kg, against 6.4-6.4 kg for this maker's blade sleds" in f["method"]
        assert f["low"] == pytest.approx(f["value"] / 4, abs=1e-3) and f["high"] == f["value"]
    mfg = factors[f"embodied:{C6420}:2019:boavizta-pcf:manufacturing"]
    assert (mfg["value"], mfg["low"]) == pytest.approx((1204.35, 301.0875), abs=1e-3)
    power = factors[f"power:{C6420}:2019:boavizta-pcf:average"]
    assert power["low"] == pytest.approx(141.849 / 4, abs=1e-3)
    # a Blade row keeps its own sentence and no node bounds
    m640 = factors["embodied:dell-poweredge-m640:2019:boavizta-pcf:manufacturing"]
    assert "Blade sled; chassis share" in m640["method"] and "Node of" not in m640["method"]
    assert node_scope_problems(list(factors.values()), {}) == []


def test_the_node_screen_trips_without_the_sentence_or_the_bounds(factors: dict[str, Any]) -> None:
    fs = list(factors.values())
    mfg = factors[f"embodied:{C6420}:2019:boavizta-pcf:manufacturing"]
    mfg["low"] = mfg["value"]  # bounds no longer reach one node's share
    assert [p[1] for p in node_scope_problems(fs, {})] == [mfg["id"]]
    mfg["low"], mfg["method"] = 301.0875, "gwp_total x gwp_manufacturing_ratio."
    assert [p[1] for p in node_scope_problems(fs, {})] == [mfg["id"]]
    # a model a keep note calls a sled, not on the node list, is screened too
    r640 = factors["embodied:dell-poweredge-r640:2019:boavizta-pcf:manufacturing"]
    keep = {(r640["id"], "any-rule"): "The R640 is a sled of a multi-node chassis."}
    assert r640["id"] in [p[1] for p in node_scope_problems(fs, keep)]


def test_a_self_contradicting_sheet_carries_its_margin_on_both_readings(
    factors: dict[str, Any],
) -> None:
    dl385 = factors["embodied:hpe-proliant-dl385-gen10:2022:boavizta-pcf:manufacturing"]
    other = dl385["inputs"]["reconciled_total_kgco2e"] * 0.128
    assert dl385["value"] == pytest.approx(other, abs=0.1)
    assert dl385["high"] == pytest.approx(dl385["value"] * 1.476, abs=0.2)
    assert dl385["low"] == pytest.approx(5360 * 0.128 * 0.524, abs=1e-2)
    fs = list(factors.values())
    assert margin_problems(fs) == []
    dl385["high"] = dl385["value"]  # the margin no longer reaches above the value: trips
    assert [p[1] for p in margin_problems(fs)] == [dl385["id"]]


def _cpu_default() -> dict[str, Any]:
    return {
        "id": CPU,
        "kind": "embodied",
        "subject": "category:cpu:server",
        "value": 26.91,
        "low": 11.57,
        "high": 100,
        "rung": "category-default",
    }


def _superchip(**inputs: Any) -> dict[str, Any]:
    return {
        "id": "embodied:gb200-superchip:2025:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "gb200-superchip",
        "value": 667.63,
        "low": 533.23,
        "high": 1408.22,
        "rung": "component-model",
        "inputs": inputs,
    }


def test_a_cpu_term_at_its_categorys_high_is_flagged() -> None:
    # the shipped GB200 superchip of release 2028.04: Grace at 100, low = chips at 100
    old = _superchip(grace_cpus=1, cpu_socket_kgco2e=100) | {"value": 740.72, "low": 691.54}
    assert [p[2].split(":")[0] for p in term_problems([_cpu_default(), old])] == [
        "component-term-in-bounds"
    ]
    term = dict(cpu_factor=CPU, cpu_kgco2e=26.91, cpu_kgco2e_low=11.57, cpu_kgco2e_high=100)
    fixed = _superchip(cpu_terms=1, **term)
    assert term_problems([_cpu_default(), fixed]) == []
    # the term off its category's value, or a low above the sum at the term's low, trips
    assert (
        len(term_problems([_cpu_default(), _superchip(cpu_terms=1, **term | {"cpu_kgco2e": 100})]))
        == 1
    )
    assert len(term_problems([_cpu_default(), fixed | {"low": 691.54}])) == 1
    # the bare convention in a sum that is not at the category high is not this class
    ccf = _superchip(cpu_socket_kgco2e=50)
    assert term_problems([_cpu_default(), ccf]) == []
