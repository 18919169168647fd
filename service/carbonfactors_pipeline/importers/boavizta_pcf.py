"""Manufacturer product carbon footprints (PCF) of data-center servers and storage.

Upstream: Boavizta ``environmental-footprint-data`` (``boavizta-data-us.csv``), a
collection of PCF sheets published by Dell, HPE, Lenovo, Seagate... Only the rows of
category ``Datacenter`` are imported. Each product gets:

- its whole life-cycle total (``gwp_total``) as basis ``cradle-to-grave``, with the
  sheet's error margin (``gwp_error_ratio``, read as +/- share of the total) as low/high.
  Dell rows carry ratios of 0.84-1.15, which cannot be a +/- margin: a manufacturer with
  any ratio >= 1 gets no range at all;
- a ``manufacturing`` value: ``gwp_total x gwp_manufacturing_ratio`` when the file has the
  ratio; otherwise a ``non-use`` value, ``gwp_total x (1 - gwp_use_ratio)``, which also holds
  transport and end of life and so is not labelled manufacturing. Footprint engines amortize this one, never the total,
  whose use phase would double-count operational emissions. It carries the total's error
  margin as low/high where the manufacturer publishes one (audit 1796574057 O1), and the
  sheet's stated drives (``inputs.pcf_drives``) for the ``pcf-sibling-spread`` screen; every
  factor of a ``server_type: Blade`` row says it is a sled whose chassis share the data
  does not state (O5);
- an ``average`` power derived from the PCF's yearly energy (``yearly_tec`` kWh / 8760 h).
  It is a yearly mean under the sheet's usage profile, which the data does not state, so a
  job at full load draws more (issue 20 class 6). When SPECpower_ssj2008 has results for
  the same model (``ccf-coefficients/data/SPECpower-2026-03-09.csv``, a sibling upstream
  folder), its active-idle and 100 %-load watts become the value's low/high: the average
  is kept as the value, and the bounds cover an idle and a fully loaded server. Every
  such average says it is a yearly mean, not scaled by utilization; one without a result of
  its own model is bounded by its CPU class's or its chassis's results (``_pcf_mean_bounds``,
  audit 1796606525 class PM, O5).
- a PCF whose yearly energy contradicts its own use phase (audit 2026-12-06 seed 1796548636,
  class J): every manufacturer turns energy into use-phase GWP with one grid factor, so
  ``gwp_total x gwp_use_ratio / (yearly_tec x lifetime)`` agrees within a few percent across
  its sheets (Dell 1.03-1.07, HPE 1.41-1.44 kgCO2e/kWh). A row more than
  ``PCF_INTENSITY_TOLERANCE`` off its manufacturer's median carries an energy or a total
  that is wrong (the Dell T630 row holds the T330's 858.918 kWh verbatim). Which one the row
  cannot say, so the average power is the higher of the two readings (a default is never a
  lower bound) and low/high cover both (and SPECpower's idle and full load); its embodied
  and total values rest on the same total, so they too get the bounds of both readings
  (the sheet's total, and the total its own energy gives at the manufacturer's factor);
- no PCF energy (Lenovo sheets give none, class K) but SPECpower results for the same
  model: ``idle`` and ``max`` power from them (median over the results, low/high their
  extremes), cited to ``ccf-coefficients``, which redistributes SPECpower. Model names are
  compared without spaces ("Think System SR635" is the ThinkSystem SR635); the SPECpower
  reading lives in ``_pcf_specpower``.

Re-run (byte-identical on unchanged upstream data)::

    carbonfactors import boavizta-pcf --sources /work/shared/sources
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from carbonfactors.kinds import PLAUSIBLE, factor_id

from . import Importer, register
from ._common import header, number, read_csv, rounded, slugify, write_folder
from ._pcf_gpu import mark as mark_gpu_server
from ._pcf_mean_bounds import mean_bounds
from ._pcf_nodes import node_bounds, node_note, sled_weights
from ._pcf_siblings import reach_siblings, say_series_spread
from ._pcf_sockets import sheet_sockets, socket_note
from ._pcf_specpower import (
    SPEC_VENDOR,
    SPECPOWER,
    class_results,
    load_bounds,
    measured_siblings,
    model_key,
    read_specpower,
    same_sockets,
    sibling_results,
    spec_power,
)

NAME = "boavizta-pcf"
SOURCE = "boavizta-pcf"
UPSTREAM = "boavizta-environmental-footprint-data"
CSV = "boavizta-data-us.csv"

#: Upstream manufacturer spelling -> (vendor name we publish, id prefix).
VENDORS = {"HP": ("HPE", "hpe"), "Dell": ("Dell", "dell"), "Lenovo": ("Lenovo", "lenovo")}
STORAGE_SUBCATEGORIES = {"Hard drive", "SAN/NAS"}
_YEAR = re.compile(r"(19|20)\d{2}")
_CAPACITY = re.compile(r"(\d+(?:[.,]\d+)?)\s*(TB|GB|Go|To)\b", re.IGNORECASE)


def _year(row: dict[str, str]) -> tuple[int, str | None]:
    """Report year; the year the row was added to the database when the report date is empty."""
    m = _YEAR.search(row["report_date"])
    if m:
        return int(m.group(0)), None
    m = _YEAR.search(row["added_date"])
    if m is None:
        raise ValueError(f"{row['name']}: neither report_date nor added_date holds a year")
    return int(m.group(0)), (
        f"The file gives no report date; year {m.group(0)} is when the row was added "
        "to the Boavizta database."
    )


def _clean_name(manufacturer: str, name: str) -> str:
    """HPE rows end with a footnote digit glued to the last word ("server4")."""
    if manufacturer == "HP":
        name = re.sub(r"(?<=[a-z])4$", "", name.strip())
        name = re.sub(r"\s+server$", "", name)
    return " ".join(name.split())


def _capacity_gb(*texts: str) -> float | None:
    for text in texts:
        m = _CAPACITY.search(text)
        if m:
            v = float(m.group(1).replace(",", "."))
            return v * 1000 if m.group(2).upper() in ("TB", "TO") else v
    return None


def _storage_type(*texts: str) -> str | None:
    joined = " ".join(texts).upper()
    if "SSD" in joined or "NYTRO" in joined or "NITRO" in joined:
        return "SSD"
    if "HDD" in joined or "EXOS" in joined or "THUNDERBUG" in joined:
        return "HDD"
    return None


def _hardware(
    row: dict[str, str], vendor: str, hid: str, name: str, category: str
) -> dict[str, Any]:
    specs: dict[str, Any] = {}
    if category == "server":
        mem = number(row["memory"])
        if mem:
            specs["memory_gb"] = rounded(mem)
        cpus = sheet_sockets(hid, row)  # class PM2: a cited correction of the sheet's count
        if cpus:
            specs["cpu_count"] = int(cpus)
        said = number(row["number_cpu"])
        if cpus and said and said != cpus:  # class SK: the configuration its values are for
            specs["sheet_cpu_count"] = int(said)
        if row["subcategory"] != "Server":
            specs["form_factor"] = row["subcategory"].lower()
    else:
        cap = _capacity_gb(row["hard_drive"], row["server_type"], row["name"])
        if cap:
            specs["capacity_gb"] = rounded(cap)
        stype = _storage_type(row["hard_drive"], row["server_type"], row["name"])
        if stype:
            specs["storage_type"] = stype
        if row["server_type"] in ("2.5in", "3.5in"):
            specs["form_factor"] = row["server_type"]
        if row["subcategory"] == "SAN/NAS":
            specs["form_factor"] = "storage array"
    rec: dict[str, Any] = {"id": hid, "name": name, "category": category, "vendor": vendor}
    alias = f"{row['manufacturer']} {_clean_name(row['manufacturer'], row['name'])}"
    if alias != name:
        rec["aliases"] = [alias]
    if specs:
        rec["specs"] = specs
    return rec


#: How far a PCF's implied use-phase kgCO2e/kWh may depart from its manufacturer's median.
PCF_INTENSITY_TOLERANCE = 0.25
#: Said on every factor of a ``server_type: Blade`` row (audit 1796574057 O5): the sheet
#: covers one sled; whether a chassis share is in it the data does not say.
BLADE_NOTE = "Blade sled; chassis share as in the maker's sheet (not stated in the data)."


def implied_intensity(row: dict[str, str]) -> float | None:
    """kgCO2e per kWh of use the PCF row implies (use-phase GWP / lifetime energy)."""
    total, use = number(row["gwp_total"]), number(row["gwp_use_ratio"])
    tec, life = number(row["yearly_tec"]), number(row["lifetime"])
    if not (total and use and tec and life) or min(total, use, tec, life) <= 0:
        return None
    return total * use / (tec * life)


def manufacturer_intensity(rows: list[dict[str, str]]) -> dict[str, float]:
    """Median implied use-phase intensity of each manufacturer's server PCFs."""
    by: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        x = implied_intensity(r)
        if x is not None and r["subcategory"] not in STORAGE_SUBCATEGORIES:
            by[r["manufacturer"]].append(x)
    return {m: statistics.median(v) for m, v in by.items() if len(v) >= 3}


