"""Instance-type naming: the series key of a type whose sizes are named, not numbered.

Shared by rule C3's host inference (``importers/_instance_component.family``) and the
series screens (``series`` below), so the sizing and the screen that
checks it can never disagree on which sizes share one host. Audit 2026-12-07 seed
1796611373 part c, class SZ: blanking only the digits after a dash left Scaleway's
letter-sized series (``ent1-xxs`` .. ``ent1-2xl``, ``gp1-xs`` .. ``gp1-xl``, ``pro2-*``,
``dev1-*``) as one-member series, each size its own host: ent1-xl 1,333 kgCO2e against
1,007 on the series' largest size (ent1-2xl), ent1-m 1,067 against ent1-s 126.
"""

from __future__ import annotations

import re

#: A trailing size word: s/m/l with x's and an optional multiplier (xxs, 2xl), or
#: Scaleway's play2 sizes (pico, nano, micro).
_SIZE_WORD = re.compile(r"-(?:[0-9]*x*[sml]|pico|nano|micro)$")


def blank_sizes(t: str) -> str:
    """``t`` with its trailing size word and every number after a dash blanked to ``#``:
    ``ent1-2xl`` and ``ent1-m`` -> ``ent1-#``; ``pop2-hm-16c-128g`` -> ``pop2-hm-#c-#g``;
    ``b2-120`` -> ``b2-#``. A generation digit not after a dash (``ent1``) is kept."""
    return re.sub(r"(?<=-)[0-9]+", "#", _SIZE_WORD.sub("-#", t))


#: AWS managed-service name prefixes and suffixes -> the service (audit 1796613359, V1):
#: ElastiCache ``cache.r6g.4xlarge``, RDS ``db.m5.large``, OpenSearch ``r6g.large.search``.
MANAGED_PREFIXES = {"cache.": "ElastiCache", "db.": "RDS"}
MANAGED_SUFFIXES = {".elasticsearch": "OpenSearch Service", ".search": "OpenSearch Service"}
#: Apple Mac host types (``mac1.metal``, ``mac2-m2pro.metal``, ``mac-m4.metal``; class MAC).
_MAC = re.compile(r"^mac(\d|-)")


def managed_base(t: str) -> tuple[str, str] | None:
    """(EC2 base type, managed service) of an AWS managed-service type name, else None."""
    t = t.lower()
    for prefix, service in MANAGED_PREFIXES.items():
        if t.startswith(prefix) and t.count(".") >= 2:
            return t[len(prefix) :], service
    for suffix, service in MANAGED_SUFFIXES.items():
        if t.endswith(suffix) and t.count(".") >= 2:
            return t[: -len(suffix)], service
    return None


def is_mac(t: str) -> bool:
    """Whether an instance type name is an Apple Mac host."""
    return bool(_MAC.match(t.lower()))


def series(hid: str) -> str:
    """The series an instance id belongs to: its sizes share one host design (AWS: the
    part before the dot; GCP: the machine series; Azure: the name with its vCPU count
    blanked and a constrained-vCPU count dropped; others: the numbers after a dash and a
    trailing letter size blanked, ``blank_sizes``), as rule C3 reads a family."""
    provider, t = hid.split(":", 1)
    if provider == "aws":
        return f"aws:{t.split('.')[0]}"
    if provider == "gcp":
        return f"gcp:{t.split('-')[0]}"
    if provider == "azure":  # standard_e16-4s_v4 -> standard_e#s_v4
        unconstrained = re.sub(r"-[0-9]+(?=[a-z_]|$)", "", t)
        return "azure:" + re.sub(r"^(standard_[a-z]+)[0-9]+", r"\1#", unconstrained)
    return f"{provider}:{blank_sizes(t)}"
