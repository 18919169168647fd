"""Screen: no catalog spec of a cloud instance rests only on AGPL code (issue 19, item 4).

Boavizta's cloud archetypes (boaviztapi, AGPL-3.0) were once the only list naming the CPU
of about 490 instance types and the vCPUs and memory of 75 (every OVHcloud b2 flavour named
``Intel Core i7-4940MX``, a laptop part the archetype itself marks "CPU not verified"), the
host ``platform`` of 1,495 non-GCP types and the local storage of 508 (the storage screens
``instance-over-host``, ``instance-kg-per-vcpu`` and ``instance-storage-drives`` read it). A
spec is a fact the catalog publishes and rules and screens size from, so each of
``SPEC_FIELDS`` on a cloud instance record must name, in ``specs.sources``, a list a value
may rest on: the ``cloud-instances`` importer takes it from another list or leaves the field
out (``importers/cloud_instances.cite_or_drop``; storage and platform are not read from the
archetypes at all, ``importers/_cloud_read.read_boavizta``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

#: The composition facts the catalog publishes for a cloud instance type. Accelerators are
#: one of them (a model only Boavizta's ``scw_renders.base`` platform named put a P100 on
#: Scaleway's GPU-3070-S); the importer now cites them in ``specs.sources`` or drops them.
SPEC_FIELDS = (
    "vcpus",
    "memory_gb",
    "cpu",
    "storage_gb",
    "storage_type",
    "platform",
    "accelerators",
    "gpu_unsized",
)

#: Instance type names that say the type has a GPU or other accelerator (whole or a
#: fraction), per provider: AWS G/Gr/P/Inf/Trn/DL families, Azure N-series (NC, ND, NG, NV),
#: GCP A2/A3/A4/G2 and TPU (ct*) types, Scaleway GPU types, OVHcloud t1/t2 GPU flavours.
GPU_NAMES = {
    "aws": re.compile(r"^(g[0-9]|gr[0-9]|p[0-9]|inf[0-9]|trn[0-9]|dl[0-9])"),
    "azure": re.compile(r"^standard_n[cdgv][0-9]"),
    "gcp": re.compile(r"^(a[234]-|g2-|ct[0-9])"),
    "scaleway": re.compile(r"^(gpu-|h100-|l4-|l40s-|render-)"),
    "ovhcloud": re.compile(r"^t[12]-"),
}


def gpu_named(hid: str) -> bool:
    """Whether an instance id's type name says it carries an accelerator."""
    provider, _, t = hid.partition(":")
    pattern = GPU_NAMES.get(provider)
    return bool(pattern and pattern.match(t.lower()))


def gpu_types_without_accelerators(hardware: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Ids of cloud instances whose name says they have a GPU (whole or a fraction) but
    whose specs carry neither accelerators nor a ``gpu_unsized`` statement: rule C3 would
    size them as plain instances and their power would be CPU-only (AWS g6f/gr6f, filed by
    the CCF 2026 list with no GPU column, until their L4 share was curated)."""
    for h in hardware:
        if h.get("category") != "cloud_instance" or not gpu_named(str(h["id"])):
            continue
        specs = h.get("specs") or {}
        if not (specs.get("accelerators") or specs.get("gpu_unsized")):
            yield str(h["id"])


def agpl_spec_fields(
    hardware: Iterable[dict[str, Any]], agpl: frozenset[str]
) -> Iterator[tuple[str, str, str]]:
    """(hardware id, field, reason) for every instance spec field whose only source is
    AGPL code, or missing from a ``specs.sources`` that names the others (the importer
    names all of them; a hand-written record without ``specs.sources`` is not screened)."""
    for h in hardware:
        if h.get("category") != "cloud_instance":
            continue
        specs = h.get("specs") or {}
        cited = specs.get("sources") or {}
        if not cited:
            continue
        for key in SPEC_FIELDS:
            if specs.get(key) in (None, "", 0):
                continue
            src = cited.get(key)
            if not src:
                yield h["id"], key, "names no source in specs.sources"
            elif src in agpl:
                yield h["id"], key, f"rests only on {src} (AGPL code)"


#: Providers whose documentation states the ``<family>-<GB>`` flavor naming: OVHcloud's
#: b2/b3 table (source ``ovhcloud-instance-sizes``) gives every listed flavor's total RAM as
#: the number in its name (b2-120: 120 GB). GPU flavors (t1/t2-le) do not match.
SHAPE_NAMES = {"ovhcloud": re.compile(r"^[a-z][0-9]-(?P<gb>[0-9]+)$")}


def shape_in_name(hardware: Iterable[dict[str, Any]]) -> Iterator[tuple[str, float]]:
    """(id, GB the name states) of cloud instances whose name states their memory by a
    documented naming while their specs carry no ``memory_gb`` (audit 2026-12-07 seed
    1796658609, class OV: 36 OVHcloud flavors with ``specs: {}`` sat on the all-instance
    medians, r3-1024's terabyte unsaid). The importer reads the memory from the name
    (``importers/_instance_shapes.OVHCLOUD_NAMED``)."""
    for h in hardware:
        if h.get("category") != "cloud_instance":
            continue
        provider, _, t = str(h["id"]).partition(":")
        pattern = SHAPE_NAMES.get(provider)
        m = pattern.match(t.lower()) if pattern else None
        if m and not (h.get("specs") or {}).get("memory_gb"):
            yield str(h["id"]), float(m.group("gb"))
