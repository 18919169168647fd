"""Hardware threads of ONE chip of the CPUs cloud instance families name (audit 1796647084,
class HV, part c #42).

Why: a host holds at least one whole chip, so a host inferred as a family's largest size
(rule C3, or a list's platform total over that size) cannot have fewer vCPUs than one chip
has threads. The first HV fix read chip sizes only from CCF's AWS CPU list, so Scaleway
COPARM1 (largest size 32 vCPUs, on the 128-core Ampere Altra Max M128-30) was charged a
quarter of a server per 8 vCPUs where the chip gives a sixteenth. Each entry is a fact
read from a file on file, a relay said as such:

* ``CCF_PER_SOCKET``: ccf-coefficients ``data/aws-instances-cpus.csv``, column "Total
  Number of vCPU per socket" (Apache-2.0; CCF's relay of AWS platform data).
* ``CITED_CHIPS``: CPUs outside that list. Ampere parts: SPECpower_ssj2008 results as
  extracted by CCF (``ccf-coefficients`` ``data/SPECpower-2026-03-09.csv``, columns
  "# Cores Per Chip" and "# Threads Per Core"; a secondary relay of SPEC's published
  results); AMD EPYC parts: AMD's product table as scraped by CodeCarbon
  (``codecarbon-cpu-power``, ``cpu_dataset_builder/amd_cpu_server_dataset.csv``, "# of
  Threads"; a secondary relay of AMD's pages, MIT).

Not tabled, with no file on file giving their size: AWS Graviton3/3E/4 (no Graviton3/4
family on file tops out below a metal size that lists the whole host), Google Axion,
Azure Cobalt 100 and Alibaba Yitian 710 (no type of the catalog names them), and custom
cloud parts (EPYC 7R13/9R14/7V12, "7763v", Xeon 8xxxC), which no public table lists.
"""

from __future__ import annotations

import re

#: ccf-coefficients data/aws-instances-cpus.csv: vCPUs (threads) per socket.
CCF_PER_SOCKET: dict[str, float] = {
    "Xeon E5-2666 v3": 20.0,
    "Xeon E5-2676 v3": 24.0,
    "Xeon E5-2686 v4": 36.0,
    "Xeon E5-2650": 16.0,
    "Xeon E5-2665": 16.0,
    "Xeon E5-2670": 16.0,
    "Xeon E5-2651 v2": 24.0,
    "Xeon E5-2670 v2": 20.0,
    "Xeon E5-2680 v2": 20.0,
    "Xeon E7-8880 v3": 32.0,
    "Xeon Platinum 8124M": 36.0,
    "Xeon Platinum 8151": 24.0,
    "Xeon Platinum 8175M": 48.0,
    "Xeon Platinum 8176M": 56.0,
    "Xeon Platinum 8252C": 24.0,
    "Xeon Platinum 8259CL": 48.0,
    "Xeon Platinum 8275CL": 48.0,
    "Xeon Platinum 8375C": 64.0,
    "EPYC 7571": 48.0,
    "EPYC 7R32": 96.0,
    "Graviton": 16.0,
    "Graviton2": 64.0,
}
CCF_CPU_LIST = "ccf-coefficients data/aws-instances-cpus.csv"
SPEC_ON_FILE = "ccf-coefficients data/SPECpower-2026-03-09.csv (SPECpower_ssj2008, secondary)"
AMD_ON_FILE = "codecarbon-cpu-power amd_cpu_server_dataset.csv (AMD product data, secondary)"

#: CPU name -> (threads of one chip, where it is read, the row that says it).
CITED_CHIPS: dict[str, tuple[float, str, str]] = {
    "Altra Max M128-30": (
        128.0,
        SPEC_ON_FILE,
        "GIGABYTE R152-P31: 1 chip, 128 cores/chip, 1 thread/core",
    ),
    "Altra Q80-30": (80.0, SPEC_ON_FILE, "AnyStor-700EC-NM: 1 chip, 80 cores/chip, 1 thread/core"),
    "Altra Q64-30": (64.0, SPEC_ON_FILE, "AnyStor-700EC: 1 chip, 64 cores/chip, 1 thread/core"),
    "EPYC 7543": (64.0, AMD_ON_FILE, "AMD EPYC 7543: 32 cores, 64 threads"),
    "EPYC 7413": (48.0, AMD_ON_FILE, "AMD EPYC 7413: 24 cores, 48 threads"),
    "EPYC 7401P": (48.0, AMD_ON_FILE, "AMD EPYC 7401P: 24 cores, 48 threads"),
    "EPYC 7281": (32.0, AMD_ON_FILE, "AMD EPYC 7281: 16 cores, 32 threads"),
    "EPYC 9334": (64.0, AMD_ON_FILE, "AMD EPYC 9334: 32 cores, 64 threads"),
    # Azure DCsv2 (Microsoft Learn dcv2-series page: "Intel XEON E-2288G"), audit 1796674267 HA
    "Xeon E-2288G": (
        16.0,
        SPEC_ON_FILE,
        "FUJITSU PRIMERGY RX1330 M4: 1 chip, 8 cores/chip, 2 threads/core",
    ),
}
#: ccf-coefficients data/aws-instances-cpus.csv, "Platform Number of CPU Socket(s)" where
#: it is not 2; a CITED_CHIPS part every result on file measures as one chip whose line is
#: one-socket (``SINGLE_SOCKET``) is one chip too. Any other cited part: sockets unknown.
CCF_SOCKETS: dict[str, float] = {
    "Xeon E7-8880 v3": 4.0,
    "Xeon Platinum 8176M": 8.0,
    "EPYC 7R32": 1.0,
    "Graviton": 1.0,
    "Graviton2": 1.0,
}
#: Xeon E-2288G: all three SPECpower results on file (rows 258, 297, 303) are 1-chip
#: servers, and the Xeon E-2200 line is a one-socket part (the auditors' reading, HA).
SINGLE_SOCKET = frozenset({"Xeon E-2288G"})


def _named(cpu: str, names: list[str]) -> str | None:
    """The longest table name the CPU string holds as a whole word (Graviton2, not Graviton;
    "EPYC 7763v" is not "EPYC 7763")."""
    found = [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", cpu, re.I)]
    return max(found, key=len) if found else None


def host_chips(cpu: str) -> tuple[float, bool, str] | None:
    """(threads of the smallest host of whole chips, whether its socket count is on file,
    its citation) for a CPU name, or None (audit 1796674267, class HA): CCF's AWS list
    gives the platform's sockets; a one-socket part is one chip; any other cited part is
    taken as one chip with its socket count unknown (a bound, not a fact)."""
    name = _named(cpu or "", [*CITED_CHIPS, *CCF_PER_SOCKET])
    chip = one_chip(cpu)
    if name is None or chip is None:
        return None
    if name in CCF_PER_SOCKET:
        sockets = CCF_SOCKETS.get(name, 2.0)
        return chip[0] * sockets, True, f"{CCF_CPU_LIST}: {name}, {sockets:g} socket(s)"
    return chip[0], name in SINGLE_SOCKET, chip[1]


def one_chip(cpu: str) -> tuple[float, str] | None:
    """(threads of one chip, its citation) for a CPU name, or None when not on file."""
    name = _named(cpu or "", [*CITED_CHIPS, *CCF_PER_SOCKET])
    if name is None:
        return None
    if name in CITED_CHIPS:
        threads, where, row = CITED_CHIPS[name]
        return threads, f"{where}: {row}"
    return CCF_PER_SOCKET[name], f"{CCF_CPU_LIST}: {name}, {CCF_PER_SOCKET[name]:g} per socket"
