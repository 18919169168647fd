"""Embodied carbon of accelerators, one method hierarchy (``factors/README.md``, "Embodied rungs").

Every embodied factor the ``accelerators`` importer writes names its ``rung``:

* ``product-lca``: a life-cycle assessment of the product itself: the ADEME/Hubblo per-card
  LCAs (``hubblo-gpu-lca``) and NVIDIA's product carbon footprints of the HGX baseboards,
  shared per GPU (``NVIDIA_PCF``);
* ``component-model``: Boavizta's bottom-up GPU model (die, VRAM, board, heatsink, casing),
  AGPL code: kept and queryable with its licence (in no bundle), never an input of another
  value or of a bound (issue 19);
* ``lower-bound``: ACT's compute-die-only figure; kept and queryable, never a default.

Why the bounds look the way they do (issue 9 item 7, issue 19): no source publishes a range,
so the ``low``/``high`` of every credible (non lower-bound) factor come from the disagreement
of independent cited methods for the same part (rule S1), or, for a part with one, from the
typical disagreement seen on the parts that have several (rule S2): ``_accelerator_spreads``.
Parts with no credible
value get the per-category default (``category:<category>``, rung ``category-default``): the
median of the credible per-model defaults, bounded by every credible value of those models (C1). The
category defaults use only sources that are not share-alike, so they stay valid in the
share-alike-free wheel bundle (issue 10).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from carbonfactors.kinds import factor_id

from ._common import number, read_csv, rounded

Record = dict[str, Any]
#: Source of the sized (component-model) values, rule D1 (``_accelerator_sized``).
DERIVED_SIZED = "carbonfactors-accelerator-model"

HUBBLO_CSV = "hubblo-gpu-lca/gpus_impact_factors.csv"

#: Hubblo ``graphics_card`` -> catalog id (cards with no catalog entry are skipped).
HUBBLO: dict[str, str] = {
    "NVIDIA H100 PCIe 80GB": "nvidia-h100-pcie-80gb",
    "NVIDIA GH200": "nvidia-gh200",
    "NVIDIA A100 PCIe 40GB": "nvidia-a100-pcie-40gb",
    "NVIDIA A100 SXM4 40GB": "nvidia-a100-sxm4-40gb",
    "NVIDIA L4": "nvidia-l4",
    "NVIDIA Tesla P100 PCIe 16GB": "nvidia-tesla-p100-pcie-16gb",
    "NVIDIA GeForce GTX 1080 Ti": "nvidia-geforce-gtx-1080-ti",
    "NVIDIA TITAN RTX": "nvidia-titan-rtx",
    "NVIDIA RTX A4500": "nvidia-rtx-a4500",
}
#: Component rows that make up Hubblo's manufacturing (raw materials to factory gate, with
#: upstream transport of parts; no distribution, use or end of life).
HUBBLO_PARTS = (
    "casing",
    "heatsink",
    "printed_wiring_board",
    "graphics_processing_unit",
    "video_ram",
    "upstream_transport",
)
#: Scope caveats that travel with a Hubblo figure.
HUBBLO_SCOPE = {
    "nvidia-gh200": " The GH200 module includes the Grace CPU and its memory, not only the GPU.",
}

#: Sources whose licence is share-alike (CC BY-SA, ODbL): kept out of the category defaults
#: so those stay valid in a bundle that drops them.
SHARE_ALIKE = frozenset({"hubblo-gpu-lca"})
#: Sources that are AGPL code (Boavizta API's GPU model): usable to find primary figures,
#: never pooled into a shipped default (issue 19 item 4). Their per-model values stay
#: queryable with their licence.
AGPL = frozenset({"boavizta-api"})

#: Rung of each source's embodied figures.
RUNG = {
    "hubblo-gpu-lca": "product-lca",
    "nvidia-hgx-h100-pcf": "product-lca",
    "nvidia-hgx-b200-pcf": "product-lca",
    "boavizta-api": "component-model",
    "act-logic-gupta-2022": "lower-bound",
}
CREDIBLE = ("product-lca", "published-estimate", "component-model")
#: Accelerator categories that get a category default.
CATEGORIES = ("gpu", "tpu", "accelerator")
DERIVED_SOURCE = "carbonfactors-derived"


@dataclass(frozen=True)
class BoardFootprint:
    """A manufacturer's product carbon footprint of a multi-GPU baseboard."""

    gpu: str
    board: str
    kgco2e: float
    gpus: int
    source: str
    quote: str
    #: Per-GPU HBM capacity and the board's memory kgCO2e (its PCF component split).
    memory_gb: float
    memory_kg: float
    memory_quote: str


