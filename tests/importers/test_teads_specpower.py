"""Class TS (audit 1796655557): the Teads whole-instance curve held to the measured
same-host SPECpower share as the CCF-method reading is, on an m5.8xlarge-like fixture, and
a managed node's own Teads row as a bound (O2)."""

from __future__ import annotations

from typing import Any

from _specpower_fixtures import teads_factor

from carbonfactors_pipeline.importers._cloud_records import Instance
from carbonfactors_pipeline.importers._instance_specpower import Result
from carbonfactors_pipeline.importers._managed_variants import tie_to_base
from carbonfactors_pipeline.importers._teads_specpower import hold, own_row_bounds

#: Two-socket Skylake servers at the two ends of the 28 measured (38.4-72.3 W idle,
#: 352-471 W full: FUJITSU RX2540 M4 and others in CCF's SPECpower file).
SKYLAKE = [Result(38.4, 352.0, 2, 96, "low box"), Result(72.3, 471.0, 2, 112, "high box")]
#: Teads' m5.8xlarge terms (package, DRAM, platform delta), aws-instances.csv line 175.
TERMS = {"idle": (19.29, 19.27, 32.0), "load-100": (159.33, 127.94, 32.0)}


def _teads(basis: str, value: float) -> dict[str, Any]:
    return teads_factor("aws:m5.8xlarge", basis, value)


def test_a_teads_curve_far_above_its_host_share_gets_a_low_bound_and_a_sentence() -> None:
    facs = [_teads("idle", 70.6), _teads("load-50", 225.9), _teads("load-100", 319.3)]
    hold(facs, 32, 96, SKYLAKE, TERMS, 128)  # a third of a 96-vCPU host
    idle, half, full = facs
    assert idle["inputs"]["specpower_same_host_w"] == 24.1  # 72.3 / 3
    assert (idle["value"], idle["low"], idle["high"]) == (70.6, 12.8, 70.6)  # 38.4 / 3
    assert "2.93x the highest" in idle["method"]
    assert (
        "19.27 W is its DRAM term" in idle["method"] and "32 W its platform term" in idle["method"]
    )
    assert full["low"] == 117.333 and "2.03x" in full["method"]
    # partial load: each result's line between its two measured points
    assert half["inputs"]["specpower_load_fraction"] == 0.5
    assert half["low"] == round((38.4 + 0.5 * (352 - 38.4)) / 3, 3)
    assert "active idle and 100 % only" in half["method"]


def test_a_teads_curve_inside_the_measured_range_is_left_alone() -> None:
    # m3.xlarge-like: 12.2 W idle against a 14.4 W share
    (fac,) = [_teads("idle", 12.2)]
    hold([fac], 4, 32, [Result(115.0, 414.0, 2, 32, "E5-2670 box")], {}, 15)
    assert "low" not in fac and fac["method"] == "Teads model of the whole instance."
    assert fac["inputs"]["specpower_same_host_w"] == 14.375


def test_a_managed_node_keeps_its_own_teads_row_as_a_bound() -> None:
    base = Instance("aws", "m5.xlarge", vcpus=4, memory_gb=16, cpu="Xeon Platinum 8175M")
    base.watts = {"idle": 8.8, "load-100": 39.9}
    var = Instance("aws", "m5.xlarge.elasticsearch", vcpus=4, memory_gb=16, cpu="8259CL")
    var.watts = {"idle": 8.3, "load-100": 32.7}
    same = Instance("aws", "m5.large.elasticsearch", vcpus=2, memory_gb=8)
    same.watts = {"idle": 4.4}
    twin = Instance("aws", "m5.large", vcpus=2, memory_gb=8)
    twin.watts = {"idle": 4.4}
    tie_to_base({i.id: i for i in (base, var, same, twin)})
    assert var.watts == base.watts and var.own_watts == {"idle": 8.3, "load-100": 32.7}
    assert not same.own_watts  # identical rows: nothing to bound
    full = _teads("load-100", 39.9)
    own_row_bounds([full], var.own_watts, "m5.xlarge", "Xeon Platinum 8259CL")
    assert (full["low"], full["high"]) == (32.7, 39.9)
    assert full["inputs"]["own_teads_row_w"] == 32.7 and "8259CL" in full["method"]
