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

from collections.abc import Iterable, Iterator
from typing import Any

#: The composition facts the catalog publishes for a cloud instance type.
SPEC_FIELDS = ("vcpus", "memory_gb", "cpu", "storage_gb", "storage_type", "platform")


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
