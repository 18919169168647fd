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


def _sized(low):
    """coparm1-8c-32g as rule C3 sized it before the fix: a 32-vCPU host on a 128-core chip."""
    inputs = {"vcpus": 8, "memory_gb": 32, "host_vcpus": 32, "host_memory_gb": 128}
    return {"id": "s", "kind": "embodied", "value": 288.865, "low": low, "inputs": inputs}


def test_host_below_chip_trips_on_sized_value_below_one_altra_max_chip():
    flags = []
    specs = {"cpu": "Ampere Altra Max M128-30"}
    host_below_chip(specs, [_sized(162.5)], lambda *a: flags.append(a))
    assert [f[1] for f in flags] == ["instance-host-below-chip"]
    flags.clear()
    # one-chip reading: 1,000 x 8/128 + 533 x (512 - 16)/384 x 32/512 = 105.5 kg
    host_below_chip(specs, [_sized(105.5)], lambda *a: flags.append(a))
    assert flags == []
    # a CPU on no table is not judged
    host_below_chip({"cpu": "AMD EPYC 7763v"}, [_sized(162.5)], lambda *a: flags.append(a))
    assert flags == []


def test_sized_chip_bound_gives_the_one_chip_low():
    from carbonfactors_pipeline.importers._chip_threads import sized_chip_bound

    low, note, threads = sized_chip_bound("Ampere Altra Max M128-30", 8, 32, 32, 128, 1.0)
    assert threads == 128 and round(low, 1) == 105.5 and "HOST BELOW CHIP" in note
    assert sized_chip_bound("Ampere Altra Max M128-30", 8, 32, 128, 512, 1.0) is None
