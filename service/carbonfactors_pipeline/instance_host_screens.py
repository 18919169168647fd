"""Screens of instance hosts: managed-service variants and Mac hosts (audit 1796613359).

* ``instance-managed-vs-base`` (class V1): an AWS managed-service node (``cache.*``,
  ``db.*``, ``*.elasticsearch``, ``*.search``) whose EC2 base type is in the catalog with the
  same vCPUs runs on that type's hardware, so each of its power and embodied factors equals
  the base's factor of the same kind, year, basis and source (value and bounds). A variant
  value that differs, or that the base has no counterpart for, is flagged:
  ``cache.r6g.4xlarge`` had CCF's 2021 reading alone (422.1 kg, no bounds) while
  ``r6g.4xlarge`` had 350 [350..422.1]. The importer ties the pair
  (``importers/_managed_variants``); a flag here means the tie broke. A variant's Teads
  point may reach further, to its own Teads row (``inputs.own_teads_row_w``, audit
  1796655557 O2), and no further.
* ``instance-mac-rack-base`` (class MAC): an embodied value of an Apple Mac host
  (``mac1.metal``, ``mac2-m2pro.metal``, ``mac-m4.metal``) whose method rests on the CCF
  1,000 kgCO2e rack-server base (CCF's 2021 method, rule C3): a Mac mini is not a Dell
  R740. Such a value is excluded; the Mac basis (``importers/_mac_hosts``) stands.

* ``instance-whole-host-over-server`` (class WH, sys13 pass over instance embodied): a
  whole host's own embodied figure (not a share: instance vCPUs = host vCPUs) more than
  ``WHOLE_HOST_SLACK`` times a server built for that configuration alone by the CCF method
  with generous add-ons (``hardware_screens.own_server_kg``, the cap ``instance-over-host``
  holds shares to). CCF's 2026 AWS list gives every u-*tb1 host 45 t, the 6 TB host as the
  24 TB one: 3.7x such a server for u-6tb1 (12.3 t), five times the largest server LCA on
  file (Lenovo SR665, 9.2 t), while the 24 TB host's 45 t (1.19x) stays.

All exclude the flagged value unless a ``keep`` note in ``factors/screens.yaml`` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .instance_names import is_mac
from .instance_names import managed_base as base_type

MANAGED_RULE = "instance-managed-vs-base"
MAC_RULE = "instance-mac-rack-base"
WHOLE_HOST_RULE = "instance-whole-host-over-server"
RULES = (MANAGED_RULE, MAC_RULE, WHOLE_HOST_RULE)
#: How far a whole host's figure may exceed a generous own-configuration server: above
#: x2iedn.metal's 1.07x and ra3.16xlarge's 1.17x (CCF lists, plausible add-ons not on file).
WHOLE_HOST_SLACK = 1.25
#: What every method built on CCF's rack-server base says (CCF 2021 method, rule C3).
RACK_BASE_MARKS = ("1,000 kgCO2e base",)

Flagger = Callable[[str, str, str], None]
Factors = Mapping[str, list[dict[str, Any]]]


def _key(f: Mapping[str, Any]) -> tuple[str, int, str, str]:
    return (str(f["kind"]), int(f["year"]), str(f["basis"]), str(f["source"]))


def _reading(f: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return (f["value"], f.get("low"), f.get("high"))


def managed_flags(
    hardware: Iterable[Mapping[str, Any]], by_subject: Factors, flag: Flagger
) -> None:
    """Flag each managed variant's factor that is not its base type's (V1)."""
    vcpus = {
        str(h["id"]): (h.get("specs") or {}).get("vcpus")
        for h in hardware
        if h.get("category") == "cloud_instance"
    }
    for hid in sorted(vcpus):
        provider, t = hid.split(":", 1)
        found = base_type(t) if provider == "aws" else None
        if found is None:
            continue
        bid = f"aws:{found[0]}"
        if bid not in vcpus or vcpus[bid] != vcpus[hid]:
            continue
        theirs = {_key(f): f for f in by_subject.get(bid, ())}
        for f in by_subject.get(hid, ()):
            other = theirs.get(_key(f))
            if other is None:
                flag(f["id"], MANAGED_RULE, f"its EC2 base type {bid} has no {_key(f)} value")
            elif _reading(f) != _own_row_reading(other, f):
                flag(
                    f["id"],
                    MANAGED_RULE,
                    f"{_reading(f)} (value, low, high) differs from its EC2 base type's "
                    f"{_reading(other)} ({other['id']}): same hardware, different answers",
                )


def _own_row_reading(base: Mapping[str, Any], f: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    """The base's reading, its bounds widened to the variant's own Teads row if it has one."""
    own = (f.get("inputs") or {}).get("own_teads_row_w")
    if not isinstance(own, (int, float)):
        return _reading(base)
    v = base["value"]
    lo = v if base.get("low") is None else base["low"]
    hi = v if base.get("high") is None else base["high"]
    return (v, round(min(lo, own), 3), round(max(hi, own), 3))


def mac_flags(by_subject: Factors, flag: Flagger) -> None:
    """Flag each Mac host embodied value built on the rack-server base (MAC)."""
    for subject, fs in sorted(by_subject.items()):
        provider, _, t = subject.partition(":")
        if not t or not is_mac(t):
            continue
        for f in fs:
            method = str(f.get("method") or "")
            if f["kind"] == "embodied" and any(m in method for m in RACK_BASE_MARKS):
                flag(
                    f["id"],
                    MAC_RULE,
                    f"{f['value']:g} kgCO2e for a {provider} Mac host on CCF's 1,000 kg "
                    "rack-server base (Dell R740 LCA): a Mac mini or Mac Studio is not a rack server",
                )


def whole_host_over_server(f: Mapping[str, Any], cap: float, flag: Flagger) -> None:
    """``instance-whole-host-over-server`` on one whole-host embodied figure (class WH)."""
    if f["value"] > WHOLE_HOST_SLACK * cap:
        flag(
            str(f["id"]),
            WHOLE_HOST_RULE,
            f"{f['value']:g} kgCO2e for a whole host is {f['value'] / cap:.2f}x a server built "
            f"for this configuration alone ({cap:.0f} kgCO2e by the CCF method, generous "
            "add-ons): the list's figure is another host's (rule C3 sizes this one)",
        )
