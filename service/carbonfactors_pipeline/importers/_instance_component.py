"""Rule C3: embodied carbon of a cloud instance type no list gives a value for, by size.

The flat category default (rule C2: the median of every instance value on file, 401 kg) is
size-blind: an audit (``factors/audits/2026-12-06-seed-1796536060.md``, class C) found it
five to ten times too high for an 8-vCPU ``c3d-standard-8`` and ten times too low for a
3 TB ``x8i.metal-48xl``, and 810 plain instance types fell to it. This module gives each of
them a value by the method behind every instance value on file, the Cloud Carbon Footprint
component method (``ccf-methodology``: a 1,000 kgCO2e base server + 533 kgCO2e per 384 GB
of DRAM above the base's 16 GB), allocated the way the ``cloud-instances`` importer
allocates a listed host: the DRAM add-on by memory share, the rest by vCPU share.

The host is not listed for these types, so it is inferred from the catalog: the largest
size (most vCPUs, then most memory) of the same family on the same CPU (a ``.metal`` type is
a whole host itself); a family topping out below ``MIN_HOST_VCPUS`` takes the provider's
largest type on that CPU, else, for a cited CPU, a host of its whole chips (class HA,
``chip_host``), and only then the provider's median series host. A value the hardware screens still flag (a 10-vCPU Mac mini
host at CCF's 1,000 kg rack-server base) is excluded like any other, and the type falls to
the category default with its wide bounds. CPU-socket and drive add-ons are left out (their count is not on
file); a storage-optimised type (``instance_storage``) is scaled by how far the listed
storage families sit above the model (``Drives``, class C3S). The bounds come from how well this model reproduces the values that *are* listed:
``low``/``high`` = value x the 5th and 95th percentiles of (listed value / model value) over
every plain instance type with an open value (1,450 on the 2026 data; median ratio 1.05).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from carbonfactors.kinds import factor_id

from ..ccf_host import host_share_kg, share_note
from ..chip_sizes import host_chips
from ..hardware_screens import MIN_HOST_VCPUS, shape_sources, usable_embodied
from ..hardware_screens import sized_plain_instance as sized
from ..instance_names import blank_sizes, is_mac, managed_base
from ..instance_storage import storage_source
from ._chip_threads import sized_chip_bound
from ._common import rounded
from ._gcp_list import GCP_SET_ASIDE
from ._instance_platform_spread import collect
from ._instance_shapes import shapes
from ._metal_share import Readings, smaller_metal, whole_kg
from ._series_memory import memory_only_sizes, widened
from ._series_memory import note as wider_note
from ._variant_families import host_family, series_type

Record = dict[str, Any]

SOURCE = "carbonfactors-derived"
YEAR = 2026
#: Marker in every C3 method: the importer leaves its own previous output out of its inputs.
RULE = "rule C3"
#: Percentiles of (listed / model) that make the bounds.
LOW_PCT, HIGH_PCT = 5, 95


def family(h: Record) -> tuple[str, str, str]:
    """(provider, series, CPU part) of an instance type: the sizes that share one host design.

    Keyed on what the provider's own naming and cited lists say, never on a CPU name only an
    AGPL archetype gave (issue 19: dropping such a name moved OVH b2-120 from 1,144 to
    656 kg). AWS: the part before the dot (``m8gd``) and the cited CPU (one family spans
    CCF platforms on different CPUs); GCP: the machine series across its standard, highcpu
    and highmem shapes (``c2d``, one host per CPU: c2d-highcpu-112 runs on the host of
    c2d-highmem-112, 896 GB; audit 1796574057 part c, O7) and the cited CPU; other providers:
    the type with its size numbers blanked and its generation kept (Azure
    ``standard_e#ds_v5``, a constrained-vCPU suffix and an isolation marker dropped: the
    isolated E104ids_v5 is the host of its series, ``_variant_families.series_type``; OVHcloud ``b2-#``; Scaleway
    ``pop2-hm-#c-#g``, and its letter sizes blanked too, ``ent1-#`` for ``ent1-xxs`` ..
    ``ent1-2xl``: ``instance_names.blank_sizes``, class SZ), one size table each, with no
    CPU part.
    """
    provider, t = h["id"].split(":", 1)
    cpu = str((h.get("specs") or {}).get("cpu") or "")
    if provider == "aws":  # a -flex family is hosted by its parent's servers (C3F)
        managed = managed_base(t)  # a managed-service node, by its EC2 base's family (V1)
        return provider, host_family((managed[0] if managed else t).split(".")[0]), cpu
    if provider == "gcp":
        return provider, t.split("-")[0], cpu
    if provider == "azure":  # an isolated size with its series (class HS)
        t = re.sub(r"-\d+(?=_|$)", "", series_type(provider, t))
        return provider, re.sub(r"^(standard_[a-z]+)\d+", r"\1#", t), ""
    return provider, blank_sizes(t), ""


def cpu_of(h: Record) -> str:
    """What the slice-of-a-server fallback groups by: the type's cited CPU name (every name
    in the catalog has a non-AGPL source), else its one CCF micro-architecture (Azure DCsv2:
    Coffee Lake, the CPU of DC8_v2), else "" (no fallback: the family's largest is its host)."""
    specs = h.get("specs") or {}
    cpu = specs.get("cpu") or ""
    arch = specs.get("microarchitecture") or ""
    return str(cpu or (f"arch:{arch}" if arch else ""))


def _is_mac_host(h: Record) -> bool:
    provider, _, t = str(h["id"]).partition(":")
    return provider == "aws" and is_mac(t)


def _outside_model(h: Record) -> bool:
    """A type whose listed value says nothing about the component model: a managed-service
    node (its EC2 base's value again) or a Mac host (not a rack server)."""
    provider, _, t = str(h["id"]).partition(":")
    return _is_mac_host(h) or (provider == "aws" and managed_base(t) is not None)


def _size(h: Record) -> tuple[float, float]:
    specs = h.get("specs") or {}
    return float(specs.get("vcpus") or 0.0), float(specs.get("memory_gb") or 0.0)


#: A host candidate: (vCPUs, memory GB, record id); the largest wins, ties by id.
_Sized = tuple[float, float, str]


class Hosts:
    """The inferred host (vCPUs, memory GB) of every sized plain instance type, and the
    sources its size is read from (for the value's ``derived_from``)."""

    def __init__(self, hardware: Iterable[Record], tabled: Iterable[Record] = ()) -> None:
        zero: Callable[[], _Sized] = lambda: (0.0, 0.0, "")  # noqa: E731
        self.largest: dict[tuple[str, str, str], _Sized] = defaultdict(zero)
        self.by_cpu: dict[tuple[str, str], _Sized] = defaultdict(zero)
        self.sources: dict[str, set[str]] = {}
        #: The shapes of each family's bare-metal types (class MS: a smaller whole host).
        self.metals: dict[tuple[str, str, str], set[tuple[float, float]]] = defaultdict(set)
        for h in [*hardware, *tabled]:
            if sized(h):
                key = family(h)
                provider, cpu = key[0], cpu_of(h)
                me = (*_size(h), h["id"])
                self.sources[h["id"]] = shape_sources(h)
                self.largest[key] = max(self.largest[key], me)
                if ".metal" in h["id"]:
                    self.metals[key].add(_size(h))
                if cpu:
                    self.by_cpu[(provider, cpu)] = max(self.by_cpu[(provider, cpu)], me)
        # Hosts of each provider's series, for a slice whose own host is not on file.
        self.provider_hosts: dict[str, list[_Sized]] = defaultdict(list)
        for (provider, _, _), host in self.largest.items():
            if host[0] >= MIN_HOST_VCPUS:
                self.provider_hosts[provider].append(host)
        for hosts in self.provider_hosts.values():
            hosts.sort()
        #: Per series, the largest memory-only size (class HS, ``_series_memory``).
        self.memory_only = memory_only_sizes(hardware, family)

    def record(self, h: Record) -> _Sized:
        """The family's largest size (a ``.metal`` type: itself); below ``MIN_HOST_VCPUS``,
        the provider's largest type on the same CPU, else the provider's median series
        host (``unknown_span``)."""
        return self._placed(h)[0]

    def unknown_span(self, h: Record) -> tuple[_Sized, _Sized] | None:
        """For a type whose host is the provider's median (``record``): the smallest
        plausible host (the smallest CCF platform, at the family's memory per vCPU) and the
        provider's largest series host, which bound its value; None otherwise."""
        return self._placed(h)[1]

    def _placed(self, h: Record) -> tuple[_Sized, tuple[_Sized, _Sized] | None]:
        """The host of ``h`` and, when no host of server size is on file, the span of
        hosts that bounds its value: one decision for ``record`` and ``unknown_span``."""
        me = (*_size(h), h["id"])
        if ".metal" in h["id"]:
            return me, None
        key = family(h)
        provider, cpu = key[0], cpu_of(h)
        own = host = max(self.largest[key], me)
        if host[0] < MIN_HOST_VCPUS and cpu:
            host = max(host, self.by_cpu[(provider, cpu)])
        hosts = self.provider_hosts.get(provider)
        if host[0] >= MIN_HOST_VCPUS or not hosts:
            return host, None
        if chip := self.chip_host(h):  # class HA: the host its cited CPU implies
            return (chip[0], own[1] * chip[0] / own[0], own[2]), None
        # No host of server size on file (Azure Av2 tops out at 8 vCPUs, no cited CPU): the
        # provider's median series host, not a whole server on 8 vCPUs (which gave
        # standard_a2_v2 250 kgCO2e, 122 kg per vCPU).
        median = hosts[(len(hosts) - 1) // 2]
        if not own[0]:
            return median, None
        smallest = (MIN_HOST_VCPUS, own[1] * MIN_HOST_VCPUS / own[0], own[2])
        return median, (smallest, hosts[-1])

    def chip_host(self, h: Record) -> tuple[float, bool, str] | None:
        """For a family topping out below ``MIN_HOST_VCPUS`` whose CPU is cited: the host
        of whole chips that CPU implies (``chip_sizes.host_chips``: threads, socket count
        on file, citation), at the family's memory per vCPU, instead of the provider's
        median host (audit 1796674267, class HA: Azure DCsv2, on the one-socket 16-thread
        Xeon E-2288G, was sized as 2/64 of a 64-vCPU, 512 GB median host). None when the
        family's own sizes or a type on its CPU already give a host of server size."""
        if ".metal" in h["id"]:
            return None
        key = family(h)
        own = max(self.largest[key], (*_size(h), h["id"]))
        cpu = str((h.get("specs") or {}).get("cpu") or "")
        if (
            not own[0]
            or own[0] >= MIN_HOST_VCPUS
            or self.by_cpu[(key[0], cpu)][0] >= MIN_HOST_VCPUS
        ):
            return None
        chip = host_chips(cpu)
        return chip if chip and chip[0] >= MIN_HOST_VCPUS and chip[0] > own[0] else None

    def of(self, h: Record) -> tuple[float, float]:
        """The inferred host's (vCPUs, memory GB)."""
        v, m, _ = self.record(h)
        return v, m

    def embodied_of(self, h: Record) -> tuple[float, float]:
        """The host embodied is allocated from: ``of``, except that a bare-metal type
        smaller than its family's largest takes that largest's host, as its same-shape
        virtual size does (class MS, ``_metal_share``)."""
        largest = self.largest[family(h)]
        if smaller_metal(h["id"], _size(h)[0], largest[0]):
            return largest[0], largest[1]
        return self.of(h)

    def beside_metal(self, h: Record) -> bool:
        """A smaller bare-metal type, or a virtual size of the same shape as one (MS)."""
        key = family(h)
        v, m = _size(h)
        return 0 < v < self.largest[key][0] and (v, m) in self.metals[key]

    def facts(self, h: Record) -> list[str]:
        """Every source the type's and its host's vCPUs and memory are read from."""
        return sorted(shape_sources(h) | self.sources.get(self.record(h)[2], set()))


def inferred_hosts(records: dict[str, dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """The host vCPUs rule C3 infers for each sized type (``Hosts``),
    where it infers one of server size: the SPECpower check of a type no list names a
    host for holds it to its share of that host, not to a whole server of its own vCPUs
    (audit 1796606525, class SH: m8i.16xlarge, 1/6 of the 384-vCPU host, was held to
    whole 1-socket servers). A type whose host is the provider's median (no host of
    server size on file) gets none: its host is not known."""
    hosts = Hosts(records.values(), tabled_sizes(set(records)))
    return {
        # (vCPUs, GB): power asks whether a size holds it whole (HP). A smaller bare-metal
        # size is held to its share of the family host its embodied value is a share of, as
        # its same-shape virtual twin is (audit 1796674267, class MX: m8a.metal-24xl held as
        # a whole 96-vCPU server, its own power excluded, fell to the category median).
        iid: hosts.embodied_of(rec)
        for iid, rec in records.items()
        if sized(rec) and hosts.unknown_span(rec) is None
    }


def model_kg(h: Record, hosts: Hosts) -> float:
    """The CCF component method's share of the inferred host for this instance type."""
    return host_share_kg(*_size(h), *hosts.embodied_of(h))


def _percentile(values: list[float], pct: int) -> float:
    """Nearest-rank percentile (deterministic, no interpolation)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


def tabled_sizes(known: set[str]) -> list[Record]:
    """The sizes the providers' size tables list but the catalog lacks, as host candidates
    only: a family's largest size is often one no upstream list carries (Azure E96bs_v5),
    and inferring the host from the catalog's largest (E64bs_v5) over-allocates every size
    (audit 2026-12-06 seed 1796563618, class C3H: e8bs_v5 211 kg against its twin's 170)."""
    return [
        {
            "id": key,
            "category": "cloud_instance",
            "specs": {
                "vcpus": vcpus,
                "memory_gb": memory,
                "cpu": series.cpu,
                "sources": {"vcpus": series.source, "memory_gb": series.source},
            },
        }
        for key, (series, vcpus, memory) in sorted(shapes().items())
        if key not in known
    ]


class Drives:
    """How far listed storage-optimised hosts sit above the drive-less model (class C3S).

    The drive count of the newer storage families (AWS i7ie, i8ge; Azure Lsv3) is on no
    list on file, and CCF's per-drive add-ons (SSD 100, HDD 50 kgCO2e) need it. The listed
    storage families do carry their drives (CCF's totals), so a storage type no list gives
    is scaled by the median, over those families, of listed value / drive-less model, and
    bounded by the smallest and largest family ratio. One ratio per family: a family's
    sizes share one host, and counting each size would weigh families by how many sizes
    the provider sells."""

    def __init__(self, stored: dict[tuple[str, str, str], list[float]]) -> None:
        self.ratios = sorted(statistics.median(r) for r in stored.values())
        self.count = len(self.ratios)

    def scale(self, h: Record) -> tuple[float, float, float, str, str]:
        """(central, low, high multipliers, the source naming the family storage-optimised
        or "", the method sentence); (1, 1, 1, "", "") for any other type."""
        source = storage_source(h["id"])
        if not source or not self.ratios:
            return 1.0, 1.0, 1.0, "", ""
        mid, low, high = statistics.median(self.ratios), self.ratios[0], self.ratios[-1]
        why = (
            f"the value is the model x {mid:.3f}, the median over the {self.count} listed "
            f"storage-optimised families of listed value / this model (their totals carry "
            f"CCF's 100 kgCO2e per SSD, 50 per HDD; the drive count of this family is not "
            f"on file). Low/high = the model x {low:.3f} .. {high:.3f}, the smallest and "
            f"largest family ratio (audit 2026-12-06 seed 1796563618, class C3S)."
        )
        return mid, low, high, source, why


def build(
    hardware: list[Record],
    factors: list[Record],
    is_open: Callable[[Record], bool],
    set_aside: dict[str, float] | None = None,
) -> list[Record]:
    """C3 factors for the sized plain instance types with no usable open embodied value
    (none, every one excluded by a screen, or every one outside ``open``: then an open
    stand-in without a rung, which the listed value outranks in ``full``)."""
    listed_kg = set_aside or {}  # figures a list states that no importer keeps (GCP, O5)
    hosts = Hosts(hardware, tabled_sizes({h["id"] for h in hardware}))
    by_subject: dict[str, list[Record]] = defaultdict(list)
    set_aside_by: dict[str, list[Record]] = defaultdict(list)  # screened listed readings (HA)
    for f in factors:
        if f["kind"] == "embodied" and usable_embodied(f):
            by_subject[f["subject"]].append(f)
        elif f["kind"] == "embodied" and f.get("excluded") and is_open(f):
            set_aside_by[f["subject"]].append(f)
    ratios = []
    # class PS: the lists' per-vCPU values for the same CPU platform
    spread = collect(hardware, factors, is_open, _outside_model)
    metals = Readings()
    stored: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for h in hardware:
        listed = [f for f in by_subject.get(h["id"], []) if is_open(f)]
        # A type whose host is not on file would calibrate its list's host guess against ours;
        # a managed-service node repeats its EC2 base type's value (class V1), a Mac host is
        # no rack server (class MAC): neither is evidence about this model.
        if sized(h) and listed and hosts.unknown_span(h) is None and not _outside_model(h):
            ratio = min(f["value"] for f in listed) / model_kg(h, hosts)
            ratios.append(ratio)
            if ".metal" in h["id"] and hosts.beside_metal(h):
                metals.add(h["id"], min(f["value"] for f in listed), model_kg(h, hosts), *_size(h))
            if storage_source(h["id"]):
                stored[family(h)].append(ratio)
    if not ratios:
        return []
    lo, hi = _percentile(ratios, LOW_PCT), _percentile(ratios, HIGH_PCT)
    drives = Drives(stored)
    out = []
    for h in sorted(hardware, key=lambda r: r["id"]):
        own = by_subject.get(h["id"], [])
        excluded = set_aside_by.get(h["id"], [])
        if not sized(h) or any(is_open(f) for f in own) or _is_mac_host(h):
            continue  # a Mac host is valued on a Mac basis (``_mac_hosts``), never sized
        # A type whose own values all rest on a source outside ``open`` (a CCF 2026 host
        # whose vCPUs are the Teads sheet's) gets this value as its open stand-in, with no
        # rung: in ``full`` the listed value keeps winning (same rank, better priority).
        stand_in = bool(own)
        v, m = _size(h)
        hv, hm = hosts.embodied_of(h)
        value = model_kg(h, hosts)
        scale = drives.scale(h)
        span = hosts.unknown_span(h)
        chip_host = hosts.chip_host(h)
        wide_note = ""
        if span is None and not chip_host and ".metal" not in h["id"]:
            # class HS: a memory-only size of the series is larger than the inferred host
            wider = hosts.memory_only.get(family(h))
            wide = widened((hv, hm), wider)
            if wider and wide != (hv, hm):
                known = (hv, hm)
                upper = host_share_kg(v, m, hv, wide[1])
                hv, hm = wide
                value = host_share_kg(v, m, hv, hm)
                wide_note = wider_note(known, wide, wider)
        low = value * lo if span is None else host_share_kg(v, m, *span[1][:2]) * lo
        high = value * hi if span is None else host_share_kg(v, m, *span[0][:2]) * hi
        if wide_note:
            high = max(high, upper * hi)
        chip_cite = chip_host[2] if chip_host else ""
        chip_note = ""
        if chip_host or span:  # class HA: a host of whole chips, or no host on file
            chip_note, low, high = _chip_bounds(h, chip_host, (hv, hm), low, high, lo, excluded)
        metal = ""
        if hosts.beside_metal(h):  # class MS: the whole smaller server as the high bound
            whole = whole_kg(v, m) * scale[0]
            high = max(high, whole)
            largest = hosts.largest[family(h)][2].split(":", 1)[1]
            metal = metals.note(whole, largest, ".metal" in h["id"])
        host = (
            "the type itself (bare metal)"
            if ".metal" in h["id"] and (hv, hm) == (v, m)
            else "the largest size of its series (on the same CPU for AWS and GCP)"
            if hosts.largest[family(h)][0] >= MIN_HOST_VCPUS
            else f"the provider's largest type on the same CPU (its family tops out below "
            f"{MIN_HOST_VCPUS:g} vCPUs, the smallest CCF host platform)"
            if span is None and not chip_host
            else f"a host of whole chips of its cited CPU ({chip_cite}; its family tops "
            f"out below {MIN_HOST_VCPUS:g} vCPUs and no type on its CPU is larger)"
            if chip_host or span is None
            else f"the median host of the provider's sized series (its family tops out below "
            f"{MIN_HOST_VCPUS:g} vCPUs, the smallest CCF host platform, and no host on its CPU "
            f"is on file; bounds span hosts from {span[0][0]:g} vCPUs at the family's memory "
            f"per vCPU to the provider's largest, {span[1][0]:g} vCPUs / {span[1][1]:g} GB)"
        )
        why = (
            "the embodied values listed for this type rest on a source outside the open "
            "bundle (the Teads sheet), so for the open bundle (no rung: the listed value "
            "wins in full)"
            if stand_in
            else f"the CCF 2026 GCP list gives this type's platform "
            f"{listed_kg[h['id']]:,.0f} kgCO2eq, set aside: {GCP_SET_ASIDE}, so"
            if h["id"] in listed_kg
            else "no list gives this type an embodied value, so"
        )
        central = rounded(value * scale[0], 3)
        low_b = rounded(value * scale[1], 3) if scale[3] else rounded(low, 3)
        high_b = (
            rounded(max(value * scale[2], high if metal or wide_note else 0), 3)
            if scale[3]
            else rounded(high, 3)
        )
        # A storage-optimised type carries drives its platform's listed types do not.
        low_b, high_b, beside, platform_in = (
            (low_b, high_b, "", None) if scale[3] else spread.apply(h, central, low_b, high_b)
        )
        # class HV (audit 1796647084): a host below one chip of its cited CPU
        chip = (
            None
            if span or ".metal" in h["id"]
            else sized_chip_bound(cpu_of(h), v, m, hv, hm, scale[0])
        )
        if chip:
            low_b = min(low_b, chip[0])
        out.append(
            {
                "id": factor_id("embodied", h["id"], YEAR, SOURCE, "manufacturing"),
                "kind": "embodied",
                "subject": h["id"],
                "year": YEAR,
                "value": central,
                "unit": "kgCO2e",
                "low": rounded(low_b, 3),
                "high": rounded(high_b, 3),
                "basis": "manufacturing",
                **({} if stand_in else {"rung": "component-model"}),
                "source": SOURCE,
                "method": (
                    f"Sized instance default ({RULE}, factors/README.md): {why} the Cloud "
                    f"Carbon Footprint component method "
                    f"(ccf-methodology: 1,000 kgCO2e base server + 533 kgCO2e per 384 GB of "
                    f"DRAM above 16 GB) is applied to its host, inferred as {host} "
                    f"({hv:g} vCPUs, {hm:g} GB), and allocated as "
                    f"listed hosts are: DRAM add-on by memory share ({m:g} / {hm:g} GB), "
                    f"{share_note(v, m, hv, hm)}. CPU-socket add-ons are left out "
                    f"(not on file)"
                    + (
                        f"; drive add-ons too, so for this storage-optimised type "
                        f"({scale[3]}) {scale[4]}"
                        if scale[3]
                        else ", and drive add-ons. Low/high = "
                        + (
                            f"value x {lo:.3f} .. {hi:.3f}, "
                            if span is None
                            else f"the share of the largest host x {lo:.3f} .. of the "
                            f"smallest x {hi:.3f}, "
                        )
                        + f"the 5th..95th percentiles of listed value / this model over the "
                        f"{len(ratios)} plain instance types with an open value."
                    )
                    + metal
                    + wide_note
                    + chip_note
                    + beside
                    + (chip[1] if chip else "")
                ),
                "inputs": {
                    "vcpus": rounded(v),
                    "memory_gb": rounded(m),
                    "host_vcpus": rounded(hv),
                    "host_memory_gb": rounded(hm),
                    "ratio_p5": rounded(lo, 4),
                    "ratio_p95": rounded(hi, 4),
                    "calibration_types": len(ratios),
                    **({"platform_kg_per_vcpu": platform_in} if platform_in else {}),
                    **({"chip_vcpus": rounded(chip[2])} if chip else {}),
                    **(
                        {"storage_scale": rounded(scale[0], 4), "storage_families": drives.count}
                        if scale[3]
                        else {}
                    ),
                },
                # The shapes it is sized from are inputs too: their lists' licences
                # bound the value's (issue 19: never an AGPL archetype's shape).
                "derived_from": {
                    "factors": [],
                    "sources": sorted(
                        {"ccf-methodology", *hosts.facts(h), *([scale[3]] if scale[3] else [])}
                    ),
                },
            }
        )
    return out


def _chip_bounds(
    h: Record,
    chip: tuple[float, bool, str] | None,
    host: tuple[float, float],
    low: float,
    high: float,
    lo: float,
    excluded: list[Record],
) -> tuple[str, float, float]:
    """(method sentence, low, high) of a type sized on a host of whole chips (class HA).

    Low reaches the share of a host of twice the chips when the CPU's socket count is not
    on file; high reaches every listed reading of the type a screen set aside (CCF's
    DCsv2 rows: 293.05 kg for DC2s_v2 on CCF's 8-vCPU host), each named."""
    v, m = _size(h)
    note = ""
    if chip and not chip[1]:
        low = min(low, host_share_kg(v, m, 2 * host[0], 2 * host[1]) * lo)
        note += (
            f" Its socket count is not on file: low reaches the share of a host of twice "
            f"the chips ({2 * host[0]:g} vCPUs)."
        )
    for f in sorted(excluded, key=lambda f: f["id"]):
        high = max(high, float(f["value"]))
        why = str(f.get("excluded") or "a screen").split(":", 1)[0]
        inputs = f.get("inputs") or {}
        on = inputs.get("host_vcpus")
        note += (
            f" A listed reading is set aside ({why}): {f['id']} = {f['value']:g} kgCO2e"
            + (f" on a host of {on[0]:g} vCPUs" if isinstance(on, list) and on else "")
            + "; high reaches it (a host of fewer vCPUs than the chip has threads, as if "
            "each vCPU were a whole core, gives that reading)."
        )
    return note, low, high
