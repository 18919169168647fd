"""Accelerators whose die is another catalog part's, and the die code names on file
(audit 1796630035 class N1).

A part answered by a class value (MEMORY PEERS, NODE PEERS, BANDWIDTH CLASS) though its die
is a sized part's (H100 NVL, H20 on the GH100 of the H100 cards) is sized as that die once
the link is cited here. Split from ``_accelerator_extras`` (which keeps the other curated
tables) so each table stays readable; ``_accelerator_catalog._same_die`` applies both.
"""

from __future__ import annotations

#: Parts whose die is a named sibling's on file: catalog id -> (sibling id, source id
#: naming the die). The part takes the sibling's die fields it lacks (``SAME_DIE_FIELDS``:
#: area, transistors, node as Epoch gives them for the sibling, and its die code name), and
#: ``specs.same_die_as`` names the sibling, so the same-die rules (the sibling's product
#: LCA, its ratio and memory line: ``_accelerator_sized``) size it instead of a class
#: default. The family rule (one id the prefix of the other) does not link these ids; the
#: screen ``accel-stem-sibling`` lists class values sharing a model stem or a die code name
#: with a sized part. No entry without a source that names the die: a part whose die is
#: only likely (same FP16, same generation) stays on its class value.
SAME_DIE_AS: dict[str, tuple[str, str]] = {
    # H100 NVL (94 GB HBM3, PCIe with NVLink bridge): the full GH100 (Hopper, TSMC 4N,
    # 814 mm², 80 bn transistors, 16,896 CUDA cores per GPU) of the H100 PCIe card whose
    # ADEME/Hubblo LCA is on file; the sixth HBM3 stack is enabled (94 GB), where the PCIe
    # card has 80 GB. Read on gpu.blog's H100 NVL spec page (secondary, the page already
    # relayed for its power in literature/FACTS.md).
    "nvidia-h100-nvl": ("nvidia-h100-pcie-80gb", "gpu-blog-h100-nvl"),
    # HGX H20 (96 GB HBM3, 4.0 TB/s, 400 W, SXM on 8-way HGX boards, 900 GB/s NVLink): a
    # cut-down H100 that "utilizes the GH100 chip" (WCCFtech, relayed by SMBOM, secondary);
    # TweakTown (2024) also calls it the H100 die. Its SXM sibling: the H100 SXM5.
    "nvidia-h20": ("nvidia-h100-sxm5-80gb", "smbom-nvidia-h20-gh100-2024"),
    # Ascend 910A: Epoch's row for it gives the Ascend 910's launch figures and cites
    # Huawei's launch of the Ascend 910 (2019: 256 TFLOPS FP16, 512 TOPS INT8, 310 W max):
    # the TSMC N7+ "Virtuvian" compute die measured at 456.25 mm² on die shots
    # (``huawei-ascend-910``). The 910A Pro and Premium (288 and 320 TFLOPS) are not
    # listed: no source read here names their die. They take the 910A's die through the
    # family rule (an id prefixed by a sized part's), which their method notes say.
    "huawei-ascend-910a": ("huawei-ascend-910", "epoch-ml-hardware"),
}
#: The package's extra silicon goes with the die (audit 1796674267 class TB): the Ascend
#: 910's I/O die, HBM and dummy dies (``tiles_beyond_die_*``) sit in its high bound, so a
#: part on the same package must carry them too, or the same silicon gets a narrower bound.
SAME_DIE_FIELDS = (
    "die_area_mm2",
    "transistors_billion",
    "process_nm",
    "die_name",
    "tiles_beyond_die_mm2",
    "tiles_beyond_die_nm",
    "tiles_stacked",
)

#: Die code names (``specs.die_name``): catalog id -> (code name, source id naming it).
#: Read by the screen ``accel-stem-sibling``: a class-valued part with the code name of a
#: sized part is the same die unlinked. A part of ``SAME_DIE_AS`` takes its sibling's name.
DIE_NAMES: dict[str, tuple[str, str]] = {
    # TechPowerUp on NVIDIA's Hopper whitepaper (relayed): the GH100 die, 814 mm², 80 bn;
    # the H100 SXM enables 132 of its 144 SMs, the PCIe card 114.
    "nvidia-h100-sxm5-80gb": ("GH100", "techpowerup-nvidia-hopper-whitepaper-gh100"),
    "nvidia-h100-pcie-80gb": ("GH100", "techpowerup-nvidia-hopper-whitepaper-gh100"),
    # PCPartDB (a spec aggregator, secondary): the L40 and the L40S are each "built on the
    # Ada Lovelace GPU microarchitecture (codename AD102)", both with 18,176 CUDA cores,
    # 5 nm; resellers relaying TechPowerUp give AD102, 609 mm², 76.3 bn for the L40S too.
    # The L40S is not in SAME_DIE_AS: no release year is on file for it (relays disagree:
    # October 2022, the L40's launch, or August 2023), and the sized rule files a value
    # under its release year only, so its die fields would stand unused (screen D4). Kept
    # in screens.yaml (accel-stem-sibling) until a cited year is on file.
    "nvidia-l40": ("AD102", "pcpartdb-l40-vs-l40s"),
    "nvidia-l40s": ("AD102", "pcpartdb-l40-vs-l40s"),
    # The die-shot report: the Ascend 910's compute chiplet is "Virtuvian" (TSMC N7+), the
    # 910B's "Virtuvian B" (SMIC N+1).
    "huawei-ascend-910": ("Virtuvian", "ascend-910b-die-shots-2024"),
    "huawei-ascend-910b": ("Virtuvian B", "ascend-910b-die-shots-2024"),
}
