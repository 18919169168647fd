"""OVHcloud flavors whose name states their memory (audit 2026-12-07 seed 1796658609, OV).

36 OVHcloud flavors had ``specs: {}`` and sat on the all-instance medians although the
``<family>-<GB>`` naming the cited b2/b3 table shows gives their RAM. The screen
``instance-shape-in-name`` trips on such a record; the importer reads the memory from the
name and publishes no vCPU count (no facts page on file gives it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carbonfactors_pipeline.importers._cloud_read import read_shapes
from carbonfactors_pipeline.importers._cloud_records import Instance
from carbonfactors_pipeline.importers._instance_shapes import OVH_SIZES, shapes
from carbonfactors_pipeline.spec_screens import shape_in_name

ROOT = Path(__file__).resolve().parents[2]


def _inst(hid: str, **specs: Any) -> dict[str, Any]:
    return {"id": hid, "category": "cloud_instance", "specs": specs}


def test_screen_trips_on_a_flavor_whose_name_states_its_memory() -> None:
    hw = [
        _inst("ovhcloud:r2-240"),
        _inst("ovhcloud:r3-1024", memory_gb=1024),
        _inst("ovhcloud:bm-s1"),  # no size in the name
        _inst("ovhcloud:t2-le-45"),  # GPU flavor, other naming
        _inst("aws:m5.large"),
    ]
    assert list(shape_in_name(hw)) == [("ovhcloud:r2-240", 240.0)]


def test_the_name_table_gives_memory_and_no_vcpus() -> None:
    table = shapes()
    series, vcpus, mem = table["ovhcloud:r2-240"]
    assert (vcpus, mem, series.source) == (0, 240, OVH_SIZES)
    assert table["ovhcloud:r3-1024"][1:] == (0, 1024)
    assert table["ovhcloud:b2-120"][1:] == (32, 120)  # cited vCores stay
    inst = Instance("ovhcloud", "r2-240")
    read_shapes({"ovhcloud:r2-240": inst})
    assert inst.memory_gb == 240 and not inst.vcpus
    assert inst.field_source["memory_gb"] == OVH_SIZES


def test_no_catalog_flavor_trips_the_screen() -> None:
    hw = []
    for path in sorted((ROOT / "factors/hardware/instances/ovhcloud").glob("*.yaml")):
        hw.extend(yaml.safe_load(path.read_text())["hardware"])
    assert list(shape_in_name(hw)) == []
