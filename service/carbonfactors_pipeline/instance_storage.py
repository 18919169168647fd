"""Storage-optimised instance families: which they are, and the screen that their drives count.

The sized instance rule (C3, ``importers/_instance_component``) values a type no list gives
by the CCF component method's host share: base server + DRAM. An audit (2026-12-06 seed
1796563618, item #40, class C3S) found it leaves out the instance-store drives that define
a storage-optimised family: ``aws:i7ie.metal-24xl`` came out 2,044 kg, half of CCF's own
4.3 t for the same-shape storage host ``i3en.metal``. The drive count of the newer
families is on no list on file, so C3 scales such a type by how far the listed
storage-optimised families sit above the drive-less model (``c3.build``), and this module
names the families from cited facts and screens any value that forgets the drives.

Facts (hand-written, never derived here):

* AWS: the families whose types the Cloud Carbon Footprint 2026 AWS list
  (``ccf-coefficients`` ``data/aws-instances-latest-2026.csv``, column ``Category``) files
  as "Storage Optimized" or "Storage Optimized (Previous Gen)".
* Azure: the L-series (Ls, Lsv2, Lsv3, Lasv3), Microsoft's storage-optimized sizes
  (``azure-vm-sizes``: ``sizes/storage-optimized/`` pages).

GCP's Z3 is storage-optimised too, but no GCP machine-family page is on file: not assumed.

Rule ``instance-storage-drives``: an embodied value of a storage-optimised type that gives
the host it is a share of (``inputs.host_vcpus``/``host_memory_gb``, as C3 values do) must
be above the drive-less CCF host share of its own shape; at or below it, the drives were
left out. A reviewer lifts a flag with a ``keep`` note in ``factors/screens.yaml``.
"""

from __future__ import annotations

import re
from typing import Any

from .ccf_host import host_share_kg

#: ccf-coefficients data/aws-instances-latest-2026.csv, Category "Storage Optimized" and
#: "Storage Optimized (Previous Gen)": the family part of each type (before the dot).
AWS_STORAGE_FAMILIES = frozenset(
    {
        "d2",
        "d3",
        "d3en",
        "h1",
        "i2",
        "i3",
        "i3en",
        "i4g",
        "i4i",
        "i7i",
        "i7ie",
        "i8g",
        "i8ge",
        "im4gn",
        "is4gen",
    }
)
#: Microsoft's storage-optimized L-series sizes (Ls, Lsv2, Lsv3, Lasv3).
AZURE_STORAGE_SIZES = re.compile(r"standard_l\d+a?s(_v\d+)?")
STORAGE_SOURCES = {"aws": "ccf-coefficients", "azure": "azure-vm-sizes"}
#: The most drives of any host in the Teads AWS sheet (``ccf-coefficients``
#: data/aws-instances.csv: d2, d3, d3en and h1 hosts, 24 HDDs each), at CCF's heavier SSD
#: add-on (100 kgCO2e): the ``instance-over-host`` allowance for a storage-optimised type
#: whose specs do not state its drives.
MOST_DRIVES = 24
CCF_SSD_KG = 100.0
#: Rounding slack (kgCO2e): a value within this of the drive-less share is that share.
SLACK_KG = 0.5


def storage_source(hid: str) -> str | None:
    """The source naming an instance type's family storage-optimised, or None."""
    provider, _, name = hid.partition(":")
    if provider == "aws" and name.split(".")[0] in AWS_STORAGE_FAMILIES:
        return STORAGE_SOURCES[provider]
    if provider == "azure" and AZURE_STORAGE_SIZES.fullmatch(name):
        return STORAGE_SOURCES[provider]
    return None


def unstated_drives_kg(hid: str, specs: dict[str, Any]) -> float:
    """A generous drive add-on for a storage-optimised type whose specs give no storage:
    without it, ``instance-over-host`` would flag the drives rule C3 scales in."""
    if specs.get("storage_gb") or storage_source(hid) is None:
        return 0.0
    return MOST_DRIVES * CCF_SSD_KG


def storage_screen(hid: str, specs: dict[str, Any], mine: list[dict[str, Any]], flag: Any) -> None:
    """``instance-storage-drives``: a storage-optimised share valued without its drives."""
    source = storage_source(hid)
    if source is None or specs.get("accelerators"):
        return
    for f in mine:
        inputs = f.get("inputs") or {}
        if f["kind"] != "embodied" or f["unit"] != "kgCO2e":
            continue
        host_v, host_m = inputs.get("host_vcpus"), inputs.get("host_memory_gb")
        # Only a value that names one host (rule C3's inputs); a list is several readings.
        if not isinstance(host_v, (int, float)) or not isinstance(host_m, (int, float)):
            continue
        if not host_v:
            continue
        bare = host_share_kg(
            float(specs.get("vcpus") or 0.0),
            float(specs.get("memory_gb") or 0.0),
            float(host_v),
            float(host_m),
        )
        if f["value"] <= bare + SLACK_KG:
            flag(
                f["id"],
                "instance-storage-drives",
                f"{f['value']:g} kgCO2e is no more than the drive-less CCF share of its host "
                f"({bare:.1f} kgCO2e: base + DRAM), but {hid} is storage-optimised "
                f"({source}): its instance-store drives are left out",
            )
