"""Screen ``consumer-sibling-tdp`` (audit 1796660847 class ES, #35 GeForce RTX 4070).

Epoch's row for the RTX 4070 carries the card's clocks, cores and FP32 throughput but the
RTX 4070 Ti's board power (285 W against NVIDIA's 200 W), so the card drew 9.78 W per FP32
TFLOP/s against 6.57 (RTX 4080) and 5.45 (RTX 4090) of the same generation. Within one
vendor's consumer series (GeForce RTX 40, RTX 30, GTX 10, Radeon RX 7, ...: one
architecture each) released within ``WINDOW_YEARS`` of each other, a card whose W per FP32
TFLOP/s exceeds ``RATIO`` x the highest of its siblings most likely carries another SKU's
power. The importer refuses to write such a row unless a hand-written (cited) power figure
for the card is on file, whose value the screen then checks instead of the row's.
Cards with no series number in their name (GTX TITAN, ...) are not screened.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

#: A card more than this many times its siblings' highest W per FP32 TFLOP/s is flagged.
RATIO = 1.3
#: Siblings are released within this many years of the card.
WINDOW_YEARS = 1
#: Consumer series by name: the series is the model number less its last two (GeForce) or
#: three (Radeon RX) digits, so "RTX 4070" is series RTX 40 and "RX 7900 XTX" series RX 7.
SERIES = (
    re.compile(r"GeForce (RTX|GTX) (\d+?)\d{2}\b"),
    re.compile(r"Radeon (RX) (\d+?)\d{3}\b"),
)


@dataclass(frozen=True)
class Card:
    id: str
    vendor: str
    name: str
    year: int
    fp32_tflops: float
    tdp_w: float


def series(name: str) -> str | None:
    """The consumer series of a card's name (``GeForce RTX 40``), or None if not consumer."""
    for pattern in SERIES:
        if m := pattern.search(name):
            return f"{m.group(1)} {m.group(2)}"
    return None


def flags(cards: list[Card]) -> list[str]:
    """Cards whose W per FP32 TFLOP/s exceeds ``RATIO`` x their siblings' highest."""
    out: list[str] = []
    for c in cards:
        key = series(c.name)
        sibs = [
            s
            for s in cards
            if s.id != c.id
            and s.vendor == c.vendor
            and key is not None
            and series(s.name) == key
            and abs(s.year - c.year) <= WINDOW_YEARS
        ]
        if not sibs or c.fp32_tflops <= 0:
            continue
        mine = c.tdp_w / c.fp32_tflops
        top = max(s.tdp_w / s.fp32_tflops for s in sibs if s.fp32_tflops > 0)
        if mine > RATIO * top:
            out.append(
                f"{c.id}: {c.tdp_w:g} W on {c.fp32_tflops:g} FP32 TFLOP/s = {mine:.2f} W per "
                f"TFLOP/s, above {RATIO:g} x the highest of its {key} siblings ({top:.2f}): "
                "the row likely carries another SKU's power; file a cited datasheet figure"
            )
    return out


def epoch_cards(csv_path: Path, ids: dict[str, str], own_tdp: dict[str, float]) -> list[Card]:
    """The consumer cards of Epoch's table with FP32 and TDP; ``ids`` maps Epoch names to
    catalog ids, ``own_tdp`` a hand-written figure that replaces the row's TDP."""
    out: list[Card] = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row.get("Hardware name") or ""
            hid = ids.get(name)
            fp32 = row.get("FP32 (single precision) performance (FLOP/s)") or ""
            tdp = row.get("TDP (W)") or ""
            date = row.get("Release date") or ""
            if hid is None or series(name) is None or not fp32 or not tdp or len(date) < 4:
                continue
            out.append(
                Card(
                    hid,
                    row.get("Manufacturer") or "",
                    name,
                    int(date[:4]),
                    float(fp32) / 1e12,
                    own_tdp.get(hid, float(tdp)),
                )
            )
    return out
