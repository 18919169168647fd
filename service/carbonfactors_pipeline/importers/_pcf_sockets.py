"""Socket counts of the servers on manufacturer PCF sheets (``boavizta_pcf``).

A sheet's ``number_cpu`` picks what a server is compared with: its own SPECpower_ssj2008
results at that count, its CPU class (``_pcf_mean_bounds.CLASS_OF``), its measured
siblings and the same-socket servers of its generation in the screens. Where the row's
count contradicts the model (audit 1796630035 classes PM2 and SK: the R330's row states 2
CPUs for a single-socket server; HPE's auto-parsed rows state 1 CPU for the 2-socket
DL380 Gen10 and the 4-socket DL580 Gen10), ``SOCKETS`` corrects it with its evidence.

The correction feeds only the comparisons (classing, bounds, screens): the sheet's
embodied and energy figures are for the configuration the sheet describes and are never
rescaled by it, which every corrected value's method note says (``socket_note``).

Evidence, best first: a SPECpower_ssj2008 result of the same model (its "Chips" column;
ccf-coefficients data/SPECpower-2026-03-09.csv, primary); Dell's model-number rule
(``dell_sockets``) as relayed, secondary, by cylab.be's "DELL Servers Generations
Cheatsheet" (CC BY-SA 4.0) and Wikipedia's "Dell PowerEdge" article.
"""

from __future__ import annotations

import re

from ._common import number

__all__ = ["SOCKETS", "dell_sockets", "sheet_sockets", "socket_note"]

_SPEC = "ccf-coefficients data/SPECpower-2026-03-09.csv"
_DELL_RULE = (
    "Dell's model-number rule as relayed (secondary) by cylab.be's 'DELL Servers Generations "
    "Cheatsheet' (CC BY-SA 4.0): in a 4-digit PowerEdge number the third digit is the "
    "number of CPUs, and the last digit 5 marks AMD"
)
_HPE = (
    "the {model} is a {n}-socket server: every SPECpower_ssj2008 result of the model on file "
    "has {n} chips ({results}; {spec}, primary); the Boavizta row's number_cpu {row} came from "
    "its HPE auto-parser, which states 1 CPU on every HPE row but the DL385 Gen10's, so it "
    "is not read as the model's socket count; whether the sheet's configuration populates "
    "fewer sockets is not stated"
)

#: Sheets whose ``number_cpu`` contradicts the model: hardware id -> (sockets, why).
SOCKETS: dict[str, tuple[int, str]] = {
    "dell-poweredge-r330": (
        1,
        "the R330 is Dell's 13th-generation single-socket Xeon E3-1200 v5/v6 1U server (first "
        "model digit 3: one socket, Dell's PowerEdge naming as relayed by Wikipedia's 'Dell "
        "PowerEdge' and Renewtech's naming guide, secondary); the Boavizta row's number_cpu "
        "2 is corrected to 1 in the hardware record (audit 1796630035 #59, class PM2)",
    ),
    "dell-poweredge-r6415": (
        1,
        f"the R6415 is Dell's 14th-generation single-socket AMD EPYC 7001 1U server (third "
        f"digit 1: one CPU; {_DELL_RULE}); the Boavizta row's number_cpu 2 is corrected to 1 "
        "(audit 1796630035 class SK)",
    ),
    "dell-poweredge-r7415": (
        1,
        f"the R7415 is Dell's 14th-generation single-socket AMD EPYC 7001 2U server (third "
        f"digit 1: one CPU, against the 2-socket R7425's 2; {_DELL_RULE}); the Boavizta "
        "row's number_cpu 2 is corrected to 1 (audit 1796630035 class SK)",
    ),
    "dell-poweredge-r940xa": (
        4,
        "the R940xa is Dell's 14th-generation 4-socket Xeon Scalable GPU server (series 9: "
        "four sockets, Dell's naming as relayed by cylab.be's cheatsheet, CC BY-SA 4.0, "
        "secondary; 'quad socket, 1:1 CPU-to-GPU' in Express Computer Systems' R940xa review, "
        "secondary); the Boavizta row's number_cpu 1 is corrected to 4 (audit 1796630035 "
        "class SK)",
    ),
    "hpe-proliant-dl380-gen10": (
        2,
        _HPE.format(
            model="DL380 Gen10", n=2, results="1 result, 2 x Xeon Platinum 8180", spec=_SPEC, row=1
        )
        + " (audit 1796630035 class SK)",
    ),
    "hpe-proliant-dl580-gen10": (
        4,
        _HPE.format(
            model="DL580 Gen10",
            n=4,
            results="3 results, 4 x Xeon Platinum 8180/8280",
            spec=_SPEC,
            row=1,
        )
        + " (audit 1796630035 class SK)",
    ),
    "hpe-proliant-dl365-gen10-plus": (
        2,
        _HPE.format(
            model="DL365 Gen10 Plus", n=2, results="1 result, 2 x EPYC 7713", spec=_SPEC, row=1
        )
        + "; its 1-socket sibling is the DL345 Gen10 Plus, measured with 1 chip (audit "
        "1796630035 class SK)",
    ),
}

#: A Dell PowerEdge rack, tower, blade or FX sled model number ("R6415", "T430", "FC830").
_DELL = re.compile(r"\bPowerEdge (?:R|T|M|FC)(\d{3,4})", re.IGNORECASE)


def dell_sockets(name: str) -> frozenset[int] | None:
    """The socket counts Dell's model-number rule allows for a PowerEdge name (None: not a
    rack, tower, blade or FX model). Four digits: the third is the CPU count; three: the
    first digit gives the series (1-3 one socket, 4-7 two, 8 two or four, 9 four)."""
    m = _DELL.search(name)
    if m is None:
        return None
    digits = m.group(1)
    if len(digits) == 4:
        return frozenset({int(digits[2])}) if digits[2] in "124" else None
    series = int(digits[0])
    if 1 <= series <= 3:
        return frozenset({1})
    if 4 <= series <= 7:
        return frozenset({2})
    return frozenset({2, 4}) if series == 8 else frozenset({4}) if series == 9 else None


def sheet_sockets(hid: str, row: dict[str, str]) -> float | None:
    """The server's socket count: ``SOCKETS``'s correction, else the sheet's number_cpu."""
    return float(SOCKETS[hid][0]) if hid in SOCKETS else number(row["number_cpu"])


def socket_note(hid: str, row: dict[str, str]) -> str:
    """The method sentence of a corrected server ('' when the row's count stands)."""
    if hid not in SOCKETS:
        return ""
    n, why = SOCKETS[hid]
    said = number(row["number_cpu"])
    return (
        f" Sockets: {n}, not the row's {said:g}: {why}. The corrected count only picks what "
        "the server is compared with (its SPECpower results, CPU class, bounds and screens); "
        "the sheet's embodied and energy figures are for the configuration it describes and "
        "are not rescaled."
        if said is not None
        else f" Sockets: {n} (the row states none): {why}."
    )
