"""Screen of a server's socket count against the evidence on file (audit 1796630035 class SK).

A PCF sheet's CPU count picks what its server is compared with (its SPECpower results at
that count, its CPU class, the same-socket servers of its generation), so a wrong count
compares it with the wrong class: the R330's row states 2 CPUs for a single-socket server
(class PM2), HPE's auto-parsed rows state 1 for the 2-socket DL380 Gen10 and the 4-socket
DL580 Gen10. ``server-socket-count`` lists a server whose ``specs.cpu_count`` disagrees

* with every SPECpower_ssj2008 result of the same model (``specs.specpower_chips``, the
  chips of its single-server results, written by ``importers/boavizta_pcf``), or else
* with Dell's model-number rule (``importers/_pcf_sockets.dell_sockets``),

flagged on the hardware id: a problem until the count is corrected with its evidence
(``importers/_pcf_sockets.SOCKETS``) or a keep note in ``factors/screens.yaml`` says why
the sheet's count stands (a 4-socket server whose sheet describes two CPUs, a chassis
result that is no server's count).
"""

from __future__ import annotations

from typing import Any

from .importers._pcf_sockets import dell_sockets
from .screens import Flag, Reasons

RULE = "server-socket-count"


def _evidence(h: dict[str, Any]) -> tuple[list[int], str] | None:
    """The socket counts on file for a server and what says so (None: nothing on file)."""
    specs = h.get("specs") or {}
    chips = specs.get("specpower_chips")
    if chips:
        return [int(c) for c in chips], "its SPECpower_ssj2008 result(s) of the same model"
    if (h.get("vendor") or "").lower().startswith("dell"):
        allowed = dell_sockets(h.get("name") or "")
        if allowed:
            return sorted(allowed), "Dell's model-number rule"
    return None


def screen_sockets(hardware: list[dict[str, Any]], reasons: Reasons) -> list[Flag]:
    """``server-socket-count``: a server whose stated socket count none of the evidence on
    file allows."""
    flags: list[Flag] = []
    for h in hardware:
        n = (h.get("specs") or {}).get("cpu_count")
        found = _evidence(h) if h.get("category") == "server" and n else None
        if found is None or n in found[0]:
            continue
        counts, what = found
        flags.append(
            reasons.flag(
                h["id"],
                RULE,
                f"cpu_count {n} while {what} give(s) {' or '.join(map(str, counts))} socket(s): "
                "correct it with its evidence (importers/_pcf_sockets.SOCKETS) so the server "
                "is compared with its own class, or say why the sheet's count stands in a "
                "keep note",
            )
        )
    return flags
