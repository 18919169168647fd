"""Screen for server power taken as a manufacturer PCF's yearly mean (audit 1796606525 PM).

A PCF's ``average`` power (inputs ``yearly_tec_kwh``) is its yearly energy / 8,760 h, a
mean under a usage profile the data does not state. Dell's R340 showed 112.7 W, with no
bound and no caveat, while its 1-socket 14th-generation sibling R240 was measured at
93.1 W at full load (20 W idle); the T330 showed 98 W against 51-56 W for every measured
1-socket Xeon E3-1230 v6 server. Rule ``pcf-mean-above-full-load`` (listed for review, a
validator problem until fixed or a ``keep`` note in ``factors/screens.yaml`` says why):

* a PCF average without the yearly-mean caveat (``MEAN_MARK``; O3), or
* a server's PCF average above the full load its class was measured at, whose low bound
  does not reach down to that full load. The full load is the one recorded on the factor
  (``inputs.specpower_full_load_w``: its own model's, its CPU class's or its chassis's
  results, ``importers/_pcf_mean_bounds``) or else the highest one recorded for a server
  of the same maker, generation (``server_screens.generation``) and socket count
  (``specs.cpu_count``), so a sibling the importer does not yet bound is still caught;
* a PCF average with no bounds at all in a maker generation whose servers the importer
  bounds by their CPU class (``inputs.specpower_class_results``: ``CLASS_OF``), whatever
  its sheet's socket count (audit 1796630035 class PM2: the R330's row states 2 CPUs for a
  single-socket server, so the same-socket comparison above missed it): bound it from its
  class or measured siblings, correct a wrong socket count with a citation, or keep it
  with a note saying why nothing on file bounds it;
* a PCF average above the full load recorded on it whose method does not say so
  (``ABOVE_MARK``; audit 1796655557 O9: the R240's 112 W mean over its 93.1 W full load
  said only that "the range covers an idle and a fully loaded server").
"""

from __future__ import annotations

from typing import Any

from .screens import Flag, Reasons
from .server_screens import generation

RULE = "pcf-mean-above-full-load"
#: Words of the caveat every PCF average carries (``importers/_pcf_specpower.MEAN_CAVEAT``).
MEAN_MARK = "yearly mean under its usage profile"
#: Words a mean above its recorded full load says it with (``importers/_pcf_specpower``,
#: ``importers/_pcf_mean_bounds``; audit 1796655557 O9).
ABOVE_MARK = "The mean lies ABOVE"

Key = tuple[str, str, Any]


def _pcf_mean(f: dict[str, Any]) -> bool:
    return (
        f["kind"] == "power"
        and f.get("basis") == "average"
        and "yearly_tec_kwh" in (f.get("inputs") or {})
    )


def _measured(f: dict[str, Any]) -> float | None:
    """The full load a server power factor records: a PCF mean's SPECpower input, or a
    ``max`` power (SPECpower's 100 % load standing in for a sheet without energy)."""
    full = (f.get("inputs") or {}).get("specpower_full_load_w")
    if isinstance(full, (int, float)):
        return float(full)
    if f["kind"] == "power" and f.get("basis") == "max" and not f.get("excluded"):
        return float(f["value"])
    return None


def screen_pcf_means(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``pcf-mean-above-full-load``: PCF averages without the caveat, or above their own or
    their class's measured full load with no low bound reaching it."""
    klass: dict[str, Key] = {}
    for h in hardware:
        if h.get("category") == "server" and (gen := generation(h.get("name") or "")):
            klass[h["id"]] = (
                str(h.get("vendor") or ""),
                gen,
                (h.get("specs") or {}).get("cpu_count"),
            )
    top: dict[Key, tuple[float, str]] = {}
    for f in factors:
        key = klass.get(f["subject"])
        full = _measured(f) if f["kind"] == "power" else None
        if key is not None and full is not None and full > top.get(key, (0.0, ""))[0]:
            top[key] = (full, f["subject"])
    covered = {
        klass[f["subject"]][:2]
        for f in factors
        if f["subject"] in klass and "specpower_class_results" in (f.get("inputs") or {})
    }
    flags: list[Flag] = []
    for f in factors:
        if not _pcf_mean(f):
            continue
        fam = klass.get(f["subject"], ("", "", None))[:2]
        if fam in covered and f.get("low") is None and f.get("high") is None:
            flags.append(
                reasons.flag(
                    f["id"],
                    RULE,
                    f"{f['value']:g} W yearly mean has no bounds while {fam[0]}'s generation "
                    f"{fam[1]} servers are bounded by their CPU class: name its class "
                    "(importers/_pcf_mean_bounds.CLASS_OF, correcting a wrong socket count in "
                    "SOCKETS) or measured siblings (MEAN_SIBLINGS), or say why nothing on "
                    "file bounds it in a keep note",
                )
            )
            continue
        if MEAN_MARK not in (f.get("method") or ""):
            flags.append(
                reasons.flag(
                    f["id"],
                    RULE,
                    "a PCF yearly mean without the caveat that it is a mean under the sheet's "
                    "unstated usage profile, not scaled by utilization",
                )
            )
        own = (f.get("inputs") or {}).get("specpower_full_load_w")
        full, whose = (float(own), "its recorded SPECpower") if own else (None, "")
        if full is None and (key := klass.get(f["subject"])) in top:
            full, sib = top[key]
            whose = f"{sib}'s (same maker, generation {key[1]}, {key[2]} socket(s))"
        low = f.get("low")
        if full is not None and f["value"] > full and (low is None or low > full):
            flags.append(
                reasons.flag(
                    f["id"],
                    RULE,
                    f"{f['value']:g} W yearly mean is above {whose} full load of {full:g} W "
                    "and no low bound reaches it: bound it from the measured sibling or CPU "
                    "class (importers/_pcf_mean_bounds.CLASS_OF) or say why not in a keep note",
                )
            )
        elif own and f["value"] > float(own) and ABOVE_MARK not in (f.get("method") or ""):
            flags.append(  # audit 1796655557 O9: bounded, but the note did not say it
                reasons.flag(
                    f["id"],
                    RULE,
                    f"{f['value']:g} W yearly mean is above its recorded full load of "
                    f"{float(own):g} W and its method does not say so ('{ABOVE_MARK} …'; "
                    "importers/_pcf_specpower.load_bounds)",
                )
            )
    return flags
