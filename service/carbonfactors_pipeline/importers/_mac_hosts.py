"""Embodied carbon of Mac instance hosts on a Mac basis, not a rack server's (class MAC).

AWS's ``mac*.metal`` types are whole Apple desktops (the CPU CCF's 2026 list names for each:
Intel Core i7-8700B, Apple M1, M2, M2 Pro, M4, M1 Ultra). Rule C3 and CCF's 2021 method
valued them from a 1,000 kgCO2e rack-server base (a Dell R740 LCA): ``mac2-m2pro.metal``
came to 1,022 [575..1,610] kg while the same CCF list values ``mac1.metal`` and
``mac2.metal`` at 440 and 410 kg per host, and Apple's own Product Environmental Reports
(relayed by Boavizta, ``boavizta-pcf``) put a whole Mac mini's life cycle at 112-172 kg
(audit 1796613359, class MAC, #43).

Each Mac type gets one embodied value on this basis (``mac_embodied``):

* central: CCF's 2026 list reading of the type's own host where it lists one, else its
  reading of the Apple-silicon Mac mini host (``mac2.metal``, 410 kg). A Mac Studio host
  (M1 Ultra) is that reading scaled by Apple's own manufacturing figures, Mac Studio (M1 Max)
  / Mac mini (M1): the two reports on file for the two designs;
* low: Apple's manufacturing figure (whole life cycle x the report's manufacturing share)
  for the same model where its report is on file, else the lowest Mac mini report on file,
  said to be another model's;
* high: CCF's highest Mac host reading (``mac1.metal``, 440 kg), scaled as the central.

CCF's readings are 3-6x Apple's figures and no source explains the gap, so the bounds are
wide on purpose. The screen ``instance-mac-rack-base`` (``instance_host_screens``) excludes
any Mac host value that rests on the rack-server base.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from ..instance_names import is_mac
from ._cloud_records import Host, Instance

__all__ = ["HOSTS", "is_mac", "mac_embodied", "read_reports"]
from ._common import number, read_csv, rounded

PER_FILE = Path("boavizta-environmental-footprint-data") / "boavizta-data-us.csv"
PER_SOURCE = "boavizta-pcf"
CCF = "ccf-coefficients"
DERIVED = "carbonfactors-derived"
YEAR = 2026
#: CCF's 2026-list host whose reading stands for an unlisted Apple-silicon Mac.
MINI_HOST = "mac2.metal"

#: Apple reports on file (Boavizta row name) -> the model they describe.
REPORTS = {
    "Mac mini (M1 2020) with 256GB": "Mac mini (M1, 2020)",
    "Mac mini with M2 with 256GB": "Mac mini (M2, 2023)",
    "Mac Studio with Apple M1 Max 32GB memory and 512GB": "Mac Studio (M1 Max, 2022)",
}
MINI_M1 = "Mac mini (M1 2020) with 256GB"
STUDIO = "Mac Studio with Apple M1 Max 32GB memory and 512GB"


@dataclass(frozen=True)
class MacHost:
    """What a Mac instance runs on, by the chip CCF's list names for it."""

    model: str
    #: The Boavizta row of the same model's Apple report, when one is on file.
    report: str | None
    studio: bool = False


#: AWS Mac types -> host model (by the chip CCF's 2026 list names for each).
HOSTS = {
    "mac1.metal": MacHost("Mac mini (2018, Intel Core i7-8700B)", None),
    "mac2.metal": MacHost("Mac mini (M1)", MINI_M1),
    "mac2-m2.metal": MacHost("Mac mini (M2)", "Mac mini with M2 with 256GB"),
    "mac2-m2pro.metal": MacHost("Mac mini (M2 Pro)", None),
    "mac-m4.metal": MacHost("Mac mini (M4)", None),
    "mac-m4pro.metal": MacHost("Mac mini (M4 Pro)", None),
    "mac2-m1ultra.metal": MacHost("Mac Studio (M1 Ultra)", None, studio=True),
}


def read_reports(sources: Path) -> dict[str, tuple[float, float, float, str]]:
    """Apple reports on file: row name -> (life-cycle kg, manufacturing share, kg, date)."""
    out = {}
    for r in read_csv(sources / PER_FILE):
        if r["name"] in REPORTS:
            total, share = number(r["gwp_total"]), number(r["gwp_manufacturing_ratio"])
            if total and share:
                out[r["name"]] = (total, share, total * share, r["report_date"])
    return out


