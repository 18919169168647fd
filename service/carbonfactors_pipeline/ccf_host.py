"""The Cloud Carbon Footprint component method's host, allocated to an instance.

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
    return dram * mshare + CCF_BASE_KG * min(vcpus / host_vcpus, 1.0)
