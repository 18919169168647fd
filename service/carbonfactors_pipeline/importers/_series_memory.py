"""Rule C3's host against the memory-only sizes of its series (audit 1796682238, class HS).

Why: rule C3 infers a type's host as the largest size of its series among the types whose
vCPUs *and* memory are on file. OVHcloud's b3 series tops out there at b3-256 (64 vCPUs,
256 GB), but b3-512 and b3-640 are on file too, with their memory only (read from the name):
the host holds at least 640 GB, so b3-128 was valued as 32/64 of a host (666.6 kgCO2e), the
top of what the file allows. Here a sized host smaller in memory than a memory-only size of
its own series is widened to that memory, its vCPUs inferred at the series' memory per vCPU
(said as an inference, since no read source gives them); the high bound keeps the vCPUs
that are on file (the larger vCPU share), so the old reading stays inside the bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Record = dict[str, Any]
#: Lead of the note a widened host's method carries (the screen looks for it).
WIDER_HOST = "WIDER HOST"


def memory_only_sizes(
    hardware: Iterable[Record], family: Callable[[Record], tuple[str, str, str]]
) -> dict[tuple[str, str, str], tuple[float, str]]:
    """Per series, the largest memory (GB, type id) of a plain type whose memory is on file
    but not its vCPUs (it is not sized, so rule C3's host never saw it)."""
    out: dict[tuple[str, str, str], tuple[float, str]] = {}
    for h in hardware:
        specs = h.get("specs") or {}
        if h.get("category") != "cloud_instance" or specs.get("accelerators"):
            continue
        if specs.get("vcpus") or not specs.get("memory_gb") or ".metal" in h["id"]:
            continue
        key, me = family(h), (float(specs["memory_gb"]), str(h["id"]))
        out[key] = max(out.get(key, me), me)
    return out


def widened(host: tuple[float, float], wider: tuple[float, str] | None) -> tuple[float, float]:
    """The host (vCPUs, GB) at the larger memory of a memory-only size, its vCPUs at the
    known host's memory per vCPU; ``host`` itself when no such size is larger."""
    hv, hm = host
    if wider is None or not hv or not hm or wider[0] <= hm:
        return host
    return hv * wider[0] / hm, wider[0]


def note(known: tuple[float, float], wide: tuple[float, float], wider: tuple[float, str]) -> str:
    """The method words for a widened host."""
    return (
        f" {WIDER_HOST} (audit 1796682238 class HS): {wider[1]} of the same series is on file "
        f"with {wider[0]:g} GB (its vCPUs on no read source), more than the largest size with "
        f"both on file ({known[0]:g} vCPUs, {known[1]:g} GB), so the host holds at least "
        f"{wide[1]:g} GB; its {wide[0]:g} vCPUs are inferred at that size's "
        f"{known[1] / known[0]:g} GB per vCPU (an inference, not a read figure). The high bound "
        f"is computed at the {known[0]:g} vCPUs on file with {wide[1]:g} GB (a smaller host "
        f"gives each vCPU a larger share)."
    )
