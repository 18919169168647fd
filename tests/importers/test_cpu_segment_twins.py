"""CPU segment bounds hold every cited die, and one part has one id (audit 1796606525,
classes DR and HX), each rule on a small fixture that trips its screen.

DR: the desktop default's high bound was sized on 10/14 nm dies (280 mm²), below the
346 mm² 45 nm Thuban die of a Phenom II X6; ``cpu-segment-die-range`` trips on it.
HX: ARK's "Core i9-10900X X-series" was a second id on the desktop default beside its
server-die twin; ``cpu-duplicate-segment`` trips on the pair, and the catalog merges them.
"""

from __future__ import annotations

from typing import Any

import pytest
from _cpu_default_fixtures import cpu_default_inputs, emb

from carbonfactors.hardware_names import HardwareIndex
from carbonfactors_pipeline.cpu_screens import duplicate_segments, segment_die_range
from carbonfactors_pipeline.importers import _cpu_segment as seg
from carbonfactors_pipeline.importers.category_defaults import build
from carbonfactors_pipeline.importers.cpu_catalog import cpu_id

#: ACT's kgCO2e per cm² by node (a made-up two-row table: only the arithmetic is tested).
ACT = ({10: 2.0, 28: 1.0}, 0.15)


def _cpu(cid: str, segment: str, name: str | None = None, **specs: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "name": name or cid,
        "category": "cpu",
        "vendor": "AMD",
        "specs": {"segment": segment, **specs},
    }


def test_a_desktop_die_above_the_high_bound_trips_the_screen() -> None:
    thuban = _cpu("amd-phenom-ii-x6-1100t-be", "desktop", die_area_mm2=346)
    # the old desktop default: high = the model on Rocket Lake's 280 mm² (15.62)
    old = emb("category:cpu:desktop", 13.56, "derived", low=1.41, high=15.62)
    [(hid, reason)] = segment_die_range([old], [thuban])
    assert hid == thuban["id"] and "16.92" in reason and "desktop" in reason
    # the same die with a borrowed area (a family maximum) is no fact about the part
    borrowed = emb(
        thuban["id"], 20.0, "boavizta-api", method="total_die_size (Max value of cpu_specs)."
    )
    assert segment_die_range([old, borrowed], [thuban]) == []
    # the default the importer now writes holds it
    new = {f["subject"]: f for f in build(cpu_default_inputs(), ACT)}
    assert segment_die_range(list(new.values()), [thuban]) == []


def test_the_high_bound_is_the_largest_cited_die_and_the_value_stays() -> None:
    out = {f["subject"]: f for f in build(cpu_default_inputs(), ACT)}
    desktop = out["category:cpu:desktop"]
    lo, hi = seg.RANGES["desktop"]
    assert seg.largest("desktop").mm2 == 346 > hi.mm2
    assert desktop["value"] == pytest.approx(seg.doc_model_kg((lo.mm2 + hi.mm2) / 2), abs=0.01)
    assert desktop["high"] == pytest.approx(seg.doc_model_kg(346), abs=0.01)
    assert "xbitlabs-thuban-2010" in desktop["derived_from"]["sources"]
    assert "346 mm²" in desktop["method"] and "DR" in desktop["method"]
    # a segment with no larger die keeps its range's high end
    assert seg.largest("embedded") is seg.RANGES["embedded"][1]


def test_an_x_series_twin_in_another_segment_trips_the_screen() -> None:
    plain = _cpu("intel-core-i9-10900x", "server", "Intel Core i9-10900X")
    twin = _cpu("intel-core-i9-10900x-x-series", "desktop", "Intel Core i9-10900X X-series")
    [(hid, reason)] = duplicate_segments([plain, twin])
    assert hid == twin["id"] and "intel-core-i9-10900x (server)" in reason
    assert duplicate_segments([plain, twin | {"specs": {"segment": "server"}}]) == []
    be = _cpu("amd-phenom-ii-x4-955-be", "desktop", "AMD Phenom II X4 955 BE")
    assert [h for h, _ in duplicate_segments([be, _cpu("amd-phenom-ii-x4-955", "mobile")])] == [
        be["id"]
    ]


def test_one_part_one_id_and_the_suffixed_name_still_resolves() -> None:
    assert cpu_id("Intel Core i9-10900X X-series") == "intel-core-i9-10900x"
    assert cpu_id("Intel® Core™ i9-10900X X-series Processor") == "intel-core-i9-10900x"
    # the HEDT rule reads the model number, not ARK's suffix; Kaby Lake-X stays a client die
    assert seg.segment("intel", "intel-core-i9-10900x-x-series") == "server"
    assert seg.segment("intel", "intel-core-i7-7740x-x-series") == "desktop"
    rec = _cpu("intel-core-i9-10900x", "server", "Intel Core i9-10900X")
    rec["aliases"] = ["Intel Core i9-10900X X-series"]
    match = HardwareIndex([rec]).resolve("intel-core-i9-10900x-x-series")
    assert getattr(match, "id", None) == "intel-core-i9-10900x"
