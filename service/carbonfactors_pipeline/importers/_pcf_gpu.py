"""GPU servers among the server PCFs (audit 1796599352 #56, class GX).

A manufacturer's PCF of a model sold as a GPU server (Dell's PowerEdge C4140, a 1U node
for four NVIDIA V100) is imported like any server sheet, but the sheet's configuration,
as the Boavizta data holds it, names CPUs, memory and drives and no accelerator. Its
values are then those of the host without its GPUs (the C4140's 151 W yearly mean lies
between the 1-socket R330's 116 W and the 2-socket R440's 169 W, while four V100s at the
catalog's class idle, 0.1144 x 300 W each, would draw 137 W on their own). Every factor
of such a server says so (``GPU_MARK``), with the product page that makes it a GPU server,
so a user of a populated node adds the accelerators (count x the accelerator's power and
embodied, from the catalog). The ``pcf-gpu-server-no-gpus`` screen
(``server_screens``) lists a GPU-server model on PCF values without the note.
"""

from __future__ import annotations

from typing import Any

from ..server_screens import GPU_MARK

#: Hardware id -> (the accelerators the model is sold with, the cited product page, what
#: the sheet's own numbers say about its configuration). Pages: the ``pages`` corpus.
GPU_PLATFORMS: dict[str, tuple[str, str, str]] = {
    "dell-poweredge-c4140": (
        "up to four NVIDIA V100 GPUs (SXM2 or PCIe)",
        "Dell EMC, 'Deep Learning Performance Scale-Out' guide: 'an accelerator-optimized, "
        "high density 1U rack server ... can support four NVIDIA V100 Tensor Core GPUs' "
        "(manual page 6, Dell high-performance-computing solution resources); Dell EMC "
        "white paper 'Deep Learning Performance: Scale-up vs Scale-out', figure 10 "
        "(C4140 configuration B, four V100 PCIe)",
        "its yearly mean (151 W) lies between the 1-socket R330's (116 W) and the 2-socket "
        "R440's (169 W), while four V100s at the catalog's class idle (0.1144 x 300 W each) "
        "would draw 137 W on their own, so the sheet's configuration evidently excludes "
        "the GPUs",
    ),
    "dell-poweredge-c4130": (
        "up to four GPU boards (NVIDIA Tesla K80 in Dell's configurations A-C)",
        "Dell white paper 'Extreme GPU Computing' (PowerEdge C4130): 'offers up to four "
        "GPU boards in a 1U form factor'",
        "its yearly mean (316 W) is about twice the 2-socket R730's (168 W), which four "
        "idle GPUs could explain, but the sheet does not say, so whether its configuration "
        "holds any GPU is not stated",
    ),
    "dell-poweredge-r940xa": (
        "up to four double-width GPUs (4U, four Xeon Scalable sockets)",
        "Express Computer Systems, 'Dell PowerEdge R940xa Review': 'Quad 2nd Gen Intel "
        "Xeon Scalable, up to 4 double-width GPUs'",
        "states 1 CPU, 16 GB and one SSD (a minimal configuration), and its yearly "
        "mean (337 W) is below the 4-socket R840's (380 W), so it evidently excludes the GPUs",
    ),
}


def gpu_note(hid: str) -> str:
    """The note every factor of a GPU-server PCF carries ("" for any other server)."""
    if hid not in GPU_PLATFORMS:
        return ""
    gpus, page, evidence = GPU_PLATFORMS[hid]
    return (
        f" {GPU_MARK} the model is sold with {gpus} ({page}); its PCF sheet names no GPU "
        f"and {evidence}. This value is the server without accelerators: for a populated "
        f"node add count x the accelerator's power and embodied (catalog) (audit "
        f"1796599352 #56, class GX)."
    )


def mark(hid: str, factors: list[dict[str, Any]]) -> None:
    """Append the GPU-server note to every factor of ``hid`` (nothing for other servers)."""
    note = gpu_note(hid)
    for f in factors if note else ():
        f["method"] = f"{f['method'].rstrip()}{note}"
