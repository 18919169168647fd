"""The instance and host records the cloud readers fill, and the id rules they share.

Split from _cloud_read.py, which reads the upstream lists into these records; the
cloud-instances importer and its helpers use the records without the readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

PROVIDERS = {
    "aws": "Amazon Web Services",
    "azure": "Microsoft Azure",
    "gcp": "Google Cloud",
    "ovhcloud": "OVHcloud",
    "scaleway": "Scaleway",
}
Getter = Callable[[str, str], "Instance"]
#: The Teads sheet's "Storage Info (Type and Size in GB)" once its type words are taken out:
#: '[N x ]SIZE[TB]', SIZE grouping thousands with '.' or ' ' (the sheet writes decimal
#: commas: "1.900", "2 000").
_STORAGE = re.compile(r"^(?:(\d+)\s*x\s*)?(\d{1,3}(?:[. ]\d{3})+|\d+)\s*(TB)?$", re.IGNORECASE)
_TYPE_WORDS = re.compile(r"\(|\)|\b(?:NVMe|SSD|HDD|GB)\b", re.IGNORECASE)
#: Below this an HDD "size in GB" is another unit (d3: "3 x 2 HDD", 2 TB drives; d3en
#: "2 x 14 HDD"): the row is left out rather than read as 6 GB.
_MIN_HDD_GB = 100.0


def teads_storage(info: str, kind: str) -> tuple[float | None, str]:
    """(local storage GB, "SSD"/"HDD"/"") of a Teads row, or (None, "") when the row states
    none (EBS only), only remote storage (Redshift "RMS") or a size whose unit is unclear.

    Why a parser of its own: the sheet mixes "1 x 1.900 NVMe SSD", "8 x 1 900 (SSD NVMe)",
    "SSD 4 x 940", "1x900", "8TB NVMe SSD" and a bare "125"; reading "1.900" as 1.9 GB put
    i3en.12xlarge at 30 GB once Boavizta's archetypes (AGPL, issue 19) no longer filled
    the field first."""
    m = _STORAGE.match(" ".join(_TYPE_WORDS.sub(" ", info).split()))
    if not m:
        return None, ""
    count = int(m.group(1) or 1)
    size = float(re.sub(r"[. ]", "", m.group(2))) * (1000.0 if m.group(3) else 1.0)
    text = f"{info} {kind}".upper()
    stype = "SSD" if "SSD" in text else ("HDD" if "HDD" in text else "")
    if not size or (stype == "HDD" and size < _MIN_HDD_GB):
        return None, ""
    return count * size, stype


#: CCF 2026 AWS list: how a host's vCPUs are set (``read_latest_2026``), and the sentence the
#: embodied method says it with.
HOST_RULES = {
    "teads": "host vCPUs = the Teads sheet's platform vCPUs for this type (its 'Platform Total "
    "Number of vCPU'; the list gives none)",
    "metal": "host vCPUs = the family's bare-metal type on the same platform CPU (it lists the "
    "total and the larger sizes do not)",
    "largest": "host vCPUs = largest instance of the family on the same platform CPU",
}


def host_rule_sentence(hosts: list[Host]) -> str:
    """The host rule(s) the hosts were sized by, in ``HOST_RULES`` order; the generic
    sentence when none is recorded."""
    rules = [k for k in HOST_RULES if any(h.rule == k for h in hosts)]
    if not rules:
        return (
            "host vCPUs = largest instance of the family on the same platform CPU (the "
            "family's bare-metal type when it lists the total and larger sizes do not)"
        )
    return "; ".join(HOST_RULES[k] for k in rules)


@dataclass
class Host:
    """What one source says about the host platform an instance runs on."""

    source: str
    platform: str
    kgco2e: float
    platform_vcpus: float
    instance_vcpus: float
    year: int
    arch: str = ""
    #: Host composition behind a derived total (memory GB, CPUs, drives, GPUs).
    parts: dict[str, float] = field(default_factory=dict)
    #: Part of ``kgco2e`` that is a flat per-GPU add-on (CCF 2021: 150 kg per GPU);
    #: ``None`` when the source does not say what its total holds (CCF 2026 lists).
    accelerator_kg: float | None = 0.0
    #: Part of ``kgco2e`` that pays for the host's DRAM (CCF 2021 ``additional_memory``),
    #: with the host's and the instance's memory: that part is allocated by memory share,
    #: the rest by vCPU share (0 when the source gives no split: all by vCPU share).
    memory_kg: float = 0.0
    platform_memory_gb: float = 0.0
    instance_memory_gb: float = 0.0
    #: Sources other than ``source`` the host and instance figures are read from (CCF 2021
    #: AWS: vCPUs and memory from the Teads sheet), for the value's ``derived_from``.
    rests_on: tuple[str, ...] = ()
    #: (CPU row, threads) of the whole chip when the host is the family's largest size and
    #: that is below the chip (class HV): the chip-sized reading becomes a bound.
    chip: tuple[str, float] | None = None
    #: How the host's vCPUs were set (CCF 2026 AWS list, ``HOST_RULES``): the method names
    #: the rule applied, not another (audit 1796655557 O3).
    rule: str = ""

    def by_memory(self) -> bool:
        """Whether the DRAM add-on can go by memory share: a split and consistent memory
        figures (the Teads sheet gives cache.t2.micro 555 GB of a 288 GB host: MB read as
        GB; such rows keep CCF's vCPU share)."""
        return bool(
            self.memory_kg
            and self.platform_memory_gb
            and 0 < self.instance_memory_gb <= self.platform_memory_gb
        )

    def allocated(self, without_accelerators: bool = False) -> float:
        """The instance's share of the host total: DRAM by memory share, the rest by vCPUs.

        CCF allocates the whole total by vCPU share; on a DRAM-heavy platform that charges a
        smaller-memory instance for memory it does not have (SAP HANA S224 on its 896-vCPU,
        36 TB platform got 2.4x a server of its own size).
        """
        total = self.kgco2e - ((self.accelerator_kg or 0.0) if without_accelerators else 0.0)
        vshare = self.instance_vcpus / self.platform_vcpus
        if not self.by_memory():
            return total * vshare
        mshare = self.instance_memory_gb / self.platform_memory_gb
        return (total - self.memory_kg) * vshare + self.memory_kg * mshare


@dataclass
class Instance:
    provider: str
    type: str  # provider spelling
    vcpus: float | None = None
    memory_gb: float | None = None
    cpu: str = ""
    gpu_name: str = ""
    gpu_count: int = 0
    storage_gb: float | None = None
    storage_type: str = ""
    platform: str = ""
    release_year: int | None = None
    archs: list[str] = field(default_factory=list)
    #: Teads per-instance watts by basis.
    watts: dict[str, float] = field(default_factory=dict)
    hosts: list[Host] = field(default_factory=list)
    composition_from: str = ""
    #: GPUs in the Teads row: its per-instance watts include them only when > 0.
    teads_gpus: int = 0
    #: Teads' (CPU package, DRAM, platform delta) W by basis, named when its curve is held
    #: to SPECpower (class TS, ``_teads_specpower``).
    teads_terms: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    #: A managed variant's own Teads watts where they differ from its base's (O2).
    own_watts: dict[str, float] = field(default_factory=dict)
    #: Accelerator catalog id and the source citing it, when a curated table names it.
    accelerator: str = ""
    accelerator_source: str = ""
    #: Azure constrained-vCPU sizes: the parent size whose hardware the type holds.
    constrained_parent: str = ""
    #: CCF's own row for a constrained size (platform vCPUs, platform GB, total kgCO2e),
    #: set aside for its parent's hosts and named in the embodied method (audit 1796655557 O4).
    own_row: tuple[float, float, float] | None = None
    #: AWS managed-service variants (``_managed_variants``): the EC2 base type whose
    #: hardware the variant takes, and the sentence its factors' methods carry.
    managed_base: str = ""
    managed_note: str = ""
    #: What each list states about the type (source -> field -> value), used or not, and
    #: which source the value kept for each field came from: the licence of a value
    #: derived from the composition follows the facts it used (``prefer_sources``).
    stated: dict[str, dict[str, object]] = field(default_factory=dict)
    field_source: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.provider}:{self.type.lower()}"

    def fill(self, src: str, **values: object) -> None:
        """Set composition fields that are still empty (earlier sources win)."""
        used = False
        for key, val in values.items():
            if val in (None, "", 0):
                continue
            self.stated.setdefault(src, {}).setdefault(key, val)
            if getattr(self, key) not in (None, "", 0):
                continue
            setattr(self, key, val)
            self.field_source[key] = src
            used = True
        if used and not self.composition_from:
            self.composition_from = src

    def prefer_sources(self, order: tuple[str, ...], keys: tuple[str, ...]) -> None:
        """Take each of ``keys`` from the first source of ``order`` that states it, in place
        of a value another list filled first (an accelerated type's vCPUs and memory from
        the CCF lists, Apache-2.0, rather than from an AGPL archetype)."""
        for key in keys:
            for src in order:
                val = self.stated.get(src, {}).get(key)
                if val not in (None, "", 0):
                    setattr(self, key, val)
                    self.field_source[key] = src
                    break

    def sources_of(self, keys: tuple[str, ...]) -> list[str]:
        """The sources the kept values of ``keys`` came from (for ``derived_from``)."""
        return sorted({self.field_source[k] for k in keys if k in self.field_source})


def azure_type(name: str) -> str:
    """Azure size in its API spelling, lower-cased: 'D15i v2 1' -> 'standard_d15i_v2'."""
    t = re.sub(r"\s+\d+$", "", name.strip()) if re.search(r"v\d\s+\d+$", name.strip()) else name
    t = "_".join(t.strip().lower().split())
    return t if t.startswith("standard_") else f"standard_{t}"


#: Azure constrained-vCPU sizes: '<series><N>-<k><suffix>' keeps the parent size's memory,
#: storage and price with k of its N vCPUs active ("Constrained vCPU capable VM sizes",
#: Microsoft Learn). CCF's list stores k/N (0.25, 0.5) in its vCPU column.
_CONSTRAINED = re.compile(r"^standard_([a-z]+)(\d+)-(\d+)([a-z]*)(_v\d+)?$")


def constrained_parent(t: str) -> tuple[str, int, int] | None:
    """(parent size, active vCPUs, parent vCPUs) of a constrained-vCPU Azure size, else None."""
    m = _CONSTRAINED.match(t)
    if not m:
        return None
    series, n, k, suffix, gen = m.groups()
    return f"standard_{series}{n}{suffix}{gen or ''}", int(k), int(n)
