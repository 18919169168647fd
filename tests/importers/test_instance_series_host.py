"""Class HS (audit 1796682238, #45 ovhcloud:b3-128): rule C3 sized a series on the largest
size with vCPUs and memory on file (64 vCPUs, 256 GB) while a memory-only size of the same
series (640 GB) was on file; the host is widened and the screen trips on the old value."""

from __future__ import annotations

from typing import Any

import pytest

from carbonfactors_pipeline.ccf_host import host_share_kg
from carbonfactors_pipeline.importers._instance_component import build
from carbonfactors_pipeline.importers._series_memory import WIDER_HOST
from carbonfactors_pipeline.series_host_screen import SERIES_HOST_RULE, host_covers_series


def _type(iid: str, vcpus: int | None, memory: int) -> dict[str, Any]:
    specs: dict[str, Any] = {"memory_gb": memory, "sources": {"memory_gb": "sizes"}}
    if vcpus:
        specs |= {"vcpus": vcpus}
        specs["sources"]["vcpus"] = "sizes"
    return {"id": iid, "category": "cloud_instance", "provider": "ovhcloud", "specs": specs}


HARDWARE = [
    _type("ovhcloud:x9-32", 8, 32),
    _type("ovhcloud:x9-256", 64, 256),
    _type("ovhcloud:x9-640", None, 640),  # memory only, read from the name
    _type("ovhcloud:c9-32", 16, 32),
    _type("ovhcloud:c9-256", 128, 256),
]
LISTED = {  # one listed value calibrates the model's bounds
    "id": "embodied:ovhcloud:c9-32:2026:listed:manufacturing",
    "kind": "embodied",
    "subject": "ovhcloud:c9-32",
    "year": 2026,
    "value": 150.0,
    "unit": "kgCO2e",
    "basis": "manufacturing",
    "source": "listed",
    "rung": "component-model",
    "method": "listed",
}


def test_hs_a_memory_only_size_widens_the_series_host_and_the_screen_trips_the_old() -> None:
    out = {f["subject"]: f for f in build(HARDWARE, [LISTED], lambda f: True)}
    f = out["ovhcloud:x9-32"]
    # host: 640 GB, 64 x 640 / 256 = 160 vCPUs (the series' 4 GB per vCPU)
    assert (f["inputs"]["host_vcpus"], f["inputs"]["host_memory_gb"]) == (160, 640)
    assert f["value"] == pytest.approx(host_share_kg(8, 32, 160, 640), abs=0.01)
    assert f["value"] < host_share_kg(8, 32, 64, 256)  # below the old reading
    assert f["high"] >= host_share_kg(8, 32, 64, 640) * f["inputs"]["ratio_p95"] - 0.01
    assert WIDER_HOST in f["method"] and "x9-640" in f["method"]
    assert host_covers_series(list(out.values()), HARDWARE) == []
    # the old reading: host 64 / 256, with nothing said
    stale = f | {
        "method": f["method"].split(WIDER_HOST)[0],
        "inputs": f["inputs"] | {"host_vcpus": 64, "host_memory_gb": 256},
    }
    got = host_covers_series([stale], HARDWARE)
    assert [fid for fid, _ in got] == [f["id"]] and SERIES_HOST_RULE in got[0][1]
    # a series with no larger size on file is untouched
    c = out.get("ovhcloud:c9-256")
    assert c is None or WIDER_HOST not in c["method"]