#: NVIDIA HGX product carbon footprints (cradle-to-gate, ISO 14067, critical review by WSP).
#: Totals read in transcriptions of NVIDIA's PCF summary PDFs
#: (shared/sources/literature/HARDWARE-EMBODIED.md 2.1, 2.3, tag S); they reproduce the
#: intensities NVIDIA publishes itself (0.66 -> 0.50 gCO2e per FP16 exaFLOP with a 2.3x
#: throughput ratio, developer.nvidia.com/blog/?p=106112, read in the pages corpus; check 2.7).
NVIDIA_PCF: tuple[BoardFootprint, ...] = (
    BoardFootprint(
        "nvidia-h100-sxm5-80gb",
        "HGX H100",
        1312.0,
        8,
        "nvidia-hgx-h100-pcf",
        "the carbon footprint from cradle-to-gate for one HGX H100 GPU baseboard is 1,312 kg CO2",
        80.0,
        546.0,
        "component split: memory 546 kg (HARDWARE-EMBODIED.md 2.1)",
    ),
    BoardFootprint(
        "nvidia-b200",
        "HGX B200",
        2274.0,
        8,
        "nvidia-hgx-b200-pcf",
        "the carbon footprint from cradle-to-gate for one HGX B200 GPU baseboard is 2,274 kg CO2e",
        180.0,
        2274.0 * 0.49,
        "HBM 49 % of the board (HARDWARE-EMBODIED.md 2.3)",
    ),
)


def _factor(
    subject: str, year: int, value: float, source: str, method: str, **extra: Any
) -> Record:
    return {
        "id": factor_id("embodied", subject, year, source, "manufacturing"),
        "kind": "embodied",
        "subject": subject,
        "year": year,
        "value": rounded(value, 2),
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "rung": RUNG.get(source, "category-default"),
        "source": source,
        "method": method,
        **extra,
    }


#: Rows of the Hubblo table that are not a card.
HUBBLO_NOT_CARDS = frozenset({"Average"})
#: Year of the ADEME/Hubblo study (Lees-Perasso et al., ADEME 2026): the year of a card's
#: LCA when its release year is on file nowhere.
HUBBLO_YEAR = 2026


