"""The Cloud Carbon Footprint component method's host, allocated to an instance.

A size holding all of its host's memory holds the whole host, whatever its vCPUs (class HC,
sys13 pass over instance embodied): AWS sells ``hpc7a.12xlarge`` .. ``.96xlarge`` (24..192
vCPUs) and ``hpc7g.4xlarge`` .. ``.16xlarge`` each with the node's whole 768 / 128 GB (CCF's
2026 list, the same memory on every row) and fewer cores enabled, and ``u-6tb1.56xlarge``
with all of the 448-vCPU host's 6 TB, so no other instance can share that server. Allocated
by vCPU share, ``hpc7g.4xlarge`` got a quarter of the node (157.5 kg of 630).

One formula for every place that needs a host's share (rule C3's sized instances, the
accelerated types' sum of parts, the ``instance-storage-drives`` screen), so they never
drift apart; a module of its own so the screens and the importers can both import it
without importing each other.
"""

from __future__ import annotations

#: ccf-methodology: base rack server (Dell R740 LCA) and DRAM add-on beyond its 16 GB.
CCF_BASE_KG = 1000.0
CCF_DRAM_KG_PER_GB = 533.0 / 384.0
CCF_DRAM_BASE_GB = 16.0


def host_share_kg(
    vcpus: float, memory_gb: float, host_vcpus: float, host_memory_gb: float
) -> float:
    """The CCF host (1,000 kg base + DRAM above 16 GB, no drives) allocated to an
    instance: the DRAM add-on by memory share, the base by vCPU share."""
    dram = max(host_memory_gb - CCF_DRAM_BASE_GB, 0.0) * CCF_DRAM_KG_PER_GB
    mshare = min(memory_gb / host_memory_gb, 1.0) if host_memory_gb > 0 else 0.0
    return dram * mshare + CCF_BASE_KG * vcpu_share(vcpus, memory_gb, host_vcpus, host_memory_gb)


def holds_host(vcpus: float, memory_gb: float, host_vcpus: float, host_memory_gb: float) -> bool:
    """Whether a size with fewer vCPUs than its host holds all of the host's memory (HC)."""
    return 0 < vcpus < host_vcpus and 0 < host_memory_gb <= memory_gb


def vcpu_share(vcpus: float, memory_gb: float, host_vcpus: float, host_memory_gb: float) -> float:
    """The share of the host's non-DRAM part an instance is allocated: its vCPUs' share,
    or the whole host when it holds all of the host's memory (``holds_host``)."""
    if holds_host(vcpus, memory_gb, host_vcpus, host_memory_gb):
        return 1.0
    return min(vcpus / host_vcpus, 1.0) if host_vcpus > 0 else 0.0


def share_note(vcpus: float, memory_gb: float, host_vcpus: float, host_memory_gb: float) -> str:
    """How a method says the non-DRAM part was allocated."""
    if holds_host(vcpus, memory_gb, host_vcpus, host_memory_gb):
        return (
            f"the base whole ({vcpus:g} of {host_vcpus:g} vCPUs, but all of the host's "
            f"{host_memory_gb:g} GB: no other instance fits beside it, class HC)"
        )
    return f"the base by vCPU share ({vcpus:g} / {host_vcpus:g})"
