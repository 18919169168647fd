"""``cpu-tdp-vs-vendor-extract`` (audit 1796647084 #47, class TT): a CodeCarbon TDP that is
none of the figures the maker's table on file gives the same part.

Why: CodeCarbon's compiled ``cpu_power.csv`` drops the fraction of fractional TDPs (Celeron
N2840 7 W, Intel ARK 7.5 W), while the same repository keeps Intel's ARK extract and AMD's
product tables with the maker's figure. The ``cpus`` importer takes the table's figure
(``importers/_cpu_vendor_tdp``); this screen lists a ``codecarbon-cpu-power`` TDP factor
whose value is none of its part's table figures, and one whose recorded table figure
(``inputs.vendor_extract_tdp_w``) is not its value. A value ``factors/corrections.yaml``
fixes with cited evidence is exempt (the table itself was wrong there).

The validator reads records, not upstream tables, except where the repository's own tree
sits beside the upstream lists (as ``grid_screens.dated_for`` does): ``vendor_figures``
reads the tables then, and gives {} for a fixture tree, where only the recorded figure is
held to the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .cpu_screens import CORRECTED
from .upstream_sources import REPO, SOURCES

RULE = "cpu-tdp-vs-vendor-extract"
Problem = tuple[str, str]
_SAME = 1e-6


def vendor_figures(root: Path, sources: Path | None = None) -> Mapping[str, Any]:
    """``{cpu id: VendorTdp}`` from the maker tables in ``sources`` (default: the upstream
    lists beside the repository) when ``root`` is the repository's factors tree or
    ``sources`` is given; {} otherwise."""
    from .importers import _cpu_vendor_tdp as vendor_tdp
    from .importers._cpu_twins import table_keys
    from .importers.cpu_catalog import cpu_id, display_name

    if sources is None:
        if root.resolve() != (REPO / "factors").resolve() or not SOURCES.exists():
            return {}
        sources = SOURCES
    return vendor_tdp.read(sources, cpu_id, lambda raw: table_keys(cpu_id(display_name(raw)[1])))


def tdp_vs_vendor(factors: list[dict[str, Any]], vendor: Mapping[str, Any]) -> list[Problem]:
    """(factor id, reason) for each CodeCarbon TDP that is none of its maker-table figures
    (``vendor``: ``{cpu id: VendorTdp}``) or not its own recorded table figure."""
    from .importers._cpu_vendor_tdp import INPUT_VENDOR, truncated

    out: list[Problem] = []
    for f in factors:
        if (
            f.get("kind") != "power"
            or f.get("basis") != "tdp"
            or f.get("source") != "codecarbon-cpu-power"
            or f.get("excluded")
            or CORRECTED in str(f.get("method") or "")
        ):
            continue
        value = float(f["value"])
        vt = vendor.get(str(f["subject"]))
        recorded = (f.get("inputs") or {}).get(INPUT_VENDOR)
        if vt is not None and not any(abs(value - x) < _SAME for x in vt.figures):
            how = (
                " (the table's figure with its fraction dropped)"
                if truncated(value, vt.figures)
                else ""
            )
            out.append(
                (
                    str(f["id"]),
                    f"{RULE}: {value:g} W{how}, but the maker's table on file "
                    f"(cpu_dataset_builder/{vt.table}, row '{vt.row}') gives {vt.cell}; take "
                    "the table's figure (importers/_cpu_vendor_tdp.from_vendor)",
                )
            )
        elif recorded is not None and abs(value - float(recorded)) >= _SAME:
            out.append(
                (
                    str(f["id"]),
                    f"{RULE}: {value:g} W, but its recorded maker-table figure "
                    f"(inputs.{INPUT_VENDOR}) is {float(recorded):g} W; re-run the cpus importer",
                )
            )
    return out
