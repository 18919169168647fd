"""Plausibility screen for server power taken from manufacturer product carbon footprints.

A PCF states a whole-life total, its use-phase share, a lifetime and a yearly energy; each
manufacturer turns the energy into use-phase GWP with one grid factor, so the use-phase
kgCO2e per kWh a sheet implies agrees within a few percent across its sheets (Dell
1.03-1.07, HPE 1.41-1.44). The audit of 2026-12-06 (seed 1796548636, class J) found a Dell
PowerEdge T630 row carrying the T330's yearly energy verbatim: its 98 W average was half
of what its own use phase says. Rule:

* ``pcf-power-below-use-phase``: a server's ``average`` power from a PCF (inputs
  ``yearly_tec_kwh``) is at least the use-phase reading (use-phase GWP / lifetime /
  the manufacturer's median kgCO2e per kWh, as W) divided by ``1 + TOLERANCE``. The
  manufacturer's median is taken over the servers on file whose PCF gives all four numbers
  (``MIN_SHEETS`` at least). A value below is a lower reading of a self-contradictory
  sheet, and a default is never a lower bound (``importers/boavizta_pcf`` takes the higher).
* ``pcf-embodied-one-reading`` (audit 2026-12-06 #54, HPE Synergy 660): the embodied values
  of such a sheet (cradle-to-grave, manufacturing or non-use) rest on the same doubtful
  total, so each must have low/high covering both readings: the sheet's total times its
  share, and the total the sheet's own energy gives at the manufacturer's median
  (``yearly_tec x lifetime x median / gwp_use_ratio``) times the same share. A value that
  shows one reading only is flagged (and so excluded from defaults).
* ``system-drives`` (audit 2026-12-06 seed 1796563618 #54, class S): a system's sum of
  parts with a CCF-method host (inputs ``server_base_kgco2e``) counts its drives
  (``ssd_drives``) when its specs state local storage or another system of its platform
  (``specs.platform``: DGX) counts them: the DGX B200 had none while the DGX H100 beside it
  had its 10 NVMe drives, so the heavier baseboard came out below the lighter one.
* ``pcf-sibling-spread`` (a review flag: listed, never excluding; audit 1796574057 O1): two
  PCF manufacturing (or non-use) values of one maker and one generation whose sheets state
  the same configuration (sockets, memory, drives) and differ more than ``SIBLING_RATIO``
  times: HPE ProLiant DL345 Gen10 Plus 2,503 kg against DL365 Gen10 Plus 678 kg, 1 CPU,
  32 GB and 0 SSD each. Both are the maker's own figures, so neither is excluded, but the
  larger one is flagged until a ``keep`` note in ``factors/screens.yaml`` says why
  (``validate`` reports an unexplained one as a problem). The generation is the maker's
  token in the name (HPE "Gen10 Plus", Lenovo "V2") or, for a Dell PowerEdge, the
  second digit of the model number (R640, R6415: 14th generation).
* ``server-power-sibling-measured`` (audit 1796558261 / 1796585890 class K2): a server with
  no power factor of its own (so at the server category default) while its
  ``specs.specpower_siblings`` names a SPECpower_ssj2008 model of the same maker and model
  number (a letter variant, another product line or generation) with results at its socket
  count: the
  SR850P sat on the 533 W median while the 4-socket SR850 was measured at 672-711 W. The
  validator reports it as a problem until the sibling is named in
  ``importers/_pcf_specpower.SIBLINGS`` (its results then stand in, said in the method) or
  a ``keep`` note says why not.
* ``pcf-gpu-server-no-gpus`` (audit 1796599352 #56, class GX): a model sold as a GPU
  server (``GPU_SERVER``: Dell PowerEdge C41x0, R940xa, XE, DSS 8440; HPE Apollo 6500;
  Lenovo ThinkSystem SR67x/SR68x) with a manufacturer-PCF value (source ``boavizta-pcf``)
  whose method lacks ``GPU_MARK``, while its record lists no accelerators: the sheet names
  no GPU, so the value is the host without them and must say so
  (``importers/_pcf_gpu``). Listed for review, a validator problem until the note is
  written or a ``keep`` note says why not.
* ``server-power-category-default`` (audit 1796599352 #57, class K2, recurring): any
  server with a manufacturer PCF on file but no power factor of its own (so on the server category median, 533 W, taken
  over 2-socket bare-metal cloud hosts) that no measured sibling screen already lists: the
  1-socket SR250 sat on it, 6x its 1-socket peer SR150's full load. A validator problem
  until a peer or sibling is named in ``importers/_pcf_specpower`` (``PEERS``,
  ``SIBLINGS``) or a ``keep`` note says why the median is right for it.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from typing import Any

from carbonfactors.kinds import category_subject

from .screens import Flag, Reasons

SERVER_RULES = (
    "pcf-power-below-use-phase",
    "pcf-embodied-one-reading",
    "system-drives",
    "pcf-sibling-spread",
    "server-power-sibling-measured",
    "pcf-gpu-server-no-gpus",
    "server-power-category-default",
)
#: Starts the note of a GPU server's PCF value that names no GPU (``importers/_pcf_gpu``).
GPU_MARK = "GPU SERVER WITHOUT ITS GPUS:"
#: Models sold as GPU servers (a name matching is one, whatever its sheet states).
GPU_SERVER = re.compile(
    r"PowerEdge\s+(C41\d0|R940xa|XE\d{4}|DSS\s*8440)\b|Apollo\s+6500|"
    r"ThinkSystem\s+(SR67\d|SR68\d)",
    re.IGNORECASE,
)
#: Manufacturing of same-configuration siblings may differ this much before a note is due.
SIBLING_RATIO = 2.0
_GEN = re.compile(r"\b(Gen\s*\d+(?:\s+Plus)?|V\d+)\b", re.IGNORECASE)
_DELL_MODEL = re.compile(r"\bPowerEdge\s+([A-Z]+)(\d)(\d)(\d)", re.IGNORECASE)
#: Departure of a sheet's implied intensity from its manufacturer's that is tolerated.
TOLERANCE = 0.25
#: Sheets a manufacturer needs on file before its median is trusted.
MIN_SHEETS = 3
HOURS_PER_YEAR = 8760.0


def _use_phase(total: dict[str, Any]) -> tuple[float, float] | None:
    """(use-phase kgCO2e, lifetime years) from a PCF's cradle-to-grave factor."""
    i = total.get("inputs") or {}
    vals = [i.get(k) for k in ("gwp_total_kgco2e", "gwp_use_ratio", "pcf_lifetime_years")]
    nums = [float(x) for x in vals if isinstance(x, (int, float)) and x > 0]
    if len(nums) != 3:
        return None
    gwp, use, life = nums
    return gwp * use, life


