"""Whether a job's power leaves out the hosts of its accelerators, said in its notes.

An accelerator draws its own power only; the server around it (CPUs, memory, fans, NICs,
power conversion) draws more. A job that lists only accelerators (``8 x H100``) counts
their power alone, so its energy understates a real node's (issue 20 class 3). The
footprint keeps the user's composition and says so; a system model (``nvidia-dgx-h100``,
a cloud instance) or an extra CPU line counts the host.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Categories that are a chip without its host.
ACCELERATOR_CATEGORIES = frozenset({"gpu", "tpu", "accelerator"})


def host_left_out(categories: Sequence[str | None], energy_given: bool) -> str | None:
    """The note for a job whose power is accelerators only, else None.

    ``categories`` are the hardware lines' catalog categories (None for a line with no
    model, e.g. an explicit ``power_w``: it may be the host, so no note is given then).
    """
    if energy_given or not categories:
        return None
    if all(c in ACCELERATOR_CATEGORIES for c in categories):
        note = (
            "host power left out: the job lists accelerators only, so its energy counts their "
            "power alone, not their servers' CPUs, memory, fans and power conversion; list the "
            "system (e.g. nvidia-dgx-h100, a cloud instance) or add a CPU/server line to count it"
        )
        return note + (TPU_HOSTS if "tpu" in categories else "")
    return None


#: What a TPU line (a chip or a slice such as ``v5p-128``) counts of its hosts. The per-TPU
#: embodied figures (Google TPU LCA, Schneider et al. 2025, as read in
#: factors/hardware/accelerators/embodied-components.yaml) hold each chip's share of its host
#: tray; no per-host power of a Cloud TPU VM is published in a source this project has read,
#: so no host record is added. TPU v2, v3 and v4 answer a measured system-level average per
#: chip (patterson-2021, chowdhery-palm-2022 in factors/hardware/accelerators/literature.yaml),
#: which already holds each chip's share of host and network (audit 1796669258 SC); the other
#: TPUs answer a chip TDP.
TPU_HOSTS = (
    "; TPU: the per-TPU embodied figures (Google TPU LCA) include each chip's share of its "
    "host tray; a TPU's power is the chip's alone where it is a TDP, but TPU v2, v3 and v4 "
    "answer a measured system-level average per chip (Patterson et al. 2021: 221 and 283 W; "
    "PaLM training: 378.5 W), which already includes each chip's share of host and network, "
    "so adding a host or VM line to those counts the host twice; no per-host power of a "
    "Cloud TPU host is cited (patterson-2021, chowdhery-palm-2022, epoch-ml-hardware)"
)