def hubblo(path: Path, years: dict[str, int | None]) -> list[Record]:
    """ADEME/Hubblo per-card LCAs: manufacturing = sum of the component rows' GWP."""
    hardware_ids = set(years)
    cards = {row["graphics_card"] for row in read_csv(path)} - set(HUBBLO) - HUBBLO_NOT_CARDS
    if cards:
        # A product LCA on file left unused narrows k and misses a die's own ratio (audit
        # 1796563618 class L: TITAN RTX and RTX A4500 were skipped): map every card.
        raise ValueError(f"{path.name}: cards with no catalog mapping: {', '.join(sorted(cards))}")
    parts: dict[str, dict[str, float]] = defaultdict(dict)
    for row in read_csv(path):
        if row["component"] in HUBBLO_PARTS:
            gwp = number(row["manufacturing_GWP"])
            if gwp is not None:
                parts[row["graphics_card"]][row["component"]] = gwp
    out = []
    for card, hid in HUBBLO.items():
        got = parts.get(card)
        year = years.get(hid)
        undated = ""
        if got and year is None and hid in hardware_ids:
            # No release year on file (TITAN RTX, RTX A4500: no Epoch row): filed under the
            # study's year, said in the method, rather than leaving the LCA out (class L).
            year, undated = (
                HUBBLO_YEAR,
                (
                    f" Release year not in the sources: filed under the study's year "
                    f"({HUBBLO_YEAR}), period 'undated'."
                ),
            )
        if not got or year is None:
            continue
        inputs = {f"{p}_kgco2e": got[p] for p in HUBBLO_PARTS if p in got}
        method = (
            f"ADEME/Hubblo GPU life-cycle assessment, card '{card}' (gpus_impact_factors.csv): "
            "sum of the manufacturing GWP of its component rows (GPU die, video RAM, printed "
            "wiring board, heatsink, casing, upstream transport). One card/module only: no "
            "host server, no NVSwitch baseboard; excludes distribution, use and end of life. "
            "Data CC BY-SA 4.0 (Lees-Perasso et al., ADEME 2026)."
            + HUBBLO_SCOPE.get(hid, "")
            + undated
        )
        out.append(_factor(hid, year, sum(got.values()), "hubblo-gpu-lca", method, inputs=inputs))
    return out


def nvidia_pcf(years: dict[str, int | None]) -> list[Record]:
    """Per-GPU shares of NVIDIA's HGX baseboard product carbon footprints."""
    out = []
    for b in NVIDIA_PCF:
        year = years.get(b.gpu)
        if year is None:
            continue
        method = (
            f'NVIDIA {b.board} product carbon footprint summary: "{b.quote}" (cradle-to-gate, '
            f"ISO 14067), divided by its {b.gpus} GPUs. The share includes each GPU's part of "
            "the NVSwitch chips, baseboard PCB and thermal solution, not the host server. "
            "The board total is read in transcriptions of the PDF (secondary); it agrees with "
            "NVIDIA's own blog intensities (0.66 -> 0.50 gCO2e per FP16 exaFLOP for HGX H100 "
            "-> HGX B200 at 2.3x throughput: 0.66 x (2274/1312) / 2.3 = 0.50)."
        )
        inputs = {"board_kgco2e": b.kgco2e, "gpus_per_board": b.gpus}
        out.append(_factor(b.gpu, year, b.kgco2e / b.gpus, b.source, method, inputs=inputs))
    return out


#: Key order of a written embodied factor (one spelling, one order, for readable diffs).
ORDER = (
    "id",
    "kind",
    "subject",
    "year",
    "value",
    "unit",
    "low",
    "high",
    "basis",
    "rung",
    "source",
    "method",
    "inputs",
    "derived_from",
)


def reorder(f: Record) -> None:
    """Keys in ``ORDER`` (one spelling, one order, for readable diffs)."""
    items = sorted(f.items(), key=lambda kv: ORDER.index(kv[0]))
    f.clear()
    f.update(items)


def _best(fs: list[Record]) -> Record:
    return min(fs, key=lambda f: (CREDIBLE.index(f["rung"]), -f["year"], f["id"]))


T = TypeVar("T")


def category_pool(
    cat: str, by_model: dict[str, T], categories: dict[str, str], what: str
) -> tuple[dict[str, T], str]:
    """The models a category default of ``cat`` pools, and the words saying so (rules C1, P1).

    A category with fewer than three models that have ``what`` borrows every accelerator's.
    """
    pool = {s: v for s, v in by_model.items() if categories.get(s) == cat}
    if len(pool) >= 3:
        return pool, f"the {len(pool)} {cat} models with {what}"
    pool = {s: v for s, v in by_model.items() if categories.get(s) in CATEGORIES}
    return pool, (
        f"fewer than 3 {cat} models have {what}, so the pool is the {len(pool)} "
        f"accelerators (gpu, tpu, accelerator) that have one"
    )