def _sheets(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, dict[str, Any], float, float]]:
    """(vendor, PCF average power factor, use-phase kgCO2e, lifetime) of every server sheet."""
    vendor = {
        h["id"]: str(h.get("vendor") or "") for h in hardware if h.get("category") == "server"
    }
    totals: dict[str, dict[str, Any]] = {}
    powers: dict[str, dict[str, Any]] = {}
    for f in factors:
        if f["subject"] not in vendor:
            continue
        if f["kind"] == "embodied" and f.get("basis") == "cradle-to-grave":
            totals[f["subject"]] = f
        elif f["kind"] == "power" and f.get("basis") == "average":
            if isinstance((f.get("inputs") or {}).get("yearly_tec_kwh"), (int, float)):
                powers[f["subject"]] = f
    out = []
    for hid, p in sorted(powers.items()):
        use = _use_phase(totals[hid]) if hid in totals else None
        if use is not None:
            out.append((vendor[hid], p, *use))
    return out


def screen_servers(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """Every PCF average power below what its own sheet's use phase implies."""
    sheets = _sheets(factors, hardware)
    implied: dict[str, list[float]] = defaultdict(list)
    for vendor, p, use_kg, life in sheets:
        tec = float(p["inputs"]["yearly_tec_kwh"])
        implied[vendor].append(use_kg / (tec * life))
    median = {v: statistics.median(x) for v, x in implied.items() if len(x) >= MIN_SHEETS}
    flags: list[Flag] = []
    for vendor, p, use_kg, life in sheets:
        if vendor not in median:
            continue
        reading_w = use_kg / life / median[vendor] * 1000.0 / HOURS_PER_YEAR
        if p["value"] * (1 + TOLERANCE) < reading_w:
            rule = SERVER_RULES[0]
            flags.append(
                reasons.flag(
                    p["id"],
                    rule,
                    f"{p['value']:g} W is below the {reading_w:.0f} W its own PCF's use phase "
                    f"implies ({use_kg:.0f} kgCO2e over {life:g} years at {vendor}'s median "
                    f"{median[vendor]:.3f} kgCO2e/kWh): the yearly energy contradicts the sheet",
                )
            )
    flags += _one_reading(factors, sheets, median, reasons)
    flags += _drives(factors, hardware, reasons)
    flags += sibling_flags(factors, hardware, reasons)
    flags += measured_sibling_flags(factors, hardware, reasons)
    flags += gpu_server_flags(factors, hardware, reasons)
    flags += default_power_flags(factors, hardware, reasons)
    return sorted(flags, key=lambda fl: fl.factor)


def _drives(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``system-drives``: a system's sum of parts that leaves out the drives it has."""
    servers = {h["id"]: h for h in hardware if h.get("category") == "server"}
    summed = [
        f
        for f in factors
        if f["kind"] == "embodied"
        and f["subject"] in servers
        and "server_base_kgco2e" in (f.get("inputs") or {})
    ]
    counted = {
        (servers[f["subject"]].get("specs") or {}).get("platform")
        for f in summed
        if (f.get("inputs") or {}).get("ssd_drives")
    } - {None}
    rule = SERVER_RULES[2]
    flags = []
    for f in summed:
        specs = servers[f["subject"]].get("specs") or {}
        if (f.get("inputs") or {}).get("ssd_drives"):
            continue
        if specs.get("storage_gb") or specs.get("platform") in counted:
            flags.append(
                reasons.flag(
                    f["id"],
                    rule,
                    f"{f['value']:g} kgCO2e counts no drives, but {f['subject']} has local "
                    f"storage ({specs.get('storage_type') or 'its platform counts drives'}): "
                    "add CCF's 100 kgCO2e per SSD for each drive its datasheet lists",
                )
            )
    return flags


def _share(f: dict[str, Any]) -> float | None:
    """The share of the PCF total an embodied factor stands for, from its inputs."""
    i = f.get("inputs") or {}
    if f.get("basis") == "cradle-to-grave":
        return 1.0
    if f.get("basis") == "manufacturing" and isinstance(
        i.get("gwp_manufacturing_ratio"), (int, float)
    ):
        return float(i["gwp_manufacturing_ratio"])
    if f.get("basis") == "non-use" and isinstance(i.get("gwp_use_ratio"), (int, float)):
        return 1.0 - float(i["gwp_use_ratio"])
    return None


def _one_reading(
    factors: list[dict[str, Any]],
    sheets: list[tuple[str, dict[str, Any], float, float]],
    median: dict[str, float],
    reasons: Reasons,
) -> list[Flag]:
    """``pcf-embodied-one-reading``: a contradictory sheet's embodied values span both readings."""
    rule = SERVER_RULES[1]
    flags: list[Flag] = []
    for vendor, p, use_kg, life in sheets:
        tec = float(p["inputs"]["yearly_tec_kwh"])
        if vendor not in median or abs(use_kg / (tec * life) / median[vendor] - 1) <= TOLERANCE:
            continue
        mine = [
            f
            for f in factors
            if f["subject"] == p["subject"]
            and f["kind"] == "embodied"
            and f.get("source") == p.get("source")
        ]
        total = next((f for f in mine if f.get("basis") == "cradle-to-grave"), None)
        i = (total or {}).get("inputs") or {}
        gwp, use = i.get("gwp_total_kgco2e"), i.get("gwp_use_ratio")
        if not (isinstance(gwp, (int, float)) and isinstance(use, (int, float)) and use > 0):
            continue
        other = tec * life * median[vendor] / use
        for f in mine:
            share = _share(f)
            if share is None:
                continue
            a, b = sorted((gwp * share, other * share))
            lo, hi = f.get("low"), f.get("high")
            if lo is None or hi is None or lo > a * 1.001 or hi < b * 0.999:
                flags.append(
                    reasons.flag(
                        f["id"],
                        rule,
                        f"the sheet contradicts itself ({use_kg / (tec * life):.3f} kgCO2e/kWh "
                        f"against {vendor}'s median {median[vendor]:.3f}): its {f['basis']} value "
                        f"is {a:.0f} or {b:.0f} kgCO2e by which number is wrong; low/high must "
                        "cover both",
                    )
                )
    return flags


def generation(name: str) -> str | None:
    """The maker's generation of a server model, from its name (None: not stated)."""
    m = _GEN.search(name)
    if m:
        return " ".join(m.group(1).split()).lower()
    m = _DELL_MODEL.search(name)
    if m is None:
        return None
    # The C4100 family puts it third (C4130: 13th generation, C4140: 14th).
    letters, first, second, third = m.groups()
    digit = third if (letters.upper(), first, second) == ("C", "4", "1") else second
    return f"{digit}x"


def sibling_key(f: dict[str, Any], h: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """(maker, generation, basis, stated CPUs, GB, drives) of a PCF manufacturing value:
    the siblings ``pcf-sibling-spread`` compares and the importer's bounds reach
    (``importers/_pcf_siblings``); None for any other value."""
    i = f.get("inputs") or {}
    if (
        h is None
        or h.get("category") != "server"
        or f["kind"] != "embodied"
        or f.get("basis") not in ("manufacturing", "non-use")
        or f.get("rung") != "product-lca"
        or "pcf_drives" not in i
    ):
        return None
    gen = generation(str(h.get("name") or ""))
    if gen is None:
        return None
    specs = h.get("specs") or {}
    # the sheet's own count where a cited one corrects it (class SK): embodied values
    # are for the configuration the sheet states
    cpus = specs.get("sheet_cpu_count", specs.get("cpu_count"))
    return (h.get("vendor"), gen, f["basis"], cpus, specs.get("memory_gb"), i["pcf_drives"])


def sibling_flags(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``pcf-sibling-spread``: the larger of two same-maker, same-generation PCF
    manufacturing values more than ``SIBLING_RATIO`` apart at one stated configuration."""
    servers = {h["id"]: h for h in hardware if h.get("category") == "server"}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for f in factors:
        key = sibling_key(f, servers.get(f["subject"]))
        if key is not None:
            groups[key].append(f)
    rule = SERVER_RULES[3]
    flags = []
    for (vendor, gen, basis, cpus, mem, drives), fs in sorted(groups.items(), key=str):
        low = min(fs, key=lambda f: f["value"])
        for f in fs:
            if f["value"] > SIBLING_RATIO * low["value"]:
                flags.append(
                    reasons.flag(
                        f["id"],
                        rule,
                        f"{f['value']:g} kgCO2e {basis} is {f['value'] / low['value']:.1f}x "
                        f"{low['subject']}'s {low['value']:g}, a {vendor} sibling of the same "
                        f"generation ({gen}) with the same stated configuration ({cpus} CPU, "
                        f"{mem} GB, {drives}): explain the difference in a note",
                    )
                )
    return flags


def measured_sibling_flags(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``server-power-sibling-measured``: a server on the category default for power while
    a measured same-number sibling is on file (flagged on the hardware id)."""
    powered = {f["subject"] for f in factors if f["kind"] == "power" and not f.get("excluded")}
    rule = SERVER_RULES[4]
    return [
        reasons.flag(
            h["id"],
            rule,
            f"no power of its own (the server category default) while SPECpower_ssj2008 "
            f"measured its sibling(s) {', '.join(near)} at the same socket count: name the "
            "sibling in _pcf_specpower.SIBLINGS or say why not in a keep note",
        )
        for h in hardware
        if h.get("category") == "server"
        and h["id"] not in powered
        and (near := (h.get("specs") or {}).get("specpower_siblings"))
    ]


def gpu_server_flags(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``pcf-gpu-server-no-gpus``: a GPU-server model's PCF value without the note that its
    sheet names no GPU (class GX)."""
    gpu = {
        h["id"]
        for h in hardware
        if h.get("category") == "server"
        and GPU_SERVER.search(h.get("name") or "")
        and not (h.get("specs") or {}).get("accelerators")
    }
    rule = SERVER_RULES[5]
    return [
        reasons.flag(
            f["id"],
            rule,
            "a GPU-server model on a manufacturer PCF whose sheet names no GPU, without a "
            f"'{GPU_MARK}' note: say that the value excludes the accelerators "
            "(importers/_pcf_gpu.GPU_PLATFORMS, with the product page) or why not in a keep note",
        )
        for f in factors
        if f["subject"] in gpu
        and f.get("source") == "boavizta-pcf"
        and GPU_MARK not in (f.get("method") or "")
    ]


def default_power_flags(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``server-power-category-default``: a server with a manufacturer PCF on file but on
    the category median for power, that ``server-power-sibling-measured`` does not list
    (flagged on the hardware id). Systems summed from parts are screened elsewhere; nothing
    is checked without a server category default (a partial tree: no median to fall to)."""
    powered = {f["subject"] for f in factors if f["kind"] == "power" and not f.get("excluded")}
    if category_subject("server") not in powered:
        return []
    sheets = {f["subject"] for f in factors if f.get("source") == "boavizta-pcf"}
    rule = SERVER_RULES[6]
    return [
        reasons.flag(
            h["id"],
            rule,
            "no power of its own, so the server category median (2-socket bare-metal cloud "
            "hosts): name a same-maker, same-socket-count, same-CPU-class measured peer in "
            "_pcf_specpower.PEERS or say why the median fits in a keep note",
        )
        for h in hardware
        if h.get("category") == "server"
        and h["id"] in sheets
        and h["id"] not in powered
        and not (h.get("specs") or {}).get("specpower_siblings")
    ]
