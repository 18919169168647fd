"""CPU screens of audit 1796672257: a maker-dated part filed undated (CP), a sibling's TDP (ST).

* ``cpu-undated-but-dated`` (class CP, #47 Xeon Phi 5110P): a CPU filed without a release
  year whose name, once the maker's product words are dropped ("Processor", "Coprocessor",
  the ® / ™ marks), is a dated row of Intel's ARK extract or AMD's product tables on file.
  The 14 Knights Corner cards stood "Release year not in the sources" while ARK's
  "Intel Xeon Phi Coprocessor 5110P" row dates the 5110P Q4'12: the catalog id dropped
  "Processor" only. A part ARK names a "Coprocessor" that is not marked a PCIe coprocessor
  card (``specs.form_factor``) fails too: its embodied value would be a host CPU's, unsaid.
  The keys are made here, not with the importer's ``cpu_id``, so a regression there shows.
  Like ``cpu_vendor_screens``, the tables are read beside the repository's own tree; a
  fixture tree passes its own rows.
* ``cpu-tdp-sibling-step`` (class ST, #48 Pentium D 820; listed for review, never a
  problem): CodeCarbon gave the 2.8 GHz Pentium D 820 its faster siblings' 130 W although
  Intel rated it 95 W. No screen finds a lone wrong figure, but this shape is visible on
  file: a part with one reading whose TDP equals a faster sibling's (higher-numbered, same
  generation digits and suffix), while a second list (eco2ai, or a bound) gives that
  faster sibling a lower TDP (Pentium D 830: CodeCarbon 130 W, eco2ai 95 W).
  A value ``factors/corrections.yaml`` fixes is not listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .cpu_screens import CORRECTED
from .grid_screens import GridFlag
from .upstream_sources import REPO, SOURCES

UNDATED_RULE = "cpu-undated-but-dated"
STEP_RULE = "cpu-tdp-sibling-step"
RULES = (UNDATED_RULE, STEP_RULE)
_BUILDER = "codecarbon/hardware/cpu_dataset_builder"
#: (table, name column, date column) of the maker tables on file.
TABLES = (
    ("intel_cpu_ark_dataset.csv", "cpu_name", "launch_date"),
    ("amd_cpu_server_dataset.csv", "Name", "Launch Date"),
    ("amd_cpu_desktop_dataset.csv", "Name", "Launch Date"),
)
#: The maker's product words and marks, dropped before names are compared.
_PRODUCT = frozenset({"processor", "coprocessor"})
_MARKS = re.compile(r"\((?:r|tm|c)\)|®|™", re.IGNORECASE)
_WORDS = re.compile(r"[^a-z0-9]+")
#: A model number at the end of an id: series prefix, generation digits (all but the last
#: two: Pentium D 8xx, Xeon W-21xx), the last two digits, suffix letters.
_NUMBER = re.compile(r"^(.*-)(\d{1,2})(\d{2})([a-z]*)(?:-[a-z]+)?$")

Problem = tuple[str, str]
Dated = Mapping[str, tuple[str, int, bool]]  # key -> (row name, year, "Coprocessor")


def name_key(name: str) -> str:
    """A maker row's name as a catalog id would spell it, product words dropped."""
    words = [w for w in _WORDS.split(_MARKS.sub(" ", name.lower())) if w and w not in _PRODUCT]
    if words and words[0] not in ("intel", "amd"):
        words.insert(0, "amd")  # AMD's tables omit the vendor on some rows
    return "-".join(words)


def maker_dates(root: Path, sources: Path | None = None) -> dict[str, tuple[str, int, bool]]:
    """``{key: (row name, launch year, named Coprocessor)}`` from the maker tables when
    ``root`` is the repository's factors tree or ``sources`` is given; {} otherwise."""
    from .importers._common import read_csv
    from .importers._cpu_dates import launch_year

    if sources is None:
        if root.resolve() != (REPO / "factors").resolve() or not SOURCES.exists():
            return {}
        sources = SOURCES
    out: dict[str, tuple[str, int, bool]] = {}
    for table, name_col, date_col in TABLES:
        path = sources / _BUILDER / table
        if not path.exists():
            continue
        for row in read_csv(path):
            year = launch_year(row.get(date_col) or "")
            if year:
                name = row[name_col]
                out.setdefault(name_key(name), (name, year, "coprocessor" in name.lower()))
    return out