def _listed(instances: dict[str, Instance]) -> dict[str, Host]:
    """CCF 2026 list readings of whole Mac hosts (instance vCPUs = host vCPUs)."""
    out = {}
    for t in HOSTS:
        inst = instances.get(f"aws:{t}")
        for h in inst.hosts if inst else ():
            if h.source == "ccf-2026" and h.instance_vcpus == h.platform_vcpus:
                out[t] = h
    return out


def mac_embodied(
    inst: Instance,
    instances: dict[str, Instance],
    reports: dict[str, tuple[float, float, float, str]],
) -> list[dict[str, Any]]:
    """The embodied factor of a Mac host on the Mac basis (module docstring); [] if unknown."""
    host = HOSTS.get(inst.type.lower())
    listed = _listed(instances)
    if host is None or MINI_HOST not in listed or MINI_M1 not in reports or not listed:
        return []
    own = listed.get(inst.type.lower())
    top_t = max(listed, key=lambda t: listed[t].kgco2e)
    scale, why = 1.0, ""
    if host.studio and STUDIO in reports:
        scale = reports[STUDIO][2] / reports[MINI_M1][2]
        why = (
            f" A Mac Studio host: CCF lists none, so its Mac mini reading is scaled by Apple's "
            f"manufacturing figures, Mac Studio (M1 Max) {reports[STUDIO][2]:.2f} / Mac mini (M1) "
            f"{reports[MINI_M1][2]:.2f} kg = {scale:.3f} (the M1 Ultra's own report is not on "
            "file: two M1 Max dies, so the value may sit low)."
        )
    base = own or listed[MINI_HOST]
    value = base.kgco2e * scale
    high = max(value, listed[top_t].kgco2e * scale)
    if host.report in reports:
        total, share, low, date = reports[host.report]
        low_note = (
            f"Apple's Product Environmental Report for the {REPORTS[host.report]} ({date}; "
            f"relayed by Boavizta, secondary): {total:g} kg for the life cycle x {share:g} "
            f"manufacturing = {low:.2f} kg"
        )
    else:
        ref = (
            STUDIO
            if host.studio
            else min((r for r in reports if r != STUDIO), key=lambda r: reports[r][2])
        )
        total, share, low, date = reports[ref]
        low_note = (
            f"no Apple report of the {host.model} is on file; the lowest of its design on file, "
            f"Apple's report for the {REPORTS[ref]} ({date}; relayed by Boavizta, secondary), "
            f"another model: {total:g} kg x {share:g} manufacturing = {low:.2f} kg"
        )
    src = CCF if own and scale == 1.0 else DERIVED
    central = (
        f"CCF's 2026 AWS list reading of this host ({base.kgco2e:,.0f} kg, a whole {host.model})"
        if own
        else f"CCF's 2026 AWS list reading of the Apple-silicon Mac mini host ({MINI_HOST}, "
        f"{base.kgco2e:,.0f} kg): the list gives this type none"
    )
    method = (
        f"Mac host basis (class MAC): the instance is a whole {host.model}, never a rack "
        f"server (CCF's 1,000 kg Dell R740 base is not used). Central: {central}.{why} Low: "
        f"{low_note}. High: CCF's highest Mac host reading ({top_t}, {listed[top_t].kgco2e:,.0f} "
        f"kg{'' if scale == 1.0 else f' x {scale:.3f}'}). CCF's readings stand 3-6x above "
        "Apple's own figures and neither says why, so the bounds are wide."
    )
    sources = sorted({CCF, PER_SOURCE, *base.rests_on})
    return [
        {
            "id": factor_id("embodied", inst.id, YEAR, src, "manufacturing"),
            "kind": "embodied",
            "subject": inst.id,
            "year": YEAR,
            "value": rounded(value, 3),
            "unit": "kgCO2e",
            "low": rounded(min(low, value), 3),
            "high": rounded(high, 3),
            "basis": "manufacturing",
            "source": src,
            "method": method,
            "inputs": {
                "host_model": host.model,
                "ccf_host_kgco2e": rounded(base.kgco2e, 3),
                "apple_manufacturing_kgco2e": rounded(low, 3),
                "scale": rounded(scale, 4),
            },
            "derived_from": {"factors": [], "sources": [s for s in sources if s != src]},
        }
    ]