def _open_inputs(
    sized_open: tuple[Record, ...] | list[Record],
) -> dict[str, tuple[list[str], list[str]]]:
    """Each open-sized value's inputs, followed through other open-sized values (a
    same-die part borrows a sibling's), down to published factors and sources."""
    by_id = {f["id"]: f for f in sized_open}
    out: dict[str, tuple[list[str], list[str]]] = {}

    def walk(fid: str, seen: set[str]) -> tuple[set[str], set[str]]:
        got = by_id[fid].get("derived_from") or {}
        facs: set[str] = set()
        srcs = set(got.get("sources") or [])
        for x in got.get("factors") or []:
            if x in by_id and x not in seen:
                more = walk(x, seen | {x})
                facs |= more[0]
                srcs |= more[1]
            elif x not in by_id:
                facs.add(x)
        return facs, srcs

    for fid in by_id:
        facs, srcs = walk(fid, {fid})
        out[fid] = (sorted(facs), sorted(srcs))
    return out


def category_defaults(
    factors: list[Record],
    categories: dict[str, str],
    s2_ratio: float = 1.0,
    open_sources: frozenset[str] | None = None,
    s2_sources: tuple[str, ...] | list[str] = (),
    sized_open: tuple[Record, ...] | list[Record] = (),
) -> list[Record]:
    """``category:<c>`` embodied defaults from the credible per-model defaults (rule C1).

    ``sized_open`` are the component-model values of the parts with no credible value of
    their own, computed from open inputs only (k calibrated on the open product LCAs): they
    join the pool so a default sits where its category's own catalogue sits (audit
    1796574057 class C1: two HBM baseboard shares alone gave a 24 GB GDDR card 224 kg,
    2.75x the median of the sized catalogue). They are recorded by their own open inputs,
    never by id: the shipped sized values of the same ids rest on share-alike LCAs too.

    Share-alike and AGPL sources are left out of the pool. With fewer than 3 models left,
    min..max of a pool that small says nothing about spread, so the bounds are widened by
    the S2 ratio (``s2_ratio``, learnt from the open methods whose sources are
    ``s2_sources``: recorded as inputs), as for a part with one credible value.
    """
    by_part: dict[str, list[Record]] = defaultdict(list)
    for f in factors:
        # Only values the open bundle carries (licensing.open_sources), so one default
        # serves both bundles; without the list, the share-alike and AGPL ones are left out.
        allowed = (
            f["source"] in open_sources
            if open_sources is not None
            else f["source"] not in SHARE_ALIKE | AGPL
        )
        if f["rung"] in CREDIBLE and allowed:
            by_part[f["subject"]].append(f)
    floors = {
        f["subject"]: f
        for f in sorted(factors, key=lambda r: (-r["value"], r["id"]))
        if f["rung"] == "lower-bound" and f["source"] not in SHARE_ALIKE | AGPL
    }
    defaults = {s: _best(fs) for s, fs in by_part.items()}
    via = _open_inputs(sized_open)
    for f in sized_open:
        if f["rung"] == "component-model" and f["subject"] not in defaults:
            defaults[f["subject"]] = f
            by_part[f["subject"]] = [f]
    out = []
    for cat in CATEGORIES:
        pool, scope = category_pool(cat, defaults, categories, "a credible value")
        if not pool:
            continue
        values = [f["value"] for f in pool.values()]
        spread = [f["value"] for s in pool for f in by_part[s]]
        widen = s2_ratio if len(values) < 3 else 1.0
        bounds = (
            f"low/high = min / {widen:g} and max x {widen:g} (rule S2's ratio: fewer than 3 "
            f"models in the pool)"
            if widen != 1.0
            else "low/high = min and max of every credible value of those models, so the "
            "bounds show how far sources for one part disagree too"
        )
        # The year of the newest published input: derived and sized values (release years)
        # do not move it, so the id stays put when a model joins the pool.
        year = max(
            (
                f["year"]
                for s in pool
                for f in by_part[s]
                if f["source"] not in (DERIVED_SOURCE, DERIVED_SIZED)
            ),
            default=max(f["year"] for f in pool.values()),
        )
        floor_pool, _ = category_pool(cat, floors, categories, "a lower bound")
        floor = min(floor_pool.values(), key=lambda f: (f["value"], f["id"]), default=None)
        low = min(spread) / widen
        lowered = floor if floor is not None and floor["value"] < low else None
        if lowered is not None:
            low = lowered["value"]
            bounds += (
                f"; low is lowered to the smallest compute-die-only lower bound of any "
                f"{cat if categories.get(lowered['subject']) == cat else 'accelerator'} on "
                f"file ({lowered['subject']} {lowered['value']:g}, {lowered['source']}): a part that "
                f"falls here has no die area, so it may be as small as the smallest card "
                f"(ADEME/Hubblo's L4 is 57 kg) and is at least its die"
            )
        listed = "; ".join(f"{s} {f['value']:g} ({f['source']})" for s, f in sorted(pool.items()))
        used = sorted(f["id"] for s in pool for f in by_part[s])
        direct = [i for i in used if i not in via]
        through = sorted({x for i in used if i in via for x in via[i][0]})
        through_src = sorted({x for i in used if i in via for x in via[i][1]})
        if through:
            listed += (
                f". The {sum(1 for i in used if i in via)} {DERIVED_SIZED} values are the "
                f"component model recomputed with k calibrated on the open product LCAs only "
                f"({', '.join(through)}), so no share-alike input enters"
            )
        others = "; ".join(
            f"{f['subject']} {f['value']:g} ({f['source']})"
            for s in sorted(pool)
            for f in by_part[s]
            if f is not pool[s]
        )
        method = (
            f"Category default (rule C1, factors/README.md), used only for a model of category "
            f"{cat} with no credible embodied value of its own: median of the per-model default "
            f"embodied values ({scope}); {bounds}. Share-alike sources excluded so the "
            f"default survives in the share-alike-free bundle, and AGPL ones (Boavizta API) "
            f"because AGPL code is never the source of a shipped value. Defaults: {listed}. "
            f"Other credible values: {others or 'none'}. inputs: "
            + ", ".join(direct)
            + (
                f"; the open-sized values in inputs.sized_open, on {', '.join(through)}"
                if through
                else ""
            )
        )
        out.append(
            {
                "id": factor_id(
                    "embodied", f"category:{cat}", year, DERIVED_SOURCE, "manufacturing"
                ),
                "kind": "embodied",
                "subject": f"category:{cat}",
                "year": year,
                "value": rounded(statistics.median(values), 2),
                "unit": "kgCO2e",
                "low": rounded(low, 2),
                "high": rounded(max(spread) * widen, 2),
                "basis": "manufacturing",
                "rung": "category-default",
                "source": DERIVED_SOURCE,
                "method": method,
                "inputs": {
                    "models": len(values),
                    "values": len(spread),
                    "factors": direct,
                }
                # Open-sized values by part, not by id: the shipped ids of the same parts
                # rest on share-alike LCAs (their inputs are in derived_from instead).
                | (
                    {
                        "sized_open": {
                            f["subject"]: f["value"] for f in sized_open if f["id"] in used
                        }
                    }
                    if through
                    else {}
                )
                | ({"s2_ratio": widen} if widen != 1.0 else {})
                | ({"low_from": lowered["id"]} if lowered else {}),
                "derived_from": {
                    "factors": sorted(
                        set(direct + through) | ({lowered["id"]} if lowered else set())
                    ),
                    "sources": sorted(
                        set(through_src) | (set(s2_sources) if widen != 1.0 else set())
                    ),
                },
            }
        )
    return out
