"""A job listing accelerators only says that their hosts' power is left out (issue 20 class 3)."""

from __future__ import annotations

import carbonfactors
from carbonfactors.host_power import host_left_out


def _host_notes(hardware: list[dict[str, object]], **job: object) -> list[str]:
    r = carbonfactors.footprint(hardware=hardware, hours=1, location="FR", **job)
    return [n for n in r.notes if n.startswith("host power left out")]


def test_accelerators_alone_get_the_note() -> None:
    assert _host_notes([{"model": "nvidia-h100-sxm5-80gb", "count": 8}])


def test_a_system_or_a_host_line_counts_the_host() -> None:
    assert not _host_notes([{"model": "nvidia-dgx-h100"}])
    assert not _host_notes(
        [{"model": "nvidia-h100-sxm5-80gb", "count": 8}, {"power_w": 1000, "count": 1}]
    )


def test_given_energy_needs_no_note() -> None:
    assert host_left_out(["gpu"], energy_given=True) is None
    assert host_left_out(["gpu", "tpu"], energy_given=False)
    assert host_left_out(["gpu", "cpu"], energy_given=False) is None
    assert host_left_out([], energy_given=False) is None
