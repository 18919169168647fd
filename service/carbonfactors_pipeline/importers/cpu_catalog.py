"""Importer ``cpus``: server and client CPU models with TDP, cores, dates and embodied carbon.

Sources, all matched on one key (the normalized model name, see ``cpu_id``):

* ``codecarbon/hardware/cpu_power.csv``: the catalog itself (4,903 names, TDP in W, scraped
  by CodeCarbon from Intel ARK and AMD product pages). Spellings that normalize to the same
  model are merged; when they disagree on TDP the factor keeps both as ``low``/``high``.
* ``codecarbon/hardware/cpu_dataset_builder/*.csv``: cores, threads, base clock and launch
  date (Intel ARK quarters, AMD dates) for the names found there.
* ``boaviztapi/crowdsourcing/cpu_specs.csv`` (TechPowerUp-based): die area, process node,
  code name, and dates missing above; its TDP is filed as a second ``boavizta-api`` factor.
  Die area x Boavizta's CPU factor (``factors.yml`` ``cpu.gwp``: per-mm2 die impact + base)
  gives the manufacturing embodied carbon.

TDP rules (``_cpu_power_class``, issue 20): an Intel 12th Gen+ reading that is its series'
Maximum Turbo Power takes the series' base power (the turbo reading its high bound), and
AMD's cTDP range bounds a part whose value lies inside it. Where a maker's table on file
lists the part and CodeCarbon's reading is none of its figures (CodeCarbon's list truncates
fractional TDPs, 7.5 -> 7), the table's figure is the value (``_cpu_vendor_tdp``, class TT).

Each CPU's market segment (server, desktop, mobile, embedded) is read in its name
(``_cpu_segment.segment``) and written as ``specs.segment``: the CPU's embodied default is
its segment's (rule C4, ``category-defaults`` importer).

Year convention: factors are filed under the release year; a CPU whose release year no
source gives has no ``release_year`` (unknown), and its factors are filed under 2026, the
year of the CodeCarbon snapshot, with ``period: undated`` and a ``method`` that says so.

Output: ``factors/hardware/cpus/<vendor>-<family>.yaml``.

Re-run (from the repository root): ``carbonfactors import cpus --sources ../shared/sources``;
on unchanged upstream data it reproduces the committed files byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from carbonfactors.kinds import factor_id

from .. import corrections
from . import Importer, register
from . import _cpu_coprocessor as coprocessor
from . import _cpu_eco2ai as eco2ai
from . import _cpu_tdp_family as tdp_family
from . import _cpu_vendor_tdp as vendor_tdp
from ._common import header, number, read_csv, rounded, undated, write_folder
from ._cpu_dates import (
    agreement,
    eco2ai_year,
    family_spans,
    read_dates,
    relayed_note,
    series,
    sibling_year,
)
from ._cpu_dates import launch_year as _year
from ._cpu_die_area import credible_die_area, die_area
from ._cpu_dies import Dies, borrowed_note, larger_config, own_note, sized_on
from ._cpu_named_dies import named_die, sized_on_named
from ._cpu_power_class import adjust, read_ctdp
from ._cpu_segment import strip_suffix
from ._cpu_stated_segment import filed_segment
from ._cpu_twins import fallback_tdp, merge_twins, read_eco2ai_tdp, table_keys

NAME = "cpus"
OUT = Path("hardware/cpus")

CC_POWER = "codecarbon/hardware/cpu_power.csv"
CC_INTEL = "codecarbon/hardware/cpu_dataset_builder/intel_cpu_ark_dataset.csv"
CC_AMD_SERVER = "codecarbon/hardware/cpu_dataset_builder/amd_cpu_server_dataset.csv"
CC_AMD_DESKTOP = "codecarbon/hardware/cpu_dataset_builder/amd_cpu_desktop_dataset.csv"
BZ_CPUS = "boaviztapi/crowdsourcing/cpu_specs.csv"
BZ_FACTORS = "boaviztapi/factors.yml"

SNAPSHOT_YEAR = 2026

_MARKS = re.compile(r"\((?:r|tm|c)\)|®|™", re.IGNORECASE)
_WORDS = re.compile(r"[^a-z0-9]+")

#: (vendor, first tokens) -> (file stem, family label); first match wins.
FAMILIES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("intel", ("xeon", "platinum"), "xeon-scalable", "Xeon Platinum"),
    ("intel", ("xeon", "gold"), "xeon-scalable", "Xeon Gold"),
    ("intel", ("xeon", "silver"), "xeon-scalable", "Xeon Silver"),
    ("intel", ("xeon", "bronze"), "xeon-scalable", "Xeon Bronze"),
    ("intel", ("xeon", "e3"), "xeon-e3", "Xeon E3"),
    ("intel", ("xeon", "e5"), "xeon-e5", "Xeon E5"),
    ("intel", ("xeon", "e7"), "xeon-e7", "Xeon E7"),
    ("intel", ("xeon", "w"), "xeon-w", "Xeon W"),
    ("intel", ("xeon", "d"), "xeon-d", "Xeon D"),
    ("intel", ("xeon",), "xeon", "Xeon"),
    ("intel", ("core", "i3"), "core-i3", "Core i3"),
    ("intel", ("core", "i5"), "core-i5", "Core i5"),
    ("intel", ("core", "i7"), "core-i7", "Core i7"),
    ("intel", ("core", "i9"), "core-i9", "Core i9"),
    ("intel", ("core",), "core", "Core"),
    ("intel", ("celeron",), "celeron", "Celeron"),
    ("intel", ("mobile", "celeron"), "celeron", "Celeron"),
    ("intel", ("pentium",), "pentium", "Pentium"),
    ("intel", ("mobile", "pentium"), "pentium", "Pentium"),
    ("intel", ("atom",), "atom", "Atom"),
    ("amd", ("epyc",), "epyc", "EPYC"),
    ("amd", ("ryzen", "threadripper"), "ryzen", "Ryzen Threadripper"),
    ("amd", ("ryzen",), "ryzen", "Ryzen"),
    ("amd", ("opteron",), "opteron", "Opteron"),
    ("amd", ("athlon",), "athlon", "Athlon"),
    ("amd", ("phenom",), "phenom", "Phenom"),
    ("amd", ("fx",), "fx", "FX"),
)


def _tokens(name: str) -> list[str]:
    text = _MARKS.sub(" ", name.lower())
    # ARK's product words: "Processor", and "Coprocessor" of the Xeon Phi cards (class CP)
    return [t for t in _WORDS.split(text) if t and t not in coprocessor.PRODUCT_WORDS]


def display_name(raw: str) -> tuple[str, str]:
    """(vendor id, display name): CodeCarbon omits "AMD" on some older AMD parts."""
    clean = " ".join(_MARKS.sub(" ", raw).split())
    if clean.lower().startswith("intel"):
        return "intel", clean
    return "amd", clean if clean.lower().startswith("amd") else f"AMD {clean}"


def cpu_id(name: str) -> str:
    """Catalog id of a CPU name: vendor marks, the words "Processor" / "Coprocessor" and ARK's "X-series"
    suffix dropped, slugged.

    Why the suffix: CodeCarbon lists each Core X-series part twice ("Intel Core i9-10900X"
    and ARK's "Intel Core i9-10900X X-series"); as two ids the suffixed one fell to the
    desktop default while its twin was a server die (audit 1796606525 class HX). One part,
    one id: the suffixed spelling is an alias of the plain one, so it still resolves.
    """
    return "-".join(strip_suffix(_tokens(name)))


def _suffixed(name: str) -> bool:
    """True when ``name`` carries a suffix that ``cpu_id`` drops."""
    toks = _tokens(name)
    return strip_suffix(toks) != toks


def _family(vendor: str, cid: str) -> tuple[str, str | None]:
    toks = cid.split("-")[1:]
    for v, lead, stem, label in FAMILIES:
        if v == vendor and tuple(toks[: len(lead)]) == lead:
            return f"{vendor}-{stem}", label
    return f"{vendor}-other", None


def _ghz(text: str) -> float | int | None:
    m = re.search(r"([\d.]+)\s*GHz", text)
    return rounded(float(m.group(1)), 3) if m else None


def _int(text: str) -> int | None:
    v = number(text)
    return int(v) if v is not None and v >= 1 else None


Record = dict[str, Any]


def _builder(sources: Path) -> dict[str, Record]:
    """cores/threads/base clock/release year by CPU id from CodeCarbon's builder tables."""
    out: dict[str, Record] = {}
    for row in read_csv(sources / CC_INTEL):
        out.setdefault(
            cpu_id(row["cpu_name"]),
            {
                "cores": _int(row["total_cores"]),
                "base_clock_ghz": _ghz(row["processor_base_frequency"]),
                "year": _year(row["launch_date"]),
                "tdp": number(row["tdp"]),
                "coprocessor": coprocessor.ark_says_coprocessor(row["cpu_name"]),
            },
        )
    # AMD ids as the catalog spells them (``display_name`` adds the "AMD" 192 desktop-table
    # names lack: "7th Gen A6-9225 APU"; audit 1796613359 class SG / O2)
    variants: dict[str, Record] = {}
    for rel in (CC_AMD_SERVER, CC_AMD_DESKTOP):
        for row in read_csv(sources / rel):
            cid, *alt = table_keys(cpu_id(display_name(row["Name"])[1]))
            rec = out.setdefault(
                cid,
                {
                    "cores": _int(row["# of CPU Cores"]),
                    "threads": _int(row["# of Threads"]),
                    "base_clock_ghz": _ghz(row["Base Clock"]),
                    "year": _year(row["Launch Date"]),
                    "form_factor": (row.get("Form Factor") or "").strip() or None,
                },
            )
            for a in alt:  # class VT: "E2-3800 with Radeon HD 8280" is the catalog's E2-3800
                variants.setdefault(a, rec)
    for a, rec in variants.items():
        out.setdefault(a, rec)  # an exact name wins over a variant
    return out


def _boavizta(sources: Path) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for row in read_csv(sources / BZ_CPUS):
        maker = row["manufacturer"]
        name = (
            row["name"]
            if row["name"].lower().startswith(maker.lower())
            else f"{maker} {row['name']}"
        )
        out.setdefault(cpu_id(name), row)
    return out


def _merge_specs(specs: Record, extra: Record) -> None:
    for k, v in extra.items():
        if v is not None and k not in specs:
            specs[k] = v


def build(sources: Path, corrected: frozenset[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """All output files (relative path -> content); ``corrected``: factor ids that
    ``factors/corrections.yaml`` fixes with cited evidence (never marked unconfirmed)."""
    builder = _builder(sources)
    bz = _boavizta(sources)
    with (sources / BZ_FACTORS).open(encoding="utf-8") as fh:
        cpu_gwp = yaml.safe_load(fh)["cpu"]["gwp"]
    die_factor, base = float(cpu_gwp["die_impact"]), float(cpu_gwp["impact"])

    models: dict[str, Record] = {}
    tdps: dict[str, list[tuple[str, float]]] = {}
    unread: dict[str, str] = {}
    for row in read_csv(sources / CC_POWER):
        vendor, disp = display_name(row["Name"])
        cid = cpu_id(disp)
        tdp = number(row["TDP"])
        if cid not in models:
            models[cid] = {"id": cid, "name": disp, "vendor": vendor, "aliases": []}
        elif disp != models[cid]["name"] and disp not in models[cid]["aliases"]:
            m = models[cid]
            if _suffixed(m["name"]) and not _suffixed(disp):  # the plain name is the name
                m["name"], disp = disp, m["name"]
            m["aliases"].append(disp)
        if tdp is not None and tdp > 0:
            tdps.setdefault(cid, []).append((row["Name"], tdp))
        elif row["TDP"].strip():  # class P0: a cell that is no usable number
            unread.setdefault(cid, row["TDP"])
    # classes FW and SP: a part listed twice is one id, its other names aliases
    bare_names, spelled = merge_twins(
        models,
        tdps,
        unread,
        bz,
        lambda c, form=None: filed_segment("amd", c, form),
        lambda c: builder.get(c, {}),
    )

    vendor_years = {c: y for c, r in builder.items() if (y := r.get("year"))}
    ark_cards = {c for c, r in builder.items() if r.get("coprocessor")}
    siblings = {c: sibling_year(c, vendor_years) for c in models if c not in vendor_years}
    launched = {
        cid: y
        for cid in models
        if (
            y := builder.get(cid, {}).get("year")
            or siblings.get(cid, (None, ""))[0]
            or (cid in bz and _year(bz[cid]["release_date"]))
        )
    }
    spans = family_spans(launched)
    # class TT: the maker's table figure where CodeCarbon's list truncated it
    makers = vendor_tdp.read(sources, cpu_id, lambda raw: table_keys(cpu_id(display_name(raw)[1])))
    n_cut = vendor_tdp.count_truncated(tdps, makers)
    picked = {
        c: p for c, v in tdps.items() if (p := vendor_tdp.from_vendor(v, makers.get(c), n_cut))
    }
    # class TV: a TDP far outside its family's maker-described range is unconfirmed
    backed = set(builder)
    filed = {c: picked[c][0] if c in picked else v[0][1] for c, v in tdps.items()}
    ranges = tdp_family.family_ranges(filed, backed)
    ctdps = read_ctdp(
        sources, (CC_AMD_SERVER, CC_AMD_DESKTOP), lambda raw: cpu_id(display_name(raw)[1])
    )
    for k in list(ctdps):  # class VT: the table's "… with Radeon …" names
        for a in table_keys(k)[1:]:
            ctdps.setdefault(a, ctdps[k])
    eco_rows = eco2ai.read_rows(sources, lambda raw: cpu_id(display_name(raw)[1]))
    eco_tdp = read_eco2ai_tdp(eco_rows)
    eco = read_dates(eco_rows)
    # class TD / O4: eco2ai's rows under AMD's undecorated spellings ("AMD FX-8800P")
    eco_all = eco2ai.read_readings(eco_rows)
    eco_plain = eco2ai.read_dates(eco_rows)
    agree = agreement(eco, launched)
    # class BD: areas borrowed from other parts (a part's cores: the catalog's, as shipped)
    dies = Dies(bz, die_area, {c: builder.get(c, {}).get("cores") for c in models})
    files: dict[str, dict[str, list[Record]]] = {}
    for cid in sorted(models):
        m = models[cid]
        vendor = m["vendor"]
        stem, family = _family(vendor, cid)
        specs: Record = {}
        b = builder.get(cid, {})
        z = bz.get(cid)
        year = b.get("year")
        date_note = ""
        if not year:  # audit 1796642882 O3: the maker's dates of same-number siblings
            year, date_note = siblings.get(cid, (None, ""))
        _merge_specs(specs, {k: b.get(k) for k in ("cores", "threads", "base_clock_ghz")})
        kind = dies.borrowed(cid, z, b.get("cores")) if z is not None else None
        swap = dies.replacement(cid, z, b.get("cores")) if z is not None and kind else None
        keep = dies.kept(cid, z, b.get("cores")) if z is not None else None
        if z is not None:
            if not year and (year := _year(z["release_date"])):
                date_note = relayed_note(z)
            own = credible_die_area(z, vendor, m["name"], specs.get("cores") or _int(z["cores"]))
            _merge_specs(
                specs,
                {
                    "cores": _int(z["cores"]),
                    "threads": _int(z["threads"]),
                    "base_clock_ghz": _ghz(z["frequency"]),
                    "die_area_mm2": (swap.mm2 if swap else None) if kind else own,
                    "process_nm": number(z["process_size"]),
                    "microarchitecture": z["code_name"] or None,
                },
            )
        if not year:  # audit 1796574057 O3: eco2ai's date where it fits the family
            plain = eco_plain.get(eco2ai.undecorated(cid))
            date = eco.get(cid) or (plain[0] if plain else None)
            year, date_note = eco2ai_year(date, series(cid), spans, agree)
            if date and date != eco.get(cid) and plain:  # class TD / O4: say which row
                said = f"{date}, row '{plain[1]}', the name without AMD's decorations"
                date_note = date_note.replace(date, said, 1)
        if family:
            specs["family"] = family
        # the segment AMD's table states, else the name's; a Xeon E3 / E-2000 is a desktop
        # die, a mobile workstation Xeon a mobile one (audit 1796611373 / 1796613359 classes
        # XE, SG; screens cpu-segment-die-consistent, cpu-segment-from-table)
        if b.get("form_factor"):
            specs["form_factor"] = b["form_factor"]
        seg = filed_segment(vendor, cid, b.get("form_factor"))
        card = coprocessor.is_card(cid, ark_cards)  # class CP: a PCIe coprocessor card
        if card:
            specs["form_factor"] = coprocessor.FORM
        if seg:
            specs["segment"] = seg
        rec: Record = {
            "id": cid,
            "name": m["name"],
            "category": "cpu",
            "vendor": "Intel" if vendor == "intel" else "AMD",
        }
        if m["aliases"]:
            rec["aliases"] = m["aliases"]
        if year:
            rec["release_year"] = year
        rec["specs"] = {
            k: (rounded(v, 3) if isinstance(v, float) else v) for k, v in sorted(specs.items())
        }
        # Die area and node feed the Boavizta embodied model: cite where they come from.
        cited = {k: "boavizta-api" for k in ("die_area_mm2", "process_nm") if k in rec["specs"]}
        if "form_factor" in rec["specs"]:  # it decides the segment: AMD's table via CodeCarbon
            cited["form_factor"] = coprocessor.SOURCE if card else "codecarbon-cpu-power"
        if swap is not None and "die_area_mm2" in cited:
            cited["die_area_mm2"] = swap.sources[0]
        if cited:
            rec["specs"]["sources"] = cited
        out = files.setdefault(f"{stem}.yaml", {"hardware": [], "factors": []})
        out["hardware"].append(rec)

        fyear = year or SNAPSHOT_YEAR
        why_year = (
            date_note
            if year
            else f" Release year not in the sources (unknown): filed under {SNAPSHOT_YEAR}, the source snapshot year, with period 'undated'."
            + date_note
        )
        if cid in tdps:
            values = [v for _, v in tdps[cid]]
            pick = picked.get(cid)  # class TT: the maker's figure, CodeCarbon's in inputs
            f: Record = {
                "id": factor_id("power", cid, fyear, "codecarbon-cpu-power", "tdp"),
                "kind": "power",
                "subject": cid,
                "year": fyear,
                "value": rounded(pick[0] if pick else values[0], 3),
                "unit": "W",
            }
            method = "CodeCarbon cpu_power.csv TDP (from Intel ARK / AMD product pages)."
            if pick is not None:
                method, f["inputs"] = pick[2], pick[3]
                if len(set(pick[1])) > 1:
                    f["low"], f["high"] = rounded(min(pick[1]), 3), rounded(max(pick[1]), 3)
            elif len(set(values)) > 1:
                f["low"], f["high"] = rounded(min(values), 3), rounded(max(values), 3)
                spell = "; ".join(f"'{n}' {rounded(v, 3)} W" for n, v in tdps[cid])
                method += f" CodeCarbon lists several spellings with different TDPs ({spell}); value is the first."
            merged = [a for a in m["aliases"] if _suffixed(a)]
            if merged:
                method += (
                    f" Also listed as {', '.join(repr(a) for a in merged)} (Intel ARK's name): "
                    "the same part, filed under this one id (audit 1796606525 HX)."
                )
            if cid in bare_names:
                method += (
                    f" Also listed as {', '.join(repr(a) for a in bare_names[cid])} (CodeCarbon, "
                    "without the family word, same TDP): the same part, filed under this one "
                    "id (class FW, screen cpu-family-word-twin)."
                )
            if cid in spelled:
                method += (
                    f" Also listed as {', '.join(repr(a) for a in spelled[cid])} (CodeCarbon, "
                    "with AMD's decorations or core-count word, same TDP and segment): the same "
                    "part, filed under this one id (class SP, screen cpu-spelling-twin)."
                )
            method += adjust(f, cid, ctdps.get(cid))
            method += vendor_tdp.vendor_span(f, makers.get(cid))
            # class TD: eco2ai's reading of the part, also under its undecorated spelling
            method += eco2ai.second_reading(
                f, eco2ai.readings_for(eco_all, cid, [cpu_id(a) for a in m["aliases"]])
            )
            if f["id"] not in corrected:  # a cited correction confirms its value
                method += tdp_family.outside(cid, f, ranges, backed, family)
            if card:
                method += coprocessor.card_note(cid, ark_cards)
            f.update(
                {
                    "basis": "tdp",
                    **undated(year),
                    "source": "codecarbon-cpu-power",
                    "method": method + why_year,
                }
            )
            out["factors"].append(f)
        # class P0: CodeCarbon's cell unreadable, the part's own row elsewhere on file
        elif fb := fallback_tdp(
            unread.get(cid, ""),
            b.get("tdp"),
            eco_tdp.get(cid) or eco_tdp.get(eco2ai.undecorated(cid)),
        ):
            w, src, note = fb
            out["factors"].append(
                {
                    "id": factor_id("power", cid, fyear, src, "tdp"),
                    "kind": "power",
                    "subject": cid,
                    "year": fyear,
                    "value": rounded(w, 3),
                    "unit": "W",
                    "basis": "tdp",
                    **undated(year),
                    "source": src,
                    "method": note + why_year,
                }
            )
        if z is not None:
            bz_tdp = number(z["tdp"])
            if bz_tdp is not None and bz_tdp > 0:
                out["factors"].append(
                    {
                        "id": factor_id("power", cid, fyear, "boavizta-api", "tdp"),
                        "kind": "power",
                        "subject": cid,
                        "year": fyear,
                        "value": rounded(bz_tdp, 3),
                        "unit": "W",
                        "basis": "tdp",
                        **undated(year),
                        "source": "boavizta-api",
                        "method": f"Boavizta cpu_specs.csv row '{z['name']}' (TechPowerUp: {z['source']})."
                        + why_year,
                    }
                )
            area, fixed = die_area(z)
            kept = credible_die_area(z, vendor, m["name"], rec["specs"].get("cores"))
            area = area if kept is not None else None
            if area is not None and area > 0:
                out["factors"].append(
                    {
                        "id": factor_id("embodied", cid, fyear, "boavizta-api", "manufacturing"),
                        "kind": "embodied",
                        "subject": cid,
                        "year": fyear,
                        "value": rounded(area * die_factor + base, 3),
                        "unit": "kgCO2e",
                        "basis": "manufacturing",
                        **undated(year),
                        "rung": "component-model",
                        "source": "boavizta-api",
                        "method": (
                            "Boavizta CPU model: die_area_mm2 x die_impact + base impact "
                            "(factors.yml cpu.gwp); die area = cpu_specs.csv total_die_size "
                            f"({z['total_die_size_source'] or 'as listed'})."
                            + (fixed or "")
                            + (borrowed_note(kind, swap) if kind else "")
                            + larger_config(cid)
                            + (own_note(keep) if keep else "")
                            + why_year
                        ),
                        "inputs": {
                            "die_area_mm2": rounded(area, 3),
                            "die_impact_kgco2e_per_mm2": die_factor,
                            "base_impact_kgco2e": base,
                        },
                    }
                )
            if swap is not None:
                out["factors"].append(
                    sized_on(swap, cid, fyear, year, seg, (die_factor, base), why_year, kind)
                )
        if (z is None or swap is None) and (named := named_die(cid)):  # audit 1796642882 O5
            out["factors"].append(sized_on_named(named, cid, fyear, year, why_year))
    return {k: {kk: vv for kk, vv in v.items() if vv} for k, v in files.items()}


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    head = header(NAME, [CC_POWER, CC_INTEL, CC_AMD_SERVER, CC_AMD_DESKTOP, BZ_CPUS, BZ_FACTORS])
    corrected = frozenset(corrections.read(factors_root)[0])
    return write_folder(factors_root / OUT, build(upstream, corrected), head)


register(
    Importer(
        name=NAME,
        description="CPUs: CodeCarbon TDP catalog + cores/dates, Boavizta die area, TDP and embodied",
        upstream=".",
        convert=convert,
    )
)