def undated_but_dated(hardware: Iterable[Mapping[str, Any]], dated: Dated) -> list[Problem]:
    """(CPU id, reason) for an undated CPU a maker row dates, and for a part the maker calls
    a Coprocessor that is not marked a coprocessor card."""
    out: list[Problem] = []
    for h in hardware:
        if h.get("category") != "cpu":
            continue
        hid = str(h["id"])
        row = dated.get(hid)
        if row is None:
            continue
        name, year, card = row
        if h.get("release_year") is None:
            out.append(
                (
                    hid,
                    f"{UNDATED_RULE}: filed undated, but the maker's row '{name}' dates it "
                    f"{year} once its product words are dropped; match it "
                    "(importers/cpu_catalog.cpu_id, importers/_cpu_coprocessor.PRODUCT_WORDS)",
                )
            )
        form = str((h.get("specs") or {}).get("form_factor") or "")
        if card and "coprocessor" not in form.lower():
            out.append(
                (
                    hid,
                    f"{UNDATED_RULE}: the maker's row '{name}' names it a Coprocessor (a PCIe "
                    "card), but specs.form_factor does not say so: its embodied value would be "
                    "a host CPU's, unsaid (importers/_cpu_coprocessor.is_card)",
                )
            )
    return out


def _readings(f: Mapping[str, Any]) -> list[float]:
    """Every TDP reading a factor carries: its value, bounds and eco2ai's second reading."""
    vals = [f.get("value"), f.get("low"), f.get("high")]
    vals.append((f.get("inputs") or {}).get("eco2ai_tdp_w"))
    return [float(v) for v in vals if isinstance(v, (int, float))]


def step_flags(factors: Iterable[Mapping[str, Any]]) -> list[GridFlag]:
    """Review flags (module doc): a lone TDP equal to a faster sibling's top figure while
    another list gives a faster sibling a lower one."""
    tdps: dict[str, Mapping[str, Any]] = {}
    for f in factors:
        if (
            f.get("kind") == "power"
            and f.get("basis") == "tdp"
            and f.get("source") == "codecarbon-cpu-power"
            and not f.get("excluded")
        ):
            tdps.setdefault(str(f["subject"]), f)
    series: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for sid in tdps:
        m = _NUMBER.match(sid)
        if m:  # one generation and one suffix (an F, U or HS part is another bin)
            key = (m.group(1), m.group(2), m.group(4))
            series.setdefault(key, []).append((int(m.group(2) + m.group(3)), sid))
    out: list[GridFlag] = []
    for members in series.values():
        for num, sid in members:
            f = tdps[sid]
            value = float(f["value"])
            if len(set(_readings(f))) > 1 or CORRECTED in str(f.get("method") or ""):
                continue
            faster = [tdps[s] for n, s in members if n > num]
            same = [g for g in faster if abs(float(g["value"]) - value) < 1e-6]
            # a second reading (eco2ai, a bound) gives a faster sibling at this very figure
            # less: the figure is doubted where it is most plausible, so doubly here
            lower = [
                (str(g["subject"]), min(_readings(g))) for g in same if min(_readings(g)) < value
            ]
            if same and lower:
                who = ", ".join(f"{s} {w:g} W" for s, w in sorted(lower))
                out.append(
                    GridFlag(
                        STEP_RULE,
                        str(f["id"]),
                        f"{sid}: {value:g} W, the figure of its faster sibling(s) "
                        f"{', '.join(sorted(str(g['subject']) for g in same))}, while a list on "
                        f"file gives a faster sibling less ({who}): check the maker's figure "
                        "for this part (a cited one goes in factors/corrections.yaml)",
                        problem=False,
                    )
                )
    return out