def _factors(
    row: dict[str, str],
    hid: str,
    year: int,
    year_note: str | None,
    margins: bool,
    spec: list[tuple[float, float]] | None = None,
    intensity: float | None = None,
    sibling: str = "",
    spread: tuple[list[tuple[float, float]], str] = ([], ""),
    spec_path: Path | None = None,
    node: str = "",
) -> list[dict[str, Any]]:
    total = number(row["gwp_total"])
    if total is None or total <= 0:
        return []
    use = number(row["gwp_use_ratio"])
    mfg = number(row["gwp_manufacturing_ratio"])
    err = number(row["gwp_error_ratio"])
    life = number(row["lifetime"])
    loc = row["use_location"] or "not stated"
    ctx = f"PCF assumptions: {rounded(life) if life else 'unstated'}-year lifetime, use location {loc}."
    if row["server_type"] == "Blade":
        ctx += f" {BLADE_NOTE}"
    elif node:  # class SL: a node typed Rack, its chassis scope said (``_pcf_nodes``)
        ctx += f" {node}"
    notes = f" {year_note}" if year_note else ""
    notes += socket_note(hid, row)  # class SK: a corrected socket count, said on every value
    base_inputs: dict[str, Any] = {"gwp_total_kgco2e": rounded(total)}
    if life:
        base_inputs["pcf_lifetime_years"] = rounded(life)
    if use is not None:
        base_inputs["gwp_use_ratio"] = rounded(use)
    total_f: dict[str, Any] = {
        "id": factor_id("embodied", hid, year, SOURCE, "cradle-to-grave"),
        "kind": "embodied",
        "subject": hid,
        "year": year,
        "value": rounded(total),
        "unit": "kgCO2e",
        "basis": "cradle-to-grave",
    }
    range_note = ""
    if err is not None and 0 < err < 1 and margins:
        total_f["low"] = rounded(total * (1 - err))
        total_f["high"] = rounded(total * (1 + err))
        range_note = (
            f" low/high = total x (1 -/+ gwp_error_ratio {rounded(err)}), the sheet's error margin."
        )
    elif err is not None and not margins:
        range_note = (
            f" No range: this manufacturer's gwp_error_ratio values reach 100 % or more "
            f"({rounded(err)} here), so they cannot be a +/- margin of the total."
        )
    no_range = range_note if range_note.startswith(" No range") else ""
    total_f.update(
        rung="product-lca",
        source=SOURCE,
        method=f"Manufacturer product carbon footprint, whole life cycle (manufacturing, transport, use, end of life). {ctx}{range_note}{notes}",
        inputs=base_inputs | ({"gwp_error_ratio": rounded(err)} if err is not None else {}),
    )
    if node:  # class SL: a node's share of a full chassis down to total / nodes
        total_f |= node_bounds(hid, total, {k: total_f[k] for k in ("low", "high") if k in total_f})
    out = [total_f]
    basis = "manufacturing"
    inputs: dict[str, Any] = {}
    method = ""
    if mfg is not None and mfg > 0:
        value, method = (
            total * mfg,
            ("gwp_total x gwp_manufacturing_ratio: the manufacturing share of the PCF."),
        )
        inputs = {"gwp_total_kgco2e": rounded(total), "gwp_manufacturing_ratio": rounded(mfg)}
    elif use is not None and 0 < use < 1:
        value, method = (
            total * (1 - use),
            (
                "gwp_total x (1 - gwp_use_ratio): the file gives no manufacturing ratio, so this "
                "is everything but the use phase (manufacturing plus transport and end of life): "
                "basis non-use, not manufacturing."
            ),
        )
        inputs = {"gwp_total_kgco2e": rounded(total), "gwp_use_ratio": rounded(use)}
        basis = "non-use"
    else:
        value = 0.0
    margin = err if err is not None and 0 < err < 1 and margins else None
    if margin is not None:
        inputs["gwp_error_ratio"] = rounded(margin)
        method += (
            f" low/high = value x (1 -/+ gwp_error_ratio {rounded(margin)}): the sheet states "
            "its error margin for the total only; the same relative margin is carried to "
            "this share (issue 20 class 8, audit 1796574057 O1)."
        )
    elif no_range:  # said on the share the default resolves to too (audit 1796655557 O10)
        method += no_range[: -len(".")] + " or of this share."
    drives = " ".join(row["hard_drive"].split())
    if drives and row["subcategory"] not in STORAGE_SUBCATEGORIES:
        inputs["pcf_drives"] = drives  # the sheet's stated configuration (sibling screen)
    tec = number(row["yearly_tec"])
    implied = implied_intensity(row)
    contradicts = bool(
        intensity and implied and abs(implied / intensity - 1) > PCF_INTENSITY_TOLERANCE
    )
    if value > 0 and contradicts and tec and life and use and intensity:
        # The other reading (energy right, total wrong): the total the sheet's own energy
        # gives at its manufacturer's factor, and the same share of it (class J, #54).
        other = tec * life * intensity / use
        share = value / total
        alt = other * share
        value_note = (
            f" The row contradicts itself (its use phase over {rounded(life)} years of "
            f"{rounded(tec)} kWh is {implied:.3f} kgCO2e/kWh against {intensity:.3f}, this "
            f"manufacturer's median): if its energy is right and its total wrong, the total is "
            f"{rounded(other, 1)} kgCO2e and this share {alt:.1f}. The value is the higher reading, "
            f"low/high cover both (audit 2026-12-06 class J)."
        )
        inputs |= {
            "reconciled_total_kgco2e": rounded(other, 1),
            "manufacturer_kgco2e_per_kwh": rounded(intensity, 4),
        }
        method += value_note
        total_f["method"] += (
            f" The row contradicts itself ({implied:.3f} kgCO2e/kWh implied by its use phase "
            f"against {intensity:.3f}, this manufacturer's median): if its energy is right, the "
            f"total is {rounded(other, 1)} kgCO2e; low/high cover both readings (audit 2026-12-06 "
            f"class J)."
        )
        m_t = err if err is not None and 0 < err < 1 and margins else 0.0
        # audit 1796642882 O7: the sheet's margin applies to either reading, not the lower one
        total_f["low"] = rounded(min(total, other) * (1 - m_t))
        total_f["high"] = rounded(max(total, other) * (1 + m_t))
        readings = [value, alt]
        value = max(value, alt)
    else:
        readings = [value]
    bounds_e: dict[str, Any] = {}
    if len(readings) > 1 or margin is not None:
        m = margin or 0.0
        bounds_e = {  # the margin on either reading (audit 1796642882 O7)
            "low": rounded(min(readings) * (1 - m), 3),
            "high": rounded(max(readings) * (1 + m), 3),
        }
    if node and value > 0:
        bounds_e = node_bounds(hid, value, bounds_e)
    if value > 0:
        out.append(
            {
                "id": factor_id("embodied", hid, year, SOURCE, basis),
                "kind": "embodied",
                "subject": hid,
                "year": year,
                "value": rounded(value, 3),
                "unit": "kgCO2e",
                **bounds_e,
                "basis": basis,
                "rung": "product-lca",  # a manufacturer's product carbon footprint
                "source": SOURCE,
                "method": f"{method} {ctx}{notes}",
                "inputs": inputs,
            }
        )
    if not tec and spec:
        out += spec_power(hid, year, spec, ctx, sibling, spread)
    if tec:
        avg = rounded(tec * 1000 / 8760, 3)
        bounds: dict[str, Any] = {}
        load = ""
        power_inputs: dict[str, Any] = {"yearly_tec_kwh": rounded(tec)}
        readings = [avg]
        if contradicts and intensity and implied:
            use_kwh = total * (use or 0) / ((life or 1) * intensity)
            use_w = rounded(use_kwh * 1000 / 8760, 3)
            readings.append(use_w)
            avg = max(avg, use_w)
            power_inputs |= {
                "use_phase_kwh": rounded(use_kwh, 1),
                "manufacturer_kgco2e_per_kwh": rounded(intensity, 4),
            }
            load += (
                f" The row contradicts itself: its use phase ({rounded(total * (use or 0))} kgCO2e) "
                f"over {rounded(life or 0)} years of {rounded(tec)} kWh is {implied:.3f} kgCO2e/kWh, "
                f"against {intensity:.3f} for this manufacturer's other sheets (median); at that "
                f"factor the use phase is {use_kwh:.0f} kWh a year ({use_w:g} W). The value is "
                f"the higher reading, low/high cover both (audit 2026-12-06 class J)."
            )
        if spec:
            sb, note = load_bounds(avg, spec)
            bounds, load = sb, note + load
            power_inputs["specpower_idle_w"] = min(i for i, _ in spec)
            power_inputs["specpower_full_load_w"] = max(f for _, f in spec)
        else:  # class PM, O3/O5: the caveat always; the class's or the chassis's bounds
            bounds, note, more = mean_bounds(avg, hid, row, spec_path)
            load, power_inputs = note + load, power_inputs | more
        if len(readings) > 1:
            bounds = {
                "low": rounded(min([*readings, bounds.get("low", avg)]), 3),
                "high": rounded(max([*readings, bounds.get("high", avg)]), 3),
            }
        if node:
            bounds = node_bounds(hid, avg, bounds)
        out.append(
            {
                "id": factor_id("power", hid, year, SOURCE, "average"),
                "kind": "power",
                "subject": hid,
                "year": year,
                "value": avg,
                "unit": "W",
                **bounds,
                "basis": "average",
                "source": SOURCE,
                "method": f"Yearly energy consumption (TEC) of the PCF / 8760 h. {ctx}{notes}"
                + load,
                "inputs": power_inputs,
            }
        )
    return out


