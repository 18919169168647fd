"""Screen ``instance-under-accelerators`` (issue 19): in each bundle, an accelerated cloud
instance's default embodied value and full-load power are never below its listed
accelerators' own defaults. Small factor trees written here trip it, a reviewer's ``keep``
note lifts it, and a value that holds its accelerators passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from test_sized_instances import CCF_SOURCE
from test_validate import SOURCES

from carbonfactors_pipeline import bundle_screens
from carbonfactors_pipeline.validate import validate_tree

ODBL_SOURCE = """\
- id: boavizta-pcf
  producer: Boavizta
  title: PCF database
  citation: Boavizta.
  url: https://github.com/Boavizta/environmental-footprint-data
  published: '2024'
  accessed: '2026-01-01'
  license: ODbL-1.0
  license_url: https://opendatacommons.org/licenses/odbl/1-0/
"""

GPU = {"id": "x-gpu", "name": "X GPU", "category": "gpu", "vendor": "X"}
INSTANCE = {
    "id": "aws:x.24xlarge",
    "name": "AWS x.24xlarge",
    "category": "cloud_instance",
    "vendor": "Amazon Web Services",
    "provider": "aws",
    "specs": {
        "vcpus": 96,
        "memory_gb": 1152,
        "accelerators": [{"model": "x-gpu", "count": 8}],
    },
}


def factor(
    kind: str, subject: str, value: float, source: str = "ccf-coefficients"
) -> dict[str, Any]:
    unit, basis = ("kgCO2e", "manufacturing") if kind == "embodied" else ("W", "max")
    return {
        "id": f"{kind}:{subject}:2026:{source}:{basis}",
        "kind": kind,
        "subject": subject,
        "year": 2026,
        "value": value,
        "unit": unit,
        "basis": basis,
        "source": source,
    }


def tree(
    tmp_path: Path, factors: list[dict[str, Any]], keep: list[dict[str, str]] | None = None
) -> Path:
    root = tmp_path / "factors"
    (root / "hardware").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES + CCF_SOURCE + ODBL_SOURCE, encoding="utf-8")
    (root / "hardware" / "x.yaml").write_text(
        yaml.safe_dump({"hardware": [GPU, INSTANCE], "factors": factors}), encoding="utf-8"
    )
    if keep:
        (root / "screens.yaml").write_text(yaml.safe_dump({"keep": keep}), encoding="utf-8")
    return root


def lifetime(category: str) -> dict[str, Any]:
    return {
        "id": f"lifetime:category:{category}:2026:ccf-coefficients",
        "kind": "lifetime",
        "subject": f"category:{category}",
        "year": 2026,
        "value": 4,
        "unit": "years",
        "basis": "service",
        "source": "ccf-coefficients",
    }


#: The accelerator's own values and the lifetimes an embodied default needs.
GPU_VALUES = [
    factor("embodied", "x-gpu", 200.0),
    factor("power", "x-gpu", 400.0),
    lifetime("gpu"),
    lifetime("cloud_instance"),
]


def test_an_instance_below_its_accelerators_embodied_fails_in_each_bundle(tmp_path: Path) -> None:
    low = factor("embodied", "aws:x.24xlarge", 1403.36)  # the old open p4d: 8 x 200 = 1,600
    res = validate_tree(tree(tmp_path, [*GPU_VALUES, low, factor("power", "aws:x.24xlarge", 4000)]))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1, msgs
    assert "instance-under-accelerators" in msgs[0] and "aws:x.24xlarge" in msgs[0]
    assert "open bundle" in msgs[0] and "full bundle" in msgs[0]
    assert "8 x x-gpu 200 = 1600" in msgs[0]
    [flag] = [fl for fl in res.flags if fl.rule == bundle_screens.RULE]
    assert flag.factor == low["id"] and flag.kept is None
    assert flag.excluded is None  # never excludes: the instance keeps a default in each bundle


def test_power_at_full_load_below_the_accelerators_fails(tmp_path: Path) -> None:
    watts = factor("power", "aws:x.24xlarge", 756.53)  # the accelerated category median
    res = validate_tree(
        tree(tmp_path, [*GPU_VALUES, factor("embodied", "aws:x.24xlarge", 4000), watts])
    )
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "default power (756.53 W at full load)" in msgs[0], msgs
    assert "3200" in msgs[0]


def test_the_floor_follows_the_bundle(tmp_path: Path) -> None:
    """The accelerator's value in ``full`` (an ODbL PCF, not in ``open``) is higher than its
    open one: an instance value between the two fails in ``full`` only."""
    full_gpu = factor("embodied", "x-gpu", 300.0, source="boavizta-pcf")
    full_gpu["rung"] = "product-lca"
    mid = factor("embodied", "aws:x.24xlarge", 2000.0)  # open floor 1,600, full floor 2,400
    facts = [*GPU_VALUES, full_gpu, mid, factor("power", "aws:x.24xlarge", 4000)]
    res = validate_tree(tree(tmp_path, facts))
    msgs = [str(p) for p in res.problems]
    assert len(msgs) == 1 and "full bundle" in msgs[0] and "open bundle" not in msgs[0], msgs
    found = bundle_screens.shortfalls(res.snapshot)
    assert [(s.bundle, s.kind, s.floor) for s in found] == [("full", "embodied", 2400.0)]


def test_a_keep_note_lifts_it_and_a_value_holding_the_accelerators_passes(tmp_path: Path) -> None:
    low = factor("embodied", "aws:x.24xlarge", 1403.36)
    power = factor("power", "aws:x.24xlarge", 4000)
    note = {"factor": low["id"], "rule": "instance-under-accelerators", "note": "AGPL-only shape"}
    res = validate_tree(tree(tmp_path / "kept", [*GPU_VALUES, low, power], keep=[note]))
    assert res.ok, [str(p) for p in res.problems]
    [flag] = [fl for fl in res.flags if fl.rule == bundle_screens.RULE]
    assert flag.kept == "AGPL-only shape" and flag.excluded is None
    summed = factor("embodied", "aws:x.24xlarge", 2576.83 + 8 * 200.0)  # host + accelerators
    res = validate_tree(tree(tmp_path / "ok", [*GPU_VALUES, summed, power]))
    assert res.ok, [str(p) for p in res.problems]
    assert not [fl for fl in res.flags if fl.rule == bundle_screens.RULE]
