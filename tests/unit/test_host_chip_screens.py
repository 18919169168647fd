"""Fixtures tripping ``instance-host-below-chip`` (HV) and ``instance-smt-coverage`` (F8)."""

from carbonfactors_pipeline.host_chip_screens import host_below_chip, smt_coverage


def _emb(low=None):
    f = {"id": "e", "kind": "embodied", "value": 900.0, "inputs": {"host_vcpus": [32]}}
    if low is not None:
        f["low"] = low
    return f


def test_host_below_chip_trips_on_32_vcpu_graviton2_family():
    flags = []
    specs = {"cpu": "AWS Graviton2 Processor"}
    host_below_chip(specs, [_emb()], lambda *a: flags.append(a))
    assert [f[1] for f in flags] == ["instance-host-below-chip"]
    flags.clear()
    host_below_chip(specs, [_emb(low=450.0)], lambda *a: flags.append(a))
    assert flags == []


def test_smt_coverage_trips_on_unlisted_family_with_1_vcpu_size():
    hw = [
        {
            "id": "aws:x9a.medium",
            "category": "cloud_instance",
            "specs": {"vcpus": 1, "cpu": "AMD EPYC"},
        },
    ]
    power = {
        "id": "p",
        "kind": "power",
        "value": 2.0,
        "high": 2.5,
        "method": "m",
        "inputs": {"w_per_vcpu": 1.0, "vcpus": 1},
    }
    flags = []
    smt_coverage(hw, {"aws:x9a.medium": [power]}, lambda *a: flags.append(a))
    assert [f[1] for f in flags] == ["instance-smt-coverage"]
    flags.clear()
    kept = power | {"high": 3.0, "method": "WHOLE CORE UNCONFIRMED: ..."}
    smt_coverage(hw, {"aws:x9a.medium": [kept]}, lambda *a: flags.append(a))
    assert flags == []