def _plausible(fac: dict[str, Any], category: str) -> bool:
    """Values outside the validator's absurdity bounds are left out (and reported by hand).

    The Seagate OneStor SP2584 storage array's 10-year life-cycle total (190 t, 96.5 % use
    phase) is the one real case; its manufacturing share stays in.
    """
    lo, hi = PLAUSIBLE.get((fac["kind"], category), (0.0, float("inf")))
    return all(lo <= fac[k] <= hi for k in ("value", "low", "high") if fac.get(k) is not None)


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    rows = [r for r in read_csv(upstream / CSV) if r["category"] == "Datacenter"]
    files: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"hardware": [], "factors": []}
    )
    seen: set[str] = set()
    # A manufacturer whose error ratios reach 1 somewhere does not publish a +/- margin.
    no_margin = {r["manufacturer"] for r in rows if (number(r["gwp_error_ratio"]) or 0) >= 1}
    spec = read_specpower(upstream.parent / SPECPOWER)
    intensity = manufacturer_intensity(rows)
    for row in sorted(rows, key=lambda r: (r["manufacturer"], r["name"])):
        manufacturer = row["manufacturer"]
        vendor, prefix = VENDORS.get(manufacturer, (manufacturer, slugify(manufacturer)))
        category = "storage" if row["subcategory"] in STORAGE_SUBCATEGORIES else "server"
        clean = _clean_name(manufacturer, row["name"])
        name = f"{vendor} {clean}"
        hid = f"{prefix}-{slugify(clean)}"
        if hid in seen:
            raise ValueError(f"two Datacenter rows give hardware id {hid}")
        seen.add(hid)
        year, note = _year(row)
        folder = "servers" if category == "server" else "storage"
        f = files[f"{folder}/{prefix}.yaml"]
        rec = _hardware(row, vendor, hid, name, category)
        f["hardware"].append(rec)
        own_results = spec.get((SPEC_VENDOR.get(manufacturer, ""), model_key(clean)))
        results = same_sockets(own_results, sheet_sockets(hid, row))
        if category == "server" and own_results:  # class SK: the screen's cited counts
            rec.setdefault("specs", {})["specpower_chips"] = sorted({c for *_, c in own_results})
        if category == "server" and not results:  # class K2: measured siblings, screened
            near = measured_siblings(
                spec, SPEC_VENDOR.get(manufacturer, ""), clean, sheet_sockets(hid, row)
            )
            if near:
                rec.setdefault("specs", {})["specpower_siblings"] = near
        margins = manufacturer not in no_margin
        own = intensity.get(manufacturer) if category == "server" else None
        sibling = ""
        spread: tuple[list[tuple[float, float]], str] = ([], "")
        if not results and category == "server" and not number(row["yearly_tec"]):
            # class K2: a named sibling's (or peer's) results stand in for a sheet without energy
            results, sibling = sibling_results(spec, SPEC_VENDOR.get(manufacturer, ""), hid)
            spread = class_results(upstream.parent / SPECPOWER, hid)
        facs = _factors(
            row,
            hid,
            year,
            note,
            margins,
            results,
            own,
            sibling,
            spread,
            upstream.parent / SPECPOWER,
            node_note(hid, row, sled_weights(rows, manufacturer)),
        )
        mark_gpu_server(hid, facs)  # class GX: a GPU server's sheet names no GPU
        for fac in facs:
            if _plausible(fac, category):
                f["factors"].append(fac)
    reach_siblings(files)  # audit 1796647084 class KN: an outlier's low reaches its sibling
    say_series_spread(files)  # audit 1796655557 O8: unstated configurations, said
    head = header(
        NAME,
        [
            f"{UPSTREAM}/{CSV} (Boavizta/environmental-footprint-data)",
            f"{SPECPOWER.as_posix()} (SPECpower_ssj2008 via cloud-carbon-footprint)",
        ],
    )
    hw = factors_root / "hardware"
    changed: list[Path] = []
    for folder in ("servers", "storage"):
        sub = {k.split("/", 1)[1]: dict(v) for k, v in files.items() if k.startswith(folder + "/")}
        changed += write_folder(hw / folder, sub, head)
    return changed


register(
    Importer(
        name=NAME,
        description="Manufacturer PCFs of servers and storage (Boavizta environmental-footprint-data)",
        upstream=UPSTREAM,
        convert=convert,
    )
)
