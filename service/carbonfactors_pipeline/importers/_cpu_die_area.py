"""Whether a cpu_specs.csv die area can be believed for the part its row names.

A CPU's embodied value is its die area times Boavizta's per-mm² factor, so an area that is
not the part's multiplies straight into the default: a listed total that is not the sum of
the parts its own row states (``die_area``), or an area borrowed from a larger die that the
part's cores and node cannot fill (``credible_die_area``). What replaces a rejected area is
``_cpu_dies``'s business; ``cpu_catalog`` calls both.
"""

from __future__ import annotations

import re

from ..hardware_screens import chiplet_server_part, max_die_mm2
from ._common import number
from ._cpu_dies import BORROWED as _BORROWED

__all__ = ["credible_die_area", "die_area"]

#: cpu_specs.csv's ``total_die_size_source``: "io_die_size (416 mm²) + die_size (8x 81 mm²)".
_DIE_PARTS = re.compile(
    r"^io_die_size \((?:(?P<io>[0-9.]+)[^)]*)?\) \+ die_size \((?:(?P<n>\d+)x )?(?P<die>[0-9.]+)"
)


def die_area(row: dict[str, str]) -> tuple[float | None, str | None]:
    """The row's die area in mm², and why it is not the listed total when it is not.

    Why: ``total_die_size`` is meant to be the sum its own ``total_die_size_source`` states
    (I/O die + n core dies); 25 rows list a total that is not that sum (i3-8121U: 3,640
    for a stated 70.52 mm² die, confirmed by Tom's Hardware's 70.52 mm²; Athlon 200GE 1,672
    for 209.8), so the stated parts are used when they differ from the total by over 1 %.
    """
    total = number(row["total_die_size"])
    m = _DIE_PARTS.match(row.get("total_die_size_source") or "")
    if total is None or m is None:
        return total, None
    parts = float(m["io"] or 0.0) + int(m["n"] or 1) * float(m["die"])
    if abs(total - parts) <= 0.01 * parts:
        return total, None
    return parts, (
        f" Upstream total_die_size {total:g} mm² is not the sum of the parts its row states "
        f"({parts:g} mm²): the parts are used."
    )


def credible_die_area(
    row: dict[str, str], vendor: str, name: str, cores: float | None
) -> float | None:
    """The row's die area, or None when it is borrowed from another part and impossible.

    Why: Sapphire Rapids MCC parts (8-32 cores, one monolithic die) are given 1,908 mm², the
    four-tile XCC package, by a regression or a copy from an XCC part (audit 2026-12-06,
    class 7 of issue 20); no source or literature on file gives the MCC die's area. A
    borrowed area above the ``die-area`` screen's bound for the part's cores (``cores``: the
    catalog's, from Intel ARK / AMD when known, else the row's) and node
    (``hardware_screens.max_die_mm2``) is dropped, so the catalog shows no area and no
    embodied value is derived from it (the part falls to the CPU default, which says so).
    The part's own figures (``io_die_size () + die_size (...)``) are kept and left to the
    screen; AMD chiplet parts, whose silicon follows their package, are left to it too.
    """
    area = die_area(row)[0]
    source = row.get("total_die_size_source") or ""
    cores = cores or number(row.get("cores"))
    if (
        area is None
        or not source.startswith(_BORROWED)
        or not cores
        or chiplet_server_part({"vendor": "AMD" if vendor == "amd" else "Intel", "name": name})
    ):
        return area
    return None if area > max_die_mm2(cores, number(row.get("process_size"))) else area
