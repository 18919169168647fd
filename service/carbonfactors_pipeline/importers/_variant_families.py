"""Variant families that run on their parent family's servers (class C3F).

AWS's ``-flex`` families (c7i-flex, m7i-flex, c8i-flex, m8i-flex, r8i-flex) are sold up to
16xlarge (64 vCPUs), but CCF's 2026 list names the same platform CPU for them as for
their parent family (Sapphire Rapids for c7i/m7i, Granite Rapids for c8i/m8i/r8i; AWS
sells them as a baseline share of the parent's processors, its pages are not on file):
their host is the parent's server on the same CPU (c7i: 192 vCPUs, the key keeps the CPU),
never the flex family's own largest size. Inferring it from the flex sizes alone gave
``c7i-flex.xlarge`` 72.2 kgCO2e against 29.2 for its listed same-shape sibling
``c7i.xlarge`` (audit 2026-12-06 seed 1796594162, class C3F).

Azure's isolated sizes (an ``i`` among the feature letters after the vCPU count:
"i = isolated size", Microsoft Learn, "Azure virtual machine sizes naming conventions",
``azure-vm-naming``) are the whole-host size of their series, not a series of their own:
NC80adis_H100_v5 is the host of NC40ads_H100_v5, E104is_v5 of E96s_v5. Filed apart, each
half took itself as its host: NC40ads_H100_v5 1,560 kgCO2e against 1,071.5 on its
series' host (audit 2026-12-07 seed 1796630035 part c, class HS). ``series_type`` drops
the marker before a host is inferred. No other provider's names on file carry such a
marker (AWS and GCP bare-metal sizes already sit in their family; OVHcloud and Scaleway
names have none).
"""

from __future__ import annotations

import re

#: Family suffixes naming a variant sold on its parent family's servers.
VARIANT_SUFFIXES = ("-flex",)


def host_family(family: str) -> str:
    """The family whose servers host ``family``'s sizes (itself unless a variant)."""
    for suffix in VARIANT_SUFFIXES:
        if family.endswith(suffix):
            return family[: -len(suffix)]
    return family


#: An Azure size name: series letters, vCPU count (and a constrained count), the additive
#: feature letters, the rest (accelerator, version).
_AZURE_SIZE = re.compile(r"^(standard_[a-z]+?\d+(?:-\d+)?)([a-z]*)(.*)$")


def series_type(provider: str, t: str) -> str:
    """``t`` with an isolation marker dropped, so an isolated size falls in its series:
    ``standard_nc80adis_h100_v5`` -> ``standard_nc80ads_h100_v5`` (class HS); any other
    name as it is."""
    m = _AZURE_SIZE.match(t.lower()) if provider == "azure" else None
    if not m:
        return t
    head, features, rest = m.groups()
    return head + features.replace("i", "") + rest
