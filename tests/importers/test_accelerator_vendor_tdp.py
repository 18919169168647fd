"""Audit 1796660847 classes ES (a consumer card carrying a sibling SKU's TDP) and TV (a
vendor-stated TDP the shipped power factor does not reach): the screens trip on small
fixtures and pass on the committed tree."""

from __future__ import annotations

from pathlib import Path

import yaml

from carbonfactors_pipeline.accelerator_tdp_review import RULE, problems
from carbonfactors_pipeline.importers._accelerator_peers import memory_words
from carbonfactors_pipeline.importers._accelerator_sibling_tdp import Card, flags, series

ROOT = Path(__file__).resolve().parents[2]
ACCEL = ROOT / "factors" / "hardware" / "accelerators"


def _card(hid: str, name: str, w_per_tflop: float, year: int = 2022) -> Card:
    return Card(hid, "NVIDIA", name, year, 10.0, 10.0 * w_per_tflop)


def test_series_names_the_consumer_generation() -> None:
    assert series("NVIDIA GeForce RTX 4070") == "RTX 40"
    assert series("NVIDIA GeForce GTX 980") == "GTX 9"
    assert series("NVIDIA GeForce GTX 1080 Ti") == "GTX 10"
    assert series("AMD Radeon RX 7900 XTX") == "RX 7"
    assert series("AMD Radeon Instinct MI300") is None
    assert series("NVIDIA GeForce GTX TITAN X") is None


def test_sibling_tdp_flags_a_card_above_its_siblings() -> None:
    sibs = [
        _card("a", "NVIDIA GeForce RTX 4090", 6.5),
        _card("b", "NVIDIA GeForce RTX 4080", 6.5),
    ]
    out = flags([*sibs, _card("c", "NVIDIA GeForce RTX 4070", 9.8, 2023)])
    assert len(out) == 1 and out[0].startswith("c: ")
    assert flags([*sibs, _card("c", "NVIDIA GeForce RTX 4070", 7.0, 2023)]) == []


def test_sibling_tdp_needs_same_series_vendor_and_window() -> None:
    base = [_card("a", "NVIDIA GeForce RTX 4090", 6.5), _card("b", "NVIDIA GeForce RTX 4080", 6.5)]
    other_series = _card("c", "NVIDIA GeForce RTX 3090", 9.8)
    late = _card("d", "NVIDIA GeForce RTX 4060", 9.8, 2025)
    amd = Card("e", "AMD", "AMD Radeon RX 7900 XTX", 2022, 10.0, 98.0)
    assert flags([*base, other_series, late, amd]) == []


def _power(fid: str, value: float, source: str, **kw: float) -> dict[str, object]:
    subject = fid.split(":")[1]
    return {
        "id": fid,
        "kind": "power",
        "subject": subject,
        "year": 2019,
        "value": value,
        "basis": "tdp",
        "source": source,
        **kw,
    }


def test_vendor_tdp_unbounded_default_trips() -> None:
    stated = {"x-gaudi": (400.0, "vendor")}
    f = _power("power:x-gaudi:2019:epoch:tdp", 300, "epoch")
    out = problems([f], lambda s: 20, stated)
    assert [fid for fid, _ in out] == ["power:x-gaudi:2019:epoch:tdp"]
    assert RULE in out[0][1]
    bounded = _power("power:x-gaudi:2019:epoch:tdp", 300, "epoch", low=300, high=400)
    assert problems([bounded], lambda s: 20, stated) == []


def test_vendor_tdp_checks_the_default_by_priority() -> None:
    stated = {"x-4070": (200.0, "club")}
    epoch = _power("power:x-4070:2023:epoch:tdp", 285, "epoch")
    own = _power("power:x-4070:2023:club:tdp", 200, "club", low=200, high=285)
    prio = {"epoch": 20, "club": 10}
    assert problems([epoch, own], prio.__getitem__, stated) == []
    assert len(problems([epoch, own], {"epoch": 5, "club": 10}.__getitem__, stated)) == 1


def test_memory_note_names_the_spec_source() -> None:
    specs = {"memory_gb": 32, "sources": {"memory_gb": "intel-gaudi3-hot-chips-2024"}}
    assert memory_words(32, None, specs) == "memory (32 GB, intel-gaudi3-hot-chips-2024)"
    assert memory_words(32, None) == "memory (32 GB, Epoch)"


def test_committed_tree_ships_the_fixes() -> None:
    def factors(name: str) -> dict[str, dict[str, object]]:
        data = yaml.safe_load((ACCEL / name).read_text(encoding="utf-8"))
        return {f["id"]: f for f in data["factors"]}

    gaudi = factors("intel.yaml")["power:intel-gaudi:2019:epoch-ml-hardware:tdp"]
    assert (gaudi["value"], gaudi.get("high")) == (300, 400)
    rtx = factors("nvidia-datasheets.yaml")[
        "power:nvidia-geforce-rtx-4070:2023:club386-rtx-4070-specs-2023:tdp"
    ]
    assert (rtx["value"], rtx["high"]) == (200, 285)
    sized = factors("embodied-sized.yaml")[
        "embodied:intel-gaudi:2019:carbonfactors-accelerator-model:manufacturing"
    ]
    assert "32 GB, intel-gaudi3-hot-chips-2024" in str(sized["method"])
