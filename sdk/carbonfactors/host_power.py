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
        return (
            "host power left out: the job lists accelerators only, so its energy counts their "
            "power alone, not their servers' CPUs, memory, fans and power conversion; list the "
            "system (e.g. nvidia-dgx-h100, a cloud instance) or add a CPU/server line to count it"
        )
    return None
