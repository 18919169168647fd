"""Small accelerator catalogues the sizing tests share: parts, product LCAs and the three
calibration cards whose LCA-to-model ratios k are x10, x5 and x6 (median 6)."""

from __future__ import annotations

from typing import Any

#: kgCO2e per cm² of die, by node (nm): round numbers, so expected values are easy to check.
PER_CM2 = {28: 1.0, 14: 1.5, 7: 2.0, 5: 2.5}


def hw(hid: str, area: float | None, node: float | None, mem: float | None, **more: Any) -> dict:
    """A GPU with the die area, node and memory given (a None or 0 leaves the spec out)."""
    specs = {
        k: v for k, v in (("die_area_mm2", area), ("process_nm", node), ("memory_gb", mem)) if v
    } | more
    return {"id": hid, "category": "gpu", "vendor": "V", "release_year": 2020, "specs": specs}


def lca(hid: str, value: float, source: str = "hubblo-gpu-lca") -> dict:
    """A product LCA of ``hid`` (rung product-lca)."""
    return {
        "id": f"embodied:{hid}:2020:{source}:manufacturing",
        "kind": "embodied",
        "subject": hid,
        "value": value,
        "rung": "product-lca",
        "source": source,
        "year": 2020,
    }


def calibration_cards() -> dict[str, dict]:
    """Three cards whose LCAs (``CALIBRATION_LCAS``) give k x10, x5 and x6 (median 6)."""
    return {
        "card-a": hw("card-a", 100, 7, 10, transistors_billion=1.0),  # base 3, LCA 30: x10
        "card-b": hw("card-b", 200, 7, 0, transistors_billion=2.0),  # base 4, LCA 20: x5
        "card-c": hw("card-c", 100, 28, 0, transistors_billion=3.0),  # base 1, LCA 6: x6
    }


CALIBRATION_LCAS = [lca("card-a", 30.0), lca("card-b", 20.0), lca("card-c", 6.0)]


def sibling_catalog(
    sibling: str, part: str, form_factor: str, die_name: str | None = None
) -> dict[str, dict]:
    """The calibration cards, a sized ``sibling`` with its own die (300 mm², 5 nm, 8 bn
    transistors, 10 GB), a memory-only ``part`` (12 GB) that shares that die but has none
    of its fields, and three sized memory peers: the shape of the H100 NVL and H20 cases
    (audit 1796630035 class N1). ``die_name`` gives both the same code name."""
    cat = calibration_cards()
    for hid, mem in (("card-a", 10.0), ("card-b", 12.0), ("card-c", 14.0)):
        cat[hid]["specs"] |= {"memory_gb": mem, "form_factor": form_factor}
    cat[sibling] = hw(sibling, 300, 5, 10, transistors_billion=8.0, form_factor=form_factor)
    named = {"die_name": die_name} if die_name else {}
    cat[part] = hw(part, None, None, 12, form_factor=form_factor, **named)
    if die_name:
        cat[sibling]["specs"] |= {"die_name": die_name, "sources": {"die_area_mm2": "src-area"}}
    for i, area in enumerate((150, 200, 250)):  # sized parts (no LCA): the memory peers
        cat[f"peer-{i}"] = hw(f"peer-{i}", area, 7, 12, form_factor=form_factor)
    return cat


def epoch_tdp(hid: str, watts: float, year: int = 2020) -> dict[str, Any]:
    """A TDP of ``hid`` as Epoch's hardware table files it (the power chain's datasheet rung)."""
    return {
        "id": f"power:{hid}:{year}:epoch-ml-hardware:tdp",
        "kind": "power",
        "subject": hid,
        "year": year,
        "value": watts,
        "unit": "W",
        "basis": "tdp",
        "source": "epoch-ml-hardware",
    }
