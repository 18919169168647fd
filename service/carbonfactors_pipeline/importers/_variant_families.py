"""Variant families that run on their parent family's servers (class C3F).

AWS's ``-flex`` families (c7i-flex, m7i-flex, c8i-flex, m8i-flex, r8i-flex) are sold up to
16xlarge (64 vCPUs), but CCF's 2026 list names the same platform CPU for them as for
their parent family (Sapphire Rapids for c7i/m7i, Granite Rapids for c8i/m8i/r8i; AWS
sells them as a baseline share of the parent's processors, its pages are not on file):
their host is the parent's server on the same CPU (c7i: 192 vCPUs, the key keeps the CPU),
never the flex family's own largest size. Inferring it from the flex sizes alone gave
``c7i-flex.xlarge`` 72.2 kgCO2e against 29.2 for its listed same-shape sibling
``c7i.xlarge`` (audit 2026-12-06 seed 1796594162, class C3F).
"""

from __future__ import annotations

#: Family suffixes naming a variant sold on its parent family's servers.
VARIANT_SUFFIXES = ("-flex",)


def host_family(family: str) -> str:
    """The family whose servers host ``family``'s sizes (itself unless a variant)."""
    for suffix in VARIANT_SUFFIXES:
        if family.endswith(suffix):
            return family[: -len(suffix)]
    return family
