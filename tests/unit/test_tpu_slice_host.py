"""A TPU slice counts its hosts' embodied carbon once (audit 1796574057 O5, issue 20).

The per-TPU figures (Schneider et al. 2025, Google's TPU LCA boundary) already hold each
chip's share of its host tray; power is the chip's alone. So a slice must be chips x the
chip's figure with no host added, and the same chips reached through their Cloud TPU VMs
(ct5p-hightpu-4t: 4 v5p chips and their host) must carry the same embodied carbon.
"""

from __future__ import annotations

from typing import Any

import pytest

import carbonfactors

JOB: dict[str, Any] = {"hours": 1000, "location": "FR"}


def _embodied(result: Any) -> dict[str, Any]:
    (f,) = [f for f in result.to_dict()["factors"] if f["role"] == "hardware[0].embodied"]
    return f


def test_a_v5p_64_slice_is_32_chips_and_no_host_record() -> None:
    chip = carbonfactors.footprint(hardware=[{"model": "google-tpu-v5p"}], **JOB)
    sliced = carbonfactors.footprint(hardware=[{"model": "v5p-64"}], **JOB)
    assert sliced.embodied_kgco2e == pytest.approx(32 * chip.embodied_kgco2e)
    used = [f for f in sliced.to_dict()["factors"] if f["kind"] == "embodied"]
    assert [f["id"] for f in used] == [_embodied(chip)["id"]]  # no host factor beside it


def test_the_same_chips_through_their_hosts_carry_the_same_embodied_carbon() -> None:
    """8 x ct5p-hightpu-4t = 32 v5p chips with their hosts: 8 x 4 x the chip, host 0."""
    chip = _embodied(carbonfactors.footprint(hardware=[{"model": "google-tpu-v5p"}], **JOB))
    vm = _embodied(carbonfactors.footprint(hardware=[{"model": "gcp:ct5p-hightpu-4t"}], **JOB))
    assert vm["value"] == pytest.approx(4 * chip["value"])
    assert vm["high"] == pytest.approx(4 * chip["high"])
