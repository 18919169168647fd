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


def test_a_tpu_slice_says_its_hosts_embodied_is_in_but_their_power_is_not() -> None:
    """v5p-128 is 64 chips; the per-TPU LCA figures hold the host tray, the power does not."""
    notes = _host_notes([{"model": "v5p-128"}])
    assert len(notes) == 1
    assert "host tray" in notes[0] and "378.5 W" in notes[0]
    gpu_only = _host_notes([{"model": "nvidia-h100-sxm5-80gb", "count": 8}])
    assert "TPU" not in gpu_only[0]
    assert "host tray" not in str(host_left_out(["gpu"], energy_given=False))
