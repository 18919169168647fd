"""A server whose sheet's socket count contradicts the model (audit 1796630035 class SK).

On a fixture of three real PCF rows (HPE's DL380 Gen10, whose auto-parsed row states 1 CPU;
Dell's R7415, whose row states 2 for a single-socket EPYC 7001 server; Dell's R830, a
2-or-4-socket server whose sheet states 2) and three real SPECpower results (DL380 Gen10 at
2 chips, DL325 Gen10 with one EPYC 7551P, R830 at 4 chips): the corrected counts pick the
model's own 2-socket results and the single-socket EPYC 7001 class; the embodied values stay
the sheet's; the screen ``server-socket-count`` trips on the records as the rows state them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline.importers import REGISTRY, _pcf_sockets
from carbonfactors_pipeline.importers._pcf_sockets import dell_sockets
from carbonfactors_pipeline.screens import REVIEW_RULES, RULES, Reasons
from carbonfactors_pipeline.socket_screens import RULE, screen_sockets

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "pcf_sockets"
NONE = Reasons({}, {}, [], [], {})
DL380, R7415, R830 = "hpe-proliant-dl380-gen10", "dell-poweredge-r7415", "dell-poweredge-r830"

Tree = tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]


def _run(tmp_path: Path) -> Tree:
    factors = tmp_path / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["boavizta-pcf"].run(UPSTREAM, factors)
    fs: dict[str, dict[str, Any]] = {}
    hw: list[dict[str, Any]] = []
    for maker in ("dell", "hpe"):
        data = yaml.safe_load((factors / "hardware" / "servers" / f"{maker}.yaml").read_text())
        fs |= {f["id"]: f for f in data["factors"]}
        hw += data["hardware"]
    return fs, hw


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return _run(tmp_path)


def _specs(hw: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {h["id"]: h.get("specs", {}) for h in hw}


def test_a_cited_count_picks_the_models_own_results(tree: Tree) -> None:
    fs, hw = tree
    specs = _specs(hw)
    assert specs[DL380]["cpu_count"] == 2 and specs[DL380]["specpower_chips"] == [2]
    assert specs[DL380]["sheet_cpu_count"] == 1  # what the sheet's values are for
    mean = fs[f"power:{DL380}:2021:boavizta-pcf:average"]
    assert mean["value"] == pytest.approx(745.62 / 8.76, abs=1e-3)  # the sheet's figure
    assert (mean["low"], mean["high"]) == (49.3, 461)  # its own 2-chip result
    assert "Sockets: 2, not the row's 1" in mean["method"] and "not rescaled" in mean["method"]


def test_a_name_rule_count_picks_the_cpu_class(tree: Tree) -> None:
    fs, hw = tree
    assert _specs(hw)[R7415]["cpu_count"] == 1  # the row says 2
    mean = fs[f"power:{R7415}:2019:boavizta-pcf:average"]
    assert (mean["low"], mean["high"]) == (61.7, mean["value"])  # DL325's 7551P .. the mean
    assert mean["inputs"]["specpower_class_results"] == 1
    assert "ABOVE the highest full load" in mean["method"]


def test_the_embodied_value_is_the_sheets(tree: Tree) -> None:
    fs, _ = tree
    total = fs[f"embodied:{DL380}:2021:boavizta-pcf:cradle-to-grave"]
    assert total["value"] == 4780 and "not rescaled" in total["method"]  # gwp_total as is
    r7415 = fs[f"embodied:{R7415}:2019:boavizta-pcf:cradle-to-grave"]
    assert r7415["value"] == 8090 and "Sockets: 1, not the row's 2" in r7415["method"]


def test_the_screen_trips_on_the_rows_counts(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(_pcf_sockets, "SOCKETS", {})  # the rows' counts, as released
    fs, hw = _run(tmp_path)
    flags = screen_sockets(hw, NONE)
    assert sorted(fl.factor for fl in flags) == sorted([R830, R7415, DL380])
    why = {fl.factor: fl.reason for fl in flags}
    assert "SPECpower" in why[DL380] and "give(s) 2" in why[DL380]
    assert "model-number rule" in why[R7415] and "give(s) 1" in why[R7415]
    assert "give(s) 4" in why[R830]  # measured only with four chips: kept with a note
    assert fs[f"power:{DL380}:2021:boavizta-pcf:average"].get("high") is None  # unbounded
    kept = Reasons({(R830, RULE): "why"}, {}, [], [], {})
    assert {fl.factor: fl.kept for fl in screen_sockets(hw, kept)}[R830] == "why"


def test_the_screen_passes_the_corrected_tree(tree: Tree) -> None:
    _, hw = tree
    assert [fl.factor for fl in screen_sockets(hw, NONE)] == [R830]  # its keep note is on file
    bare = [{"id": "x", "category": "server", "vendor": "HPE", "name": "HPE Edgeline EL8000"}]
    assert screen_sockets([bare[0] | {"specs": {"cpu_count": 1}}], NONE) == []  # no evidence


def test_dells_model_number_rule() -> None:
    assert dell_sockets("Dell PowerEdge R6415") == {1}
    assert dell_sockets("Dell PowerEdge R7425") == {2}
    assert dell_sockets("Dell PowerEdge R330") == {1}
    assert dell_sockets("Dell PowerEdge T430") == {2}
    assert dell_sockets("Dell PowerEdge R830") == {2, 4}
    assert dell_sockets("Dell PowerEdge R940xa") == {4}
    assert dell_sockets("Dell PowerEdge C6420") is None  # the C series follows no such rule
    assert RULE in RULES and RULE in REVIEW_RULES
