"""Two CCF readings of one instance's embodied (audit 1796574057 O4, O6), on records.

CCF's 2026 AWS list gives the r5d host (96 vCPUs) 2,100 kg; the CCF 2021 method gives the
same host 2,543.79 kg (1,043.79 of it DRAM). Each reading stays the value of its own
factor; each factor's bounds span both (r5d.12xlarge: 1,050 and 1,271.9 kg).
"""

from __future__ import annotations

import pytest

from carbonfactors_pipeline.importers._cloud_instance_factors import embodied_factors
from carbonfactors_pipeline.importers._cloud_records import Host, Instance


def _r5d(host_2021_vcpus: float = 96) -> Instance:
    inst = Instance("aws", "r5d.12xlarge", vcpus=48, memory_gb=384)
    inst.hosts = [
        Host(
            "ccf-2021",
            "Xeon Platinum 8259CL",
            2543.79,
            host_2021_vcpus,
            48,
            2021,
            memory_kg=1043.79,
            platform_memory_gb=768,
            instance_memory_gb=384,
            rests_on=("teads-aws-ec2",),
        ),
        Host(
            "ccf-2026", "r5d on Intel Xeon Platinum 8175M", 2100, 96, 48, 2026, accelerator_kg=None
        ),
    ]
    return inst


def test_each_reading_keeps_its_value_and_its_bounds_span_both() -> None:
    by_year = {f["year"]: f for f in embodied_factors(_r5d())}
    new, old = by_year[2026], by_year[2021]
    assert new["value"] == 1050 and old["value"] == pytest.approx(1271.895)
    assert (new["low"], new["high"]) == (1050, pytest.approx(1271.895))
    assert (old["low"], old["high"]) == (1050, pytest.approx(1271.895))
    assert "central is CCF's 2026 list" in new["method"]
    assert new["inputs"]["other_ccf_reading_kgco2e"] == pytest.approx(1271.895)
    # the 2026 value rests on no other list: the 2021 total enters only its bound
    assert "derived_from" not in new
    assert list(new)[:8] == ["id", "kind", "subject", "year", "value", "unit", "low", "high"]


def test_readings_of_hosts_of_different_sizes_are_not_compared() -> None:
    by_year = {f["year"]: f for f in embodied_factors(_r5d(host_2021_vcpus=72))}
    assert "low" not in by_year[2026] and "low" not in by_year[2021]
